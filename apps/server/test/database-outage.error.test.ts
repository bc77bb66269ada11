/**
 * PostgreSQL stops answering while its connections stay open (a network partition, made by the loopback
 * proxy between the server and the database): every surface answers 503 with Retry-After, promptly,
 * and recovers by itself when traffic flows again. PGlite runs in-process and cannot be partitioned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '@mockex/domain';
import { createDatabase, type MockexDatabase } from '@mockex/db';
import { createProxiedScratchDatabase } from '@mockex/db/testing';
import { configSchema } from '../src/config.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { captureLogs, type TestServer } from '../src/testing.ts';
import { readyTrader } from './key-api-support.ts';

const postgres = process.env.DATABASE_URL;

describe.skipIf(!postgres)(
  'while PostgreSQL is partitioned away (PostgreSQL only: PGlite has no network)',
  () => {
    let scratch: Awaited<ReturnType<typeof createProxiedScratchDatabase>>;
    let database: MockexDatabase;
    let server: RunningServer;
    let secret: string;
    let token: string;
    let traderEmail: string;

    beforeAll(async () => {
      scratch = await createProxiedScratchDatabase(postgres!);
      const config = configSchema.parse({
        PORT: '0',
        DATABASE_URL: scratch.url,
        MOCKEX_DB_STATEMENT_TIMEOUT_MS: '300',
        MOCKEX_DB_ACQUIRE_TIMEOUT_MS: '300',
      });
      database = await createDatabase({
        url: config.DATABASE_URL,
        statementTimeoutMs: config.MOCKEX_DB_STATEMENT_TIMEOUT_MS,
        acquireTimeoutMs: config.MOCKEX_DB_ACQUIRE_TIMEOUT_MS,
        onError: () => {},
      });
      const clock = manualClock(new Date());
      server = await startServer({ config, logger: captureLogs().logger, database, clock });
      const trader = await readyTrader({ url: server.url } as TestServer, clock, 'outage');
      ({ secret } = await trader.api.keys.create.mutate({
        label: 'bot',
        permissions: ['READ_ONLY', 'TRADE'],
        otp: trader.nextCode(),
      }));
      token = trader.token;
      traderEmail = trader.email;
    }, 60_000);

    afterAll(async () => {
      scratch?.proxy.heal();
      await server?.close();
      await database?.close();
      await scratch?.drop();
    });

    it('answers 503 with Retry-After on the exchange, the key API and the sandbox, and 503 on /healthz; then recovers', async () => {
      const funds = () =>
        fetch(`${server.url}/fapi/v1/futures/funds`, { headers: { 'X-Authentication': secret } });
      expect((await funds()).status).toBe(200);

      scratch.proxy.partition();
      try {
        const exchange = await funds();
        expect(exchange.status).toBe(503);
        expect(exchange.headers.get('retry-after')).toBe('2');
        expect((await exchange.json()).errors[0]).toMatchObject({
          code: 503,
          reason: 'DATABASE_UNAVAILABLE',
        });

        const me = await fetch(`${server.url}/trpc/account.me`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(me.status).toBe(503);
        expect(me.headers.get('retry-after')).toBe('2');
        expect((await me.json()).error.data).toMatchObject({
          appCode: 'DATABASE_UNAVAILABLE',
          httpStatus: 503,
        });

        const signIn = await fetch(`${server.url}/trpc/auth.signIn`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'nobody@example.com', password: 'a long passphrase' }),
        });
        expect(signIn.status).toBe(503);

        const sandbox = await fetch(`${server.url}/sandbox/v1/faults`);
        expect(sandbox.status).toBe(503);
        expect(sandbox.headers.get('retry-after')).toBe('2');

        expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
      } finally {
        scratch.proxy.heal();
      }

      await expect
        .poll(async () => (await fetch(`${server.url}/healthz`)).status, { timeout: 10_000 })
        .toBe(200);
      await expect.poll(async () => (await funds()).status, { timeout: 10_000 }).toBe(200);
    }, 30_000);

    it('an order whose commit reached the database but whose answer did not: 503 with Retry-After, and the order is there to read', async () => {
      const credit = await fetch(`${server.url}/sandbox/v1/accounts/funds`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: traderEmail, wallet: 'FUTURES', amount: '10000' }),
      });
      expect(credit.status).toBe(200);
      await new Promise((r) => setTimeout(r, 1_000)); // a fresh rate-limit second for the key
      const exchange = (path: string, init: RequestInit = {}) =>
        fetch(`${server.url}/fapi/v1${path}`, {
          ...init,
          headers: { 'X-Authentication': secret, 'content-type': 'application/json' },
        });

      // The statement that stores the order (an UPDATE, or the COMMIT of a transaction) reaches
      // PostgreSQL and takes effect; its answer never comes back.
      scratch.proxy.partitionAfter(/update "?exchange_accounts|commit/i);
      let placed: Response;
      try {
        placed = await exchange('/futures/BTCUSDT/order?is_symbol', {
          method: 'POST',
          body: JSON.stringify({
            leverage: '5',
            quantity: '0.001',
            order_price: '20000',
            order_type: 'LONG',
            trigger_type: 'LIMIT',
          }),
        });
      } finally {
        scratch.proxy.heal();
      }
      // Not a 500: the bot learns the database was unreachable and when to come back...
      expect(placed.status).toBe(503);
      expect(placed.headers.get('retry-after')).toBe('2');
      expect((await placed.json()).errors[0].reason).toBe('DATABASE_UNAVAILABLE');

      // ...and, as the FAQ says, reads its open orders before placing the order again: it is there.
      await expect
        .poll(
          async () => {
            await new Promise((r) => setTimeout(r, 500));
            const res = await exchange('/futures/orders');
            return res.status === 200 ? (await res.json()).data : res.status;
          },
          { timeout: 10_000 },
        )
        .toEqual([expect.objectContaining({ price: '20000', quantity: '0.001' })]);
    }, 30_000);
  },
);

describe.skipIf(!postgres)(
  'after its database link comes back, an instance reloads what it missed before answering (PostgreSQL only)',
  () => {
    it('A refuses the key B revoked, fires the fault B armed and has B’s clock, on its very next requests', async () => {
      const scratch = await createProxiedScratchDatabase(postgres!);
      const { proxy } = scratch;
      const dbA = await createDatabase({
        url: scratch.url,
        acquireTimeoutMs: 500,
        onError: () => {},
      });
      const dbB = await createDatabase({ url: scratch.directUrl, migrate: false, onError: () => {} });
      const clock = manualClock(new Date());
      const logger = captureLogs().logger;
      const config = (url: string) => configSchema.parse({ PORT: '0', DATABASE_URL: url });
      const a = await startServer({ config: config(scratch.url), logger, database: dbA, clock });
      const b = await startServer({ config: config(scratch.directUrl), logger, database: dbB, clock });
      try {
        const trader = await readyTrader({ url: b.url } as TestServer, clock, 'split');
        const { key, secret } = await trader.api.keys.create.mutate({
          label: 'bot',
          permissions: ['READ_ONLY', 'TRADE'],
          otp: trader.nextCode(),
        });
        const viaA = (path: string) => fetch(`${a.url}${path}`, { headers: { 'X-Authentication': secret } });
        expect((await viaA('/fapi/v1/futures/funds')).status).toBe(200); // A now holds the key in its cache

        await proxy.stop(); // A's link to PostgreSQL is cut
        await trader.api.keys.revoke.mutate({ id: key.id, otp: trader.nextCode() });
        const sandboxB = (path: string, body: unknown) =>
          fetch(`${b.url}/sandbox/v1${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
        expect(
          (await sandboxB('/faults', { fault: 'maintenance', match: { path: '/fapi/v1/futures' } })).status,
        ).toBe(201);
        expect((await sandboxB('/clock/advance', { seconds: 3600 })).status).toBe(200);
        await proxy.start(); // and comes back

        const revoked = await viaA('/fapi/v1/futures/funds');
        expect(revoked.status).toBe(401);
        expect((await revoked.json()).errors[0].reason).toBe('KEY_REVOKED');
        expect((await viaA('/fapi/v1/futures')).status).toBe(503); // B's maintenance fault
        const clockA = await (await fetch(`${a.url}/sandbox/v1/clock`)).json();
        expect(clockA.data.offsetSeconds).toBe(3600);
      } finally {
        await a.close();
        await b.close();
        await dbA.close();
        await dbB.close();
        await scratch.drop();
      }
    }, 60_000);
  },
);
