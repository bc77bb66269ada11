import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { venueProfile } from '@mockex/domain';
import { SECRETS, startGateway, type GatewayHarness } from './support/gateway-server.ts';

let gw: GatewayHarness;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());
beforeEach(async () => {
  await gw.limiter.reset();
  gw.keys.reset();
});

const reasonOf = (res: { body: any }) => res.body.errors?.[0]?.reason; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('gateway over HTTP: authentication and authorisation', () => {
  it('no X-Authentication → 401 AUTH_MISSING "Invalid Authentication"', async () => {
    const res = await gw.call('/fapi/v1/futures/funds', { secret: null });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      success: false,
      errors: [{ code: 401, text: 'Invalid Authentication', reason: 'AUTH_MISSING' }],
    });
  });

  it('an unknown secret → 401 AUTH_INVALID "Invalid Authentication"', async () => {
    const res = await gw.call('/fapi/v1/futures/funds', { secret: 'mx_not_a_key' });
    expect(res.status).toBe(401);
    expect(res.body.errors[0]).toEqual({ code: 401, text: 'Invalid Authentication', reason: 'AUTH_INVALID' });
  });

  it('a revoked key → 401 KEY_REVOKED, checked before permissions', async () => {
    gw.keys.revoke(SECRETS.reader);
    const res = await gw.call('/fapi/v1/futures/BTCUSDT/order', {
      secret: SECRETS.reader,
      method: 'POST',
      body: '{}',
    });
    expect(res.status).toBe(401);
    expect(reasonOf(res)).toBe('KEY_REVOKED');
    expect(res.body.errors[0].text).toMatch(/revoked/);
  });

  it('an expired key (on the sandbox clock) → 401 KEY_EXPIRED saying when', async () => {
    await gw.state.advanceClock(91 * 86_400);
    try {
      const res = await gw.call('/fapi/v1/futures/funds', { secret: SECRETS.reader });
      expect(res.status).toBe(401);
      expect(reasonOf(res)).toBe('KEY_EXPIRED');
      expect(res.body.errors[0].text).toMatch(/expired on \d{4}-\d\d-\d\dT/);
    } finally {
      await gw.state.reset();
    }
  });

  it('a caller outside the whitelist → 403 IP_NOT_ALLOWED; X-Forwarded-For is ignored without a trusted proxy', async () => {
    const res = await gw.call('/fapi/v1/futures/funds', {
      secret: SECRETS.whitelisted,
      headers: { 'X-Forwarded-For': '203.0.113.5' },
    });
    expect(res.status).toBe(403);
    expect(reasonOf(res)).toBe('IP_NOT_ALLOWED');
    expect(res.body.errors[0].text).toContain('127.0.0.1');
  });

  it('a READ_ONLY key cannot trade → 403 PERMISSION_DENIED', async () => {
    const res = await gw.call('/fapi/v1/futures/BTCUSDT/order', {
      secret: SECRETS.reader,
      method: 'POST',
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(res.body.errors[0]).toMatchObject({ code: 403, reason: 'PERMISSION_DENIED' });
    expect(res.body.errors[0].text).toContain('TRADE');
  });

  it("the owner's KYC is checked after permissions → 403 KYC_REQUIRED", async () => {
    const res = await gw.call('/fapi/v1/futures/funds', { secret: SECRETS.unverified });
    expect(res.status).toBe(403);
    expect(res.body.errors[0]).toMatchObject({ code: 403, reason: 'KYC_REQUIRED' });
    expect(res.body.errors[0].text).toContain('expired');
  });

  it('refused requests never use up the rate limit (auth, permission and KYC come first)', async () => {
    for (let i = 0; i < 4; i++) {
      expect(
        reasonOf(
          await gw.call('/fapi/v1/futures/BTCUSDT/order', {
            secret: SECRETS.reader,
            method: 'POST',
            body: '{}',
          }),
        ),
      ).toBe('PERMISSION_DENIED');
    }
    expect((await gw.call('/fapi/v1/futures/funds', { secret: SECRETS.reader })).status).toBe(200);
  });

  it('invalid input counts toward the rate limit (validation comes after it)', async () => {
    const bad = () => gw.call('/fapi/v1/futures/BTCUSDT/order', { method: 'POST', body: '{' });
    expect(reasonOf(await bad())).toBe('INVALID_REQUEST');
    expect(reasonOf(await bad())).toBe('INVALID_REQUEST');
    expect(reasonOf(await bad())).toBe('RATE_LIMITED');
  });
});

