import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchangeServer, type ExchangeServer } from './exchange-support.ts';

let ex: ExchangeServer;
beforeAll(async () => {
  ex = await startExchangeServer();
});
afterAll(() => ex?.server.stop());

async function post(path: string, body: unknown) {
  const res = await fetch(`${ex.server.url}/sandbox/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe('sandbox control plane: bad input is a 4xx naming the field', () => {
  it.each([
    ['/faults', '{"fault":', /body is not valid JSON/],
    ['/faults', { fault: 'meteor' }, /fault: must be one of rate_limit, out_of_sync/],
    ['/faults', { fault: 'timeout', times: 0 }, /times: must be at least 1/],
    ['/faults', { fault: 'timeout', probability: 2 }, /probability: must be at most 1/],
    ['/faults', { fault: 'latency', match: { method: 'PUT' } }, /match.method: /],
    ['/faults', { fault: 'latency', extra: true }, /extra/],
    ['/prices', { symbol: 'BTCUSDT', price: '-1' }, /price: must be a positive decimal number/],
    ['/clock/advance', { seconds: 'soon' }, /seconds: must be a number/],
    ['/clock/advance', { seconds: -5 }, /seconds: must be greater than 0/],
    ['/accounts/kyc', { email: 'nobody', status: 'verified' }, /email: must be an email address/],
    [
      '/accounts/kyc',
      { email: 'a@example.com', status: 'great' },
      /status: must be one of none, pending, verified, rejected, expired/,
    ],
    [
      '/accounts/funds',
      { email: 'a@example.com', wallet: 'SAVINGS', amount: 1 },
      /wallet: must be SPOT or FUTURES/,
    ],
  ])('POST %s %j', async (path, body, text) => {
    const res = await post(path, body);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ code: 400, reason: 'INVALID_REQUEST' });
    expect(res.body.errors[0].text).toMatch(text);
  });

  it('unknown account, symbol or fault → 404', async () => {
    const kyc = await post('/accounts/kyc', { email: 'ghost@example.com', status: 'verified' });
    expect([kyc.status, kyc.body.errors[0].reason]).toEqual([404, 'ACCOUNT_NOT_FOUND']);
    const funds = await post('/accounts/funds', { email: 'ghost@example.com', wallet: 'SPOT', amount: '1' });
    expect([funds.status, funds.body.errors[0].reason]).toEqual([404, 'ACCOUNT_NOT_FOUND']);
    const price = await post('/prices', { symbol: 'NOPEUSDT', price: '1' });
    expect([price.status, price.body.errors[0].reason]).toEqual([404, 'ASSET_NOT_FOUND']);
    const fault = await fetch(`${ex.server.url}/sandbox/v1/faults/flt_missing`, { method: 'DELETE' });
    expect([fault.status, (await fault.json()).errors[0].reason]).toEqual([404, 'FAULT_NOT_FOUND']);
    const route = await fetch(`${ex.server.url}/sandbox/v1/weather`);
    expect(route.status).toBe(404);
  });
});
