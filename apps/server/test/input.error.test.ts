/**
 * Client input PostgreSQL would refuse never reaches it: a NUL byte in an id, a fault id or a key prefix
 * is a 400 naming the field, on the real server and database (either back-end refuses NUL in text).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fullAllowance,
  RELAXED_VENUE,
  startExchangeServer,
  type ExchangeServer,
  type KeyedTrader,
} from './exchange-support.ts';

let ex: ExchangeServer;
let trader: KeyedTrader;
beforeAll(async () => {
  // The relaxed profile allows 10 requests a second, so one key can walk the 10 routes here at once.
  ex = await startExchangeServer({ MOCKEX_VENUE: RELAXED_VENUE });
  trader = await ex.trader();
});
afterAll(() => ex?.server.stop());

const NUL_ID = encodeURIComponent('ord\u0000x');

describe('a NUL byte in an id is a 400 naming the field, never a 500', () => {
  it.each([
    ['GET', `/futures/orders/${NUL_ID}`, undefined],
    ['PATCH', `/futures/orders/${NUL_ID}`, { order_price: '60000' }],
    ['DELETE', `/futures/orders/${NUL_ID}`, undefined],
    ['POST', `/futures/positions/${NUL_ID}/close`, undefined],
    ['POST', `/futures/positions/${NUL_ID}/close/partial`, { quantity: '0.001' }],
    ['POST', `/futures/positions/${NUL_ID}/reverse`, undefined],
    ['POST', `/futures/positions/${NUL_ID}/add-margin`, { margin: '10' }],
    ['POST', `/futures/positions/${NUL_ID}/riskorder`, { stoploss_price: '1' }],
    ['PATCH', `/futures/positions/${NUL_ID}/riskorder`, { stoploss_price: '1' }],
    ['GET', `/futures/positions/${NUL_ID}/liq-price`, undefined],
  ])('%s %s', async (method, path, body) => {
    const res = await ex.call(path, { method, secret: trader.secret, ...(body ? { body } : {}) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ reason: 'INVALID_REQUEST' });
    expect(res.body.errors[0].text).toContain('id: must not contain a NUL byte');
  });

  it('in a body field (a transfer amount) too', async () => {
    await fullAllowance();
    const res = await ex.call('/wallet/futures/transfer', {
      method: 'POST',
      secret: trader.secret,
      body: { from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES', amount: '1\u0000' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].text).toContain('amount: must not contain a NUL byte');
  });
});

describe('the sandbox refuses NUL bytes the same way', () => {
  const sandbox = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${ex.server.url}/sandbox/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json' },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    }).then(async (res) => ({ status: res.status, text: (await res.json()).errors?.[0]?.text as string }));

  it.each([
    ['GET', '/faults/flt%00x'],
    ['DELETE', '/faults/flt%00x'],
  ])('%s %s: 400 naming id', async (method, path) => {
    const res = await sandbox(path, { method });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id: must not contain a NUL byte');
  });

  it.each([
    [{ keyPrefix: 'mx_\u0000' }, 'match.keyPrefix'],
    [{ path: '/fapi/v1/\u0000*' }, 'match.path'],
  ])('arming a fault with %o: 400 naming %s, nothing armed', async (match, field) => {
    const res = await sandbox('/faults', { method: 'POST', body: { fault: 'maintenance', match } });
    expect(res.status).toBe(400);
    expect(res.text).toContain(`${field}: must not contain a NUL byte`);
    expect((await (await fetch(`${ex.server.url}/sandbox/v1/faults`)).json()).data.faults).toEqual([]);
  });
});