describe('gateway over HTTP: the per-key rate limit', () => {
  it('lets exactly 2 of 12 concurrent requests through, and answers the rest 429 with the exact text and Retry-After', async () => {
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 12 }, () => gw.call('/fapi/v1/futures/funds')));
    const elapsedMs = performance.now() - started;
    const ok = results.filter((r) => r.status === 200);
    const limited = results.filter((r) => r.status === 429);
    // The burst of 2, plus one per 500 ms the burst itself took (none on a quiet machine).
    expect(ok.length).toBeGreaterThanOrEqual(2);
    expect(ok.length).toBeLessThanOrEqual(2 + Math.floor(elapsedMs / 500));
    expect(limited).toHaveLength(12 - ok.length);
    for (const r of limited) {
      const seconds = Number(r.headers.get('retry-after'));
      expect(Number.isInteger(seconds) && seconds >= 1).toBe(true);
      expect(r.body).toEqual({
        success: false,
        errors: [
          { code: 429, text: `Too many requests. Try again in ${seconds} seconds.`, reason: 'RATE_LIMITED' },
        ],
      });
    }
  });

  it('is per key: another key is not affected', async () => {
    await Promise.all([
      gw.call('/fapi/v1/futures/funds'),
      gw.call('/fapi/v1/futures/funds'),
      gw.call('/fapi/v1/futures/funds'),
    ]);
    expect((await gw.call('/fapi/v1/futures/funds', { secret: SECRETS.reader })).status).toBe(200);
  });

  it('refills: after Retry-After the key may call again', async () => {
    await gw.call('/fapi/v1/futures/funds');
    await gw.call('/fapi/v1/futures/funds');
    const limited = await gw.call('/fapi/v1/futures/funds');
    expect(limited.status).toBe(429);
    await new Promise((r) => setTimeout(r, Number(limited.headers.get('retry-after')) * 1000));
    expect((await gw.call('/fapi/v1/futures/funds')).status).toBe(200);
  });

  it('does not serve the routes the venue profile omits', async () => {
    const trimmed = await startGateway({
      profile: { ...venueProfile('mudrex'), omitRoutes: ['GET /futures/orders'] },
    });
    try {
      expect((await trimmed.call('/fapi/v1/futures/orders')).status).toBe(404);
      expect((await trimmed.call('/fapi/v1/futures/funds')).status).toBe(200);
    } finally {
      await trimmed.close();
    }
  });

  it("uses a route group's own limit when the venue profile defines one", async () => {
    const base = venueProfile('mudrex');
    const grouped = await startGateway({
      profile: {
        ...base,
        rateLimit: { ...base.rateLimit, groups: { orders: [{ requests: 5, perSeconds: 1 }] } },
      },
    });
    try {
      const place = () =>
        grouped.call('/fapi/v1/futures/BTCUSDT/order', {
          method: 'POST',
          body: JSON.stringify({ quantity: '0.001', order_type: 'LONG' }),
        });
      const statuses = (await Promise.all(Array.from({ length: 8 }, place))).map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 202)).toHaveLength(5);
      // The default group is a separate bucket: reads still pass.
      expect((await grouped.call('/fapi/v1/futures/funds')).status).toBe(200);
    } finally {
      await grouped.close();
    }
  });
});
