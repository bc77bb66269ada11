import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullAllowance, startExchangeServer, type ExchangeServer } from './exchange-support.ts';

let ex: ExchangeServer;
beforeAll(async () => {
  ex = await startExchangeServer();
});
afterAll(() => ex?.server.stop());

const reason = (res: { body: any }) => res.body.errors?.[0]?.reason; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('exchange security on the running server', () => {
  it('checks in order: key (revoked before permission), IP, permission, then the rate limit', async () => {
    const reader = await ex.trader({ permissions: ['READ_ONLY'] });
    // Refused requests never use up the allowance: 5 denied trades, then reads still pass.
    for (let i = 0; i < 5; i++) {
      expect(
        reason(
          await ex.call('/wallet/futures/transfer', { secret: reader.secret, method: 'POST', body: {} }),
        ),
      ).toBe('PERMISSION_DENIED');
    }
    expect((await ex.call('/futures/funds', { secret: reader.secret })).status).toBe(200);
    await reader.api.keys.revoke.mutate({ id: reader.keyId, otp: reader.nextCode() });
    expect(
      reason(await ex.call('/wallet/futures/transfer', { secret: reader.secret, method: 'POST', body: {} })),
    ).toBe('KEY_REVOKED');
  });

  it('ignores X-Forwarded-For without a trusted proxy (a client cannot claim a whitelisted address)', async () => {
    const office = await ex.trader({ ipWhitelist: ['203.0.113.0/24'] });
    const res = await ex.call('/futures/funds', {
      secret: office.secret,
      headers: { 'X-Forwarded-For': '203.0.113.10' },
    });
    expect(reason(res)).toBe('IP_NOT_ALLOWED');
    expect(res.body.errors[0].text).toContain('127.0.0.1');
  });

  it('a rotated secret stops working on the very next request', async () => {
    const t = await ex.trader();
    await fullAllowance();
    expect((await ex.call('/futures/funds', { secret: t.secret })).status).toBe(200);
    const { secret } = await t.api.keys.rotate.mutate({ id: t.keyId, otp: t.nextCode() });
    expect(reason(await ex.call('/futures/funds', { secret: t.secret }))).toBe('AUTH_INVALID');
    expect((await ex.call('/futures/funds', { secret })).status).toBe(200);
  });

  it('the rate limit is per key across every client using it (two "systems", one allowance)', async () => {
    const t = await ex.trader();
    await fullAllowance();
    const a = () =>
      fetch(`${ex.server.url}/fapi/v1/futures/funds`, {
        headers: { 'X-Authentication': t.secret, 'user-agent': 'system-a' },
      });
    const b = () =>
      fetch(`${ex.server.url}/fapi/v1/futures/funds`, {
        headers: { 'X-Authentication': t.secret, 'user-agent': 'system-b' },
      });
    const statuses = (await Promise.all([a(), b(), a(), b(), a(), b()])).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
  });

  it('never leaks internals or secrets in errors or logs', async () => {
    const t = await ex.trader();
    await fullAllowance();
    const res = await ex.call('/futures/BTCUSDT/order?is_symbol', {
      secret: t.secret,
      method: 'POST',
      body: '{"quantity": ',
    });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts|SyntaxError|stack/);
    expect(ex.server.logs.text()).not.toContain(t.secret);
  });
});

describe('trusted proxy mode (MOCKEX_TRUST_PROXY=1)', () => {
  let proxied: ExchangeServer;
  beforeAll(async () => {
    proxied = await startExchangeServer({ MOCKEX_TRUST_PROXY: '1' });
  });
  afterAll(() => proxied?.server.stop());

  it('uses the address the proxy saw (the last X-Forwarded-For entry)', async () => {
    const office = await proxied.trader({ ipWhitelist: ['203.0.113.0/24'] });
    const ok = await proxied.call('/futures/funds', {
      secret: office.secret,
      headers: { 'X-Forwarded-For': '198.51.100.1, 203.0.113.10' },
    });
    expect(ok.status).toBe(200);
    const spoofed = await proxied.call('/futures/funds', {
      secret: office.secret,
      headers: { 'X-Forwarded-For': '203.0.113.10, 198.51.100.1' },
    });
    expect(reason(spoofed)).toBe('IP_NOT_ALLOWED');
  });
});

describe.skipIf(!process.env.REDIS_URL)(
  'rate limit shared across server processes through Redis (REDIS_URL set)',
  () => {
    let shared: ExchangeServer;
    beforeAll(async () => {
      shared = await startExchangeServer({ REDIS_URL: process.env.REDIS_URL! });
    });
    afterAll(() => shared?.server.stop());

    it('one key, two processes on one database: still exactly 2 requests per second in total', async () => {
      const { startServer } = await import('../src/server.ts');
      const { configSchema } = await import('../src/config.ts');
      const { captureLogs } = await import('../src/testing.ts');
      const second = await startServer({
        config: configSchema.parse({ PORT: '0', HOST: '127.0.0.1', REDIS_URL: process.env.REDIS_URL }),
        logger: captureLogs().logger,
        database: shared.server.db,
      });
      try {
        const t = await shared.trader();
        await fullAllowance();
        const hit = (url: string) =>
          fetch(`${url}/fapi/v1/futures/funds`, { headers: { 'X-Authentication': t.secret } }).then(
            (r) => r.status,
          );
        const statuses = await Promise.all(
          [shared.server.url, second.url, shared.server.url, second.url, shared.server.url, second.url].map(
            hit,
          ),
        );
        expect(statuses.filter((s) => s === 200)).toHaveLength(2);
        expect(statuses.filter((s) => s === 429)).toHaveLength(4);
      } finally {
        await second.close();
      }
    });
  },
);
