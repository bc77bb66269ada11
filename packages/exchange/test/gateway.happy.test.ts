import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SECRETS, startGateway, type GatewayHarness } from './support/gateway-server.ts';

let gw: GatewayHarness;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());
// These tests are about answers, not the 2/s limit.
beforeEach(() => gw.limiter.reset());

describe('gateway over HTTP: happy paths', () => {
  it('answers a read in the success envelope', async () => {
    const res = await gw.call('/fapi/v1/futures/funds', { secret: SECRETS.reader });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.body).toEqual({
      success: true,
      data: { balance: '100', account: expect.stringMatching(/^usr_/) },
    });
  });

  it('prefers a literal segment over a parameter, whatever the table order', async () => {
    const res = await gw.call('/fapi/v1/futures/orders', { secret: SECRETS.reader });
    expect(res.body).toEqual({ success: true, data: [] });
    await gw.limiter.reset();
    const asset = await gw.call('/fapi/v1/futures/BTCUSDT', { secret: SECRETS.reader });
    expect(asset.body).toEqual({ success: true, data: { symbol: 'BTCUSDT' } });
  });

  it('answers 202 where the route says so, accepting numbers as JSON numbers or numeric strings', async () => {
    for (const quantity of ['0.002', 0.003]) {
      await gw.limiter.reset();
      const res = await gw.call('/fapi/v1/futures/BTCUSDT/order', {
        method: 'POST',
        body: JSON.stringify({ quantity, order_type: 'LONG' }),
      });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ success: true, data: { status: 'CREATED' } });
    }
  });

  it('lets a TRADE key read (TRADE implies READ_ONLY)', async () => {
    const res = await gw.call('/fapi/v1/futures/funds', { secret: SECRETS.trader });
    expect(res.status).toBe(200);
  });

  it('accepts the whitelisted address when X-Forwarded-For is trusted (one proxy hop)', async () => {
    const behindProxy = await startGateway({ trustProxy: 1 });
    try {
      const res = await behindProxy.call('/fapi/v1/futures/funds', {
        secret: SECRETS.whitelisted,
        headers: { 'X-Forwarded-For': '198.51.100.7, 203.0.113.9' },
      });
      expect(res.status).toBe(200);
    } finally {
      await behindProxy.close();
    }
  });
});
