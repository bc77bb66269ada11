// A bot's own test-suite, running against the in-process exchange: no server, no network.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createExchangeMock } from '@mockex/exchange/msw';

const BASE = 'https://trade.mudrex.com/fapi/v1';
const SECRET = 'mx_test_secret_for_my_bot';
const { handlers, sandbox } = createExchangeMock({
  baseUrl: BASE,
  keys: [{ secret: SECRET }],
  seed: 'my-bot',
});
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => sandbox.reset());
afterAll(() => server.close());

// The bot under test: reads its futures balance; retries once on 429/500/out-of-sync, stops on maintenance.
async function futuresBalance(): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(`${BASE}/futures/funds`, {
        headers: { 'X-Authentication': SECRET },
        signal: AbortSignal.timeout(1000),
      });
    } catch {
      throw new Error('exchange unreachable');
    }
    const body = await res.json();
    if (body.success) return body.data.balance;
    if (res.status === 503) throw new Error('exchange in maintenance');
    const retryable =
      res.status === 429 || res.status >= 500 || body.errors[0].text === 'position not in sync with exchange';
    if (!retryable || attempt === 1) throw new Error(`gave up: ${res.status} ${body.errors[0].text}`);
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 0) * 1000));
  }
}

it('waits out a rate limit (429 + Retry-After) and retries', async () => {
  await sandbox.armFault({ fault: 'rate_limit', times: 1 });
  expect(await futuresBalance()).toBe('0');
});

it('re-reads after "position not in sync with exchange"', async () => {
  await sandbox.armFault({ fault: 'out_of_sync', match: { path: '/fapi/v1/futures/funds' }, times: 1 });
  await sandbox.credit(SECRET, 'FUTURES', '100');
  expect(await futuresBalance()).toBe('100');
});

it('retries once on a 5xx, and gives up when it persists', async () => {
  await sandbox.armFault({ fault: 'server_error', times: 1 });
  expect(await futuresBalance()).toBe('0');
  await sandbox.armFault({ fault: 'server_error' });
  await expect(futuresBalance()).rejects.toThrow('gave up: 500 Internal server error');
});

it('stops during maintenance (503)', async () => {
  await sandbox.armFault({ fault: 'maintenance', times: 1 });
  await expect(futuresBalance()).rejects.toThrow('exchange in maintenance');
});

it('gives up when the exchange stops answering', async () => {
  await sandbox.armFault({ fault: 'timeout', latencyMs: 50 });
  await expect(futuresBalance()).rejects.toThrow('exchange unreachable');
});
