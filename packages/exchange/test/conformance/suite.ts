/**
 * ONE conformance suite for both shells of the exchange: it runs against the Express router on a real
 * HTTP server (express.test.ts) and against the MSW handlers (msw.test.ts). The two adapters are thin
 * shells over one handler; this suite is what keeps them from drifting apart.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { venueProfile, type VenueProfile } from '@mockex/domain';
import type { AnyExchangeRoute } from '../../src/routes/route.ts';
import type { InProcessSandbox } from '../../src/in-process.ts';
import type { MockKeySpec } from '../../src/accounts/memory-keys.ts';

export const TRADER = 'mx_conformance_trader_000000000000';
export const READER = 'mx_conformance_reader_000000000000';
export const KEYS: MockKeySpec[] = [
  { secret: TRADER, permissions: ['READ_ONLY', 'TRADE'], email: 'trader@example.com' },
  { secret: READER, permissions: ['READ_ONLY'], email: 'reader@example.com' },
];
/** A generous limit so the functional steps are not throttled; the limit itself is tested at this rate. */
export const LIMIT = 20;
export const PROFILE: VenueProfile = {
  ...venueProfile('mudrex'),
  rateLimit: { ...venueProfile('mudrex').rateLimit, default: [{ requests: LIMIT, perSeconds: 1 }] },
};
export const SEED = 'conformance';

export interface ConformanceTarget {
  /** Where requests go, e.g. `http://127.0.0.1:1234` or `https://trade.mudrex.test`. */
  baseUrl: string;
  sandbox: InProcessSandbox;
  routes: readonly AnyExchangeRoute[];
  close(): Promise<void>;
}

