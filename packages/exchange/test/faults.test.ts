import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seededRandom, parseFaultHeader } from '../src/sandbox/faults.ts';
import { SECRETS, startGateway, type GatewayHarness } from './support/gateway-server.ts';

let gw: GatewayHarness;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());
beforeEach(async () => {
  await gw.state.reset();
  await gw.limiter.reset();
});

const funds = (init: Parameters<GatewayHarness['call']>[1] = {}) => gw.call('/fapi/v1/futures/funds', init);

describe('faults over HTTP: each gives exactly the venue answer', () => {
  it('rate_limit: 429, the exact text and Retry-After', async () => {
    await gw.state.armFault({ fault: 'rate_limit', times: 1 });
    const res = await funds();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.body).toEqual({
      success: false,
      errors: [{ code: 429, text: 'Too many requests. Try again in 1 seconds.', reason: 'RATE_LIMITED' }],
    });
    expect((await funds()).status).toBe(200); // times: 1 used up
    expect(await gw.state.listFaults()).toEqual([]);
  });

  it('out_of_sync: 400 with the venue text', async () => {
    await gw.state.armFault({
      fault: 'out_of_sync',
      match: { method: 'POST', path: '/fapi/v1/futures/positions/*/close' },
    });
    const res = await gw.call('/fapi/v1/futures/positions/pos_1/close', {
      method: 'POST',
      headers: { 'X-Mockex-Fault': 'out_of_sync' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toEqual({
      code: null,
      text: 'position not in sync with exchange',
      reason: 'POSITION_OUT_OF_SYNC',
    });
  });

  it('server_error: 500; maintenance: 503 in the envelope with Retry-After', async () => {
    const err = await funds({ headers: { 'X-Mockex-Fault': 'server_error' } });
    expect(err.status).toBe(500);
    expect(err.body.errors[0]).toMatchObject({ code: 500, reason: 'SERVER_ERROR' });
    const maint = await funds({ headers: { 'X-Mockex-Fault': 'maintenance' } });
    expect(maint.status).toBe(503);
    expect(maint.headers.get('retry-after')).toBe('30');
    expect(maint.body).toEqual({
      success: false,
      errors: [
        { code: 503, text: 'The exchange is under maintenance. Try again later.', reason: 'MAINTENANCE' },
      ],
    });
  });

  it('timeout: holds the request, then drops the connection without any response', async () => {
    const started = Date.now();
    await expect(
      fetch(`${gw.url}/fapi/v1/futures/funds`, {
        headers: { 'X-Authentication': SECRETS.trader, 'X-Mockex-Fault': 'timeout=300' },
      }),
    ).rejects.toThrow(/fetch failed/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('latency: delays, then answers normally', async () => {
    const started = Date.now();
    const res = await funds({ headers: { 'X-Mockex-Fault': 'latency=250' } });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('an unknown X-Mockex-Fault is a 400 naming the header', async () => {
    const res = await funds({ headers: { 'X-Mockex-Fault': 'explode' } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].text).toMatch(/X-Mockex-Fault: must be one of/);
    expect(() => parseFaultHeader('server_error=5')).toThrow();
  });
});

describe('faults: matching, counting and probability', () => {
  it('matches method, path with * and key prefix; others pass', async () => {
    await gw.state.armFault({
      fault: 'server_error',
      match: { method: 'GET', path: '/fapi/v1/futures/*', keyPrefix: SECRETS.reader.slice(0, 9) },
    });
    expect((await funds({ secret: SECRETS.reader })).status).toBe(500);
    expect((await funds({ secret: SECRETS.trader })).status).toBe(200);
    expect(
      (
        await gw.call('/fapi/v1/futures/BTCUSDT/order', {
          method: 'POST',
          secret: SECRETS.reader,
          body: '{}',
        })
      ).status,
    ).toBe(403);
  });

  it('times counts exactly under concurrency', async () => {
    await gw.state.armFault({ fault: 'maintenance', times: 3 });
    const statuses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        funds({ secret: i % 2 ? SECRETS.trader : SECRETS.reader }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 503)).toHaveLength(3);
  });

  it('probability is reproducible with a seed', () => {
    const draw = (seed: string) => Array.from({ length: 20 }, seededRandom(seed));
    expect(draw('42')).toEqual(draw('42'));
    expect(draw('42')).not.toEqual(draw('43'));
  });

  it('a probabilistic fault fires on the same requests run after run with the same seed', async () => {
    const run = async () => {
      const seeded = await startGateway({ random: seededRandom('mockex') });
      try {
        await seeded.state.armFault({ fault: 'server_error', probability: 0.5 });
        const out: number[] = [];
        for (let i = 0; i < 12; i++) {
          await seeded.limiter.reset();
          out.push((await seeded.call('/fapi/v1/futures/funds')).status);
        }
        return out;
      } finally {
        await seeded.close();
      }
    };
    const first = await run();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });
});
