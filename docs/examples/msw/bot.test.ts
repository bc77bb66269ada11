/**
 * A bot's own test-suite against the in-process exchange: no server, no network, no database. MSW
 * intercepts `fetch` and answers from the same engine and the same error paths as the real server.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createExchangeMock } from '@mockex/exchange/msw';
import { exchangeCaller, ExchangeError } from '../exchange-fetch.ts';
import { closePosition } from '../out-of-sync.ts';

const BASE_URL = 'https://exchange.example';
const SECRET = 'mx_test_bot_secret_for_unit_tests';

const { handlers, sandbox } = createExchangeMock({
  baseUrl: BASE_URL,
  keys: [{ secret: SECRET, permissions: ['TRADE'] }],
  seed: 7,
});
const server = setupServer(...handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => sandbox.reset());
afterAll(() => server.close());

const call = exchangeCaller(BASE_URL, SECRET);

async function openBtcLong() {
  await sandbox.credit(SECRET, 'FUTURES', '1000');
  await sandbox.setPrice('BTCUSDT', '60000');
  const btc = await call<{ id: string }>('GET', '/futures/BTCUSDT?is_symbol');
  await call('POST', `/futures/${btc.id}/order`, {
    leverage: '5',
    quantity: '0.001',
    order_price: '60000',
    order_type: 'LONG',
    trigger_type: 'MARKET',
    is_stoploss: false,
    is_takeprofit: false,
    reduce_only: false,
  });
  const [position] =
    (await call<{ id: string; quantity: string }[] | null>('GET', '/futures/positions')) ?? [];
  return position!;
}

describe('my bot against the in-process exchange', () => {
  it('opens a position at the price the test set', async () => {
    const position = await openBtcLong();
    expect(position.quantity).toBe('0.001');
  });

  it('waits out a rate limit and carries on', async () => {
    await sandbox.armFault({ fault: 'rate_limit', match: { path: '/fapi/v1/futures/funds' }, times: 1 });
    const started = Date.now();
    const funds = await call<{ balance: string }>('GET', '/futures/funds');
    expect(funds.balance).toBeTypeOf('string');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900); // it honoured Retry-After
  });

  it('treats an out-of-sync close of a position that is gone as done', async () => {
    const position = await openBtcLong();
    await call('POST', `/futures/positions/${position.id}/close`); // closed "elsewhere"
    await expect(closePosition(call, position.id)).resolves.toBe('already-closed');
  });

  it('recovers when the exchange reports the position out of sync', async () => {
    const position = await openBtcLong();
    await sandbox.armFault({
      fault: 'out_of_sync',
      match: { path: '/fapi/v1/futures/positions/*/close' },
      times: 1,
    });
    await expect(closePosition(call, position.id)).resolves.toBe('closed');
    expect(await call('GET', '/futures/positions')).toBeNull();
  });

  it('surfaces a 5xx as an error with its reason', async () => {
    await sandbox.armFault({ fault: 'server_error', times: 1 });
    await expect(call('GET', '/futures/funds')).rejects.toMatchObject({
      status: 500,
      reason: 'SERVER_ERROR',
    });
  });

  it('sees a maintenance window', async () => {
    await sandbox.armFault({ fault: 'maintenance', times: 1 });
    const error = await call('GET', '/futures/funds').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExchangeError);
    expect((error as ExchangeError).status).toBe(503);
  });

  it('gives up on a request that never answers', async () => {
    await sandbox.armFault({ fault: 'timeout', times: 1 });
    const request = fetch(`${BASE_URL}/fapi/v1/futures/funds`, {
      headers: { 'X-Authentication': SECRET },
      signal: AbortSignal.timeout(200),
    });
    await expect(request).rejects.toThrow();
  });
});