type Reply = { status: number; headers: Headers; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

export function conformanceSuite(name: string, start: () => Promise<ConformanceTarget>): void {
  describe(`conformance: ${name}`, () => {
    let target: ConformanceTarget;
    beforeAll(async () => {
      target = await start();
    });
    afterAll(() => target?.close());
    beforeEach(() => target.sandbox.reset());

    async function call(
      path: string,
      init: {
        method?: string;
        body?: unknown;
        secret?: string | null;
        headers?: Record<string, string>;
      } = {},
    ): Promise<Reply> {
      const headers: Record<string, string> = { ...init.headers };
      const secret = init.secret === undefined ? TRADER : init.secret;
      if (secret) headers['X-Authentication'] = secret;
      let body: string | undefined;
      if (init.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      }
      const res = await fetch(`${target.baseUrl}/fapi/v1${path}`, {
        method: init.method ?? 'GET',
        headers,
        ...(body !== undefined ? { body } : {}),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
    }

    /** The success body matches the route's declared response schema. */
    function expectShape(reply: Reply, method: string, path: string) {
      const route = target.routes.find((r) => r.method === method && r.path === path);
      expect(route, `${method} ${path} is a route`).toBeDefined();
      expect(reply.status).toBe(route!.successStatus);
      expect(reply.body.success).toBe(true);
      const parsed = route!.response.safeParse(reply.body.data);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      return reply.body.data;
    }

    it('reads funds, instruments and an asset by symbol in the venue shapes', async () => {
      expectShape(await call('/wallet/funds', { secret: READER }), 'GET', '/wallet/funds');
      const funds = expectShape(await call('/futures/funds', { secret: READER }), 'GET', '/futures/funds');
      expect(typeof funds.balance).toBe('string');
      const list = expectShape(await call('/futures?limit=3'), 'GET', '/futures');
      expect(list).toHaveLength(3);
      const btc = expectShape(await call('/futures/BTCUSDT?is_symbol'), 'GET', '/futures/:asset');
      expect(btc.symbol).toBe('BTCUSDT');
      const byId = expectShape(await call(`/futures/${btc.id}`), 'GET', '/futures/:asset');
      expect(byId.symbol).toBe('BTCUSDT');
    });

    it('transfers, places and cancels a LIMIT order, opens and closes a position; no positions is data: null', async () => {
      expect((await call('/futures/positions')).body).toEqual({ success: true, data: null });
      expectShape(
        await call('/wallet/futures/transfer', {
          method: 'POST',
          body: { from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES', amount: 1000 },
        }),
        'POST',
        '/wallet/futures/transfer',
      );
      await target.sandbox.setPrice('BTCUSDT', '60000');

      const limit = expectShape(
        await call('/futures/BTCUSDT/order?is_symbol', {
          method: 'POST',
          body: {
            leverage: '10',
            quantity: '0.01',
            order_price: '50000',
            order_type: 'LONG',
            trigger_type: 'LIMIT',
          },
        }),
        'POST',
        '/futures/:asset/order',
      );
      expect(limit.status).toBe('CREATED');
      const open = expectShape(await call('/futures/orders'), 'GET', '/futures/orders');
      expect(open.map((o: { id: string }) => o.id)).toContain(limit.order_id);
      expectShape(
        await call(`/futures/orders/${limit.order_id}`, { method: 'DELETE' }),
        'DELETE',
        '/futures/orders/:id',
      );

      expectShape(
        await call('/futures/BTCUSDT/order?is_symbol', {
          method: 'POST',
          body: {
            leverage: 10,
            quantity: 0.01,
            order_price: 60000,
            order_type: 'LONG',
            trigger_type: 'MARKET',
          },
        }),
        'POST',
        '/futures/:asset/order',
      );
      const positions = expectShape(await call('/futures/positions'), 'GET', '/futures/positions');
      expect(positions).toHaveLength(1);
      const position = positions[0];
      expect(position).toMatchObject({ symbol: 'BTCUSDT', order_type: 'LONG', quantity: '0.01' });
      expectShape(
        await call(`/futures/positions/${position.id}/close`, { method: 'POST' }),
        'POST',
        '/futures/positions/:id/close',
      );
      // Closing twice: the venue's text for a position that is no longer open.
      const again = await call(`/futures/positions/${position.id}/close`, { method: 'POST' });
      expect(again.status).toBe(400);
      expect(again.body.errors[0]).toEqual({
        code: 400,
        text: 'position is not open',
        reason: 'POSITION_NOT_OPEN',
      });
      // Reversing it: the caller's view is stale (`code: null`, as the venue sends it).
      const stale = await call(`/futures/positions/${position.id}/reverse`, { method: 'POST' });
      expect(stale.body.errors[0]).toEqual({
        code: null,
        text: 'position not in sync with exchange',
        reason: 'POSITION_OUT_OF_SYNC',
      });
      expect((await call('/futures/positions')).body).toEqual({ success: true, data: null });
      expectShape(await call('/futures/fee/history'), 'GET', '/futures/fee/history');
    });

    it('answers every gateway error in the envelope', async () => {
      expect((await call('/futures/funds', { secret: null })).body.errors[0]).toEqual({
        code: 401,
        text: 'Invalid Authentication',
        reason: 'AUTH_MISSING',
      });
      expect((await call('/futures/funds', { secret: 'mx_nope' })).body.errors[0]).toEqual({
        code: 401,
        text: 'Invalid Authentication',
        reason: 'AUTH_INVALID',
      });
      const denied = await call('/wallet/futures/transfer', { secret: READER, method: 'POST', body: {} });
      expect([denied.status, denied.body.errors[0].reason]).toEqual([403, 'PERMISSION_DENIED']);
      const bad = await call('/futures/BTCUSDT/order?is_symbol', { method: 'POST', body: '{"quantity":' });
      expect([bad.status, bad.body.errors[0].reason]).toEqual([400, 'INVALID_REQUEST']);
      const typed = await call('/futures/BTCUSDT/order?is_symbol', {
        method: 'POST',
        body: { quantity: 'lots', order_type: 'UP', trigger_type: 'MARKET' },
      });
      expect(typed.status).toBe(400);
      expect(typed.body.errors[0]).toEqual({ code: 400, text: 'Params error', reason: 'INVALID_REQUEST' });
      const side = await call('/futures/BTCUSDT/order?is_symbol', {
        method: 'POST',
        body: { quantity: '0.01', order_type: 'UP', trigger_type: 'MARKET' },
      });
      expect(side.body.errors[0]).toEqual({
        code: 400,
        text: 'invalid order type',
        reason: 'INVALID_REQUEST',
      });
      const missing = await call('/futures/NOPE?is_symbol');
      expect([missing.status, missing.body.errors[0].reason]).toEqual([404, 'ASSET_NOT_FOUND']);
      const unknown = await call('/nothing/here');
      expect([unknown.status, unknown.body.errors[0].reason]).toEqual([404, 'NOT_FOUND']);
      const poor = await call('/wallet/futures/transfer', {
        method: 'POST',
        body: { from_wallet_type: 'FUTURES', to_wallet_type: 'SPOT', amount: '1' },
      });
      expect([poor.status, poor.body.errors[0]]).toEqual([
        400,
        { code: null, text: 'insufficient balance', reason: 'INSUFFICIENT_BALANCE' },
      ]);
    });

    it('rate-limits per key, exactly, with the venue text and Retry-After', async () => {
      const started = performance.now();
      const replies = await Promise.all(Array.from({ length: LIMIT + 10 }, () => call('/futures/funds')));
      const elapsed = performance.now() - started;
      // GCRA: the burst of LIMIT, plus one more per 1/LIMIT s that passed while the burst was arriving.
      const allowed = replies.filter((r) => r.status === 200).length;
      expect(allowed).toBeGreaterThanOrEqual(LIMIT);
      expect(allowed).toBeLessThanOrEqual(LIMIT + Math.floor(elapsed / (1000 / LIMIT)));
      const limited = replies.filter((r) => r.status === 429);
      expect(limited.length + allowed).toBe(LIMIT + 10);
      expect(limited.length).toBeGreaterThan(0);
      for (const r of limited) {
        expect(r.headers.get('retry-after')).toBe('1');
        expect(r.body.errors[0]).toEqual({
          code: 429,
          text: 'Too many requests. Try again in 1 seconds.',
          reason: 'RATE_LIMITED',
        });
      }
    });

    it('serves armed and per-request faults', async () => {
      await target.sandbox.armFault({
        fault: 'maintenance',
        match: { path: '/fapi/v1/futures/funds' },
        times: 1,
      });
      const maintenance = await call('/futures/funds');
      expect([maintenance.status, maintenance.body.errors[0].reason]).toEqual([503, 'MAINTENANCE']);
      expect((await call('/futures/funds')).status).toBe(200);
      const sync = await call('/futures/funds', { headers: { 'X-Mockex-Fault': 'out_of_sync' } });
      expect(sync.body.errors[0].text).toBe('position not in sync with exchange');
      await expect(
        fetch(`${target.baseUrl}/fapi/v1/futures/funds`, {
          headers: { 'X-Authentication': TRADER, 'X-Mockex-Fault': 'timeout=50' },
        }),
      ).rejects.toThrow();
      await target.sandbox.armFault({ fault: 'server_error', match: { keyPrefix: READER.slice(0, 20) } });
      expect((await call('/futures/funds', { secret: READER })).status).toBe(500);
      expect((await call('/futures/funds', { secret: TRADER })).status).toBe(200);
      await target.sandbox.clearFaults();
      expect((await call('/futures/funds', { secret: READER })).status).toBe(200);
    });

    it('follows the sandbox clock: a key expires after the profile TTL', async () => {
      await target.sandbox.advanceClock(PROFILE.keys.ttlDays * 86_400 + 1);
      const expired = await call('/futures/funds');
      expect([expired.status, expired.body.errors[0].reason]).toEqual([401, 'KEY_EXPIRED']);
    });

    it('credits funds and honours KYC and revocation set through the sandbox', async () => {
      const { balance } = await target.sandbox.credit(TRADER, 'FUTURES', '250');
      expect(balance).toBe('250');
      expect((await call('/futures/funds')).body.data.balance).toBe('250');
      await target.sandbox.setKycStatus(TRADER, 'expired');
      const kyc = await call('/futures/funds');
      expect([kyc.status, kyc.body.errors[0].reason]).toEqual([403, 'KYC_REQUIRED']);
      await target.sandbox.revokeKey(READER);
      expect((await call('/futures/funds', { secret: READER })).body.errors[0].reason).toBe('KEY_REVOKED');
    });
  });
}
