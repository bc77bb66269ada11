import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '@mockex/db';
import { createKeyApiClient } from '@mockex/client';
import { totpCode } from '@mockex/keys/testing';
import { configSchema } from '../src/config.ts';
import { PEPPER_FILE, resolveKeyPepper } from '../src/key-service.ts';
import { captureLogs, type TestServer } from '../src/testing.ts';
import { readyTrader, refusal, startKeyApiServer } from './key-api-support.ts';

let server: TestServer;
let clock: Awaited<ReturnType<typeof startKeyApiServer>>['clock'];
/** Every secret the suite handles; none may show up in logs, error answers or database columns. */
const secrets = new Set<string>();
/** The raw body of every refused call, as it went over the wire. */
const errorBodies: string[] = [];
const recordingFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  if (!res.ok) errorBodies.push(await res.clone().text());
  return res;
};

beforeAll(async () => {
  ({ server, clock } = await startKeyApiServer());
});
afterAll(() => server.stop());

describe('isolation between users', () => {
  it("never lets user B see or change user A's keys", async () => {
    const alice = await readyTrader(server, clock, 'alice');
    const bob = await readyTrader(server, clock, 'bob');
    const { key, secret } = await alice.api.keys.create.mutate({ label: 'alice', otp: alice.nextCode() });
    secrets.add(secret);
    expect((await bob.api.keys.list.query()).keys).toEqual([]);
    for (const attempt of [
      () =>
        bob.api.keys.update.mutate({
          id: key.id,
          label: 'stolen',
          ipWhitelist: ['10.0.0.1'],
          otp: bob.nextCode(),
        }),
      () => bob.api.keys.rotate.mutate({ id: key.id, otp: bob.nextCode() }),
      () => bob.api.keys.revoke.mutate({ id: key.id, otp: bob.nextCode() }),
    ]) {
      expect(await refusal(attempt)).toMatchObject({ appCode: 'KEY_NOT_FOUND', httpStatus: 404 });
    }
    expect(await bob.api.keys.revokeAll.mutate({ otp: bob.nextCode() })).toEqual({ revoked: 0 });
    expect((await bob.api.audit.list.query()).events.some((e) => e.keyId === key.id)).toBe(false);
    // Alice's key is untouched and still works.
    expect((await alice.api.keys.list.query()).keys[0]).toMatchObject({
      id: key.id,
      label: 'alice',
      status: 'active',
      ipWhitelist: [],
    });
    expect((await server.keys.verifyKey(secret, { ip: '1.1.1.1', now: clock.now() })).valid).toBe(true);
  });
});

describe('key invalidation', () => {
  it('fails a rotated or revoked secret on the very next verification', async () => {
    const trader = await readyTrader(server, clock);
    const { key, secret } = await trader.api.keys.create.mutate({ label: 'bot', otp: trader.nextCode() });
    const ctx = () => ({ ip: '1.1.1.1', now: clock.now() });
    for (let i = 0; i < 3; i++) expect((await server.keys.verifyKey(secret, ctx())).valid).toBe(true);
    const rotated = await trader.api.keys.rotate.mutate({ id: key.id, otp: trader.nextCode() });
    expect(await server.keys.verifyKey(secret, ctx())).toEqual({ valid: false, reason: 'AUTH_INVALID' });
    expect((await server.keys.verifyKey(rotated.secret, ctx())).valid).toBe(true);
    await trader.api.keys.revoke.mutate({ id: key.id, otp: trader.nextCode() });
    expect(await server.keys.verifyKey(rotated.secret, ctx())).toEqual({
      valid: false,
      reason: 'KEY_REVOKED',
    });
    secrets.add(secret).add(rotated.secret);
  });

  it('yields exactly one key from 20 concurrent creates over HTTP', async () => {
    const trader = await readyTrader(server, clock);
    clock.advance(30);
    const now = clock.now().getTime();
    // The three codes valid now (±1 step), spread over 20 simultaneous requests.
    const codes = [-30_000, 0, 30_000].map((d) => totpCode(trader.totpSecret, now + d));
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        trader.api.keys.create.mutate({ label: `race ${i}`, otp: codes[i % 3] }),
      ),
    );
    const created = results.filter((r) => r.status === 'fulfilled');
    expect(created).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') {
        const failure = await refusal(() => Promise.reject(r.reason));
        expect(['KEY_LIMIT_REACHED', 'INVALID_OTP']).toContain(failure.appCode);
      } else {
        secrets.add(r.value.secret);
      }
    }
    expect((await trader.api.keys.list.query()).keys).toHaveLength(1);
  });
});

describe('two-factor codes', () => {
  it('refuses wrong, reused and expired codes', async () => {
    const trader = await readyTrader(server, clock);
    secrets.add(trader.totpSecret).add(trader.password).add(trader.token);
    expect(await refusal(() => trader.api.keys.create.mutate({ label: 'x', otp: '000000' }))).toMatchObject({
      appCode: 'INVALID_OTP',
    });
    const code = trader.nextCode();
    const { secret } = await trader.api.keys.create.mutate({ label: 'x', otp: code });
    secrets.add(secret);
    const keyId = (await trader.api.keys.list.query()).keys[0]!.id;
    // The same code again (same 30 s step) is a replay.
    expect(
      await refusal(() => trader.api.keys.update.mutate({ id: keyId, label: 'y', otp: code })),
    ).toMatchObject({ appCode: 'INVALID_OTP' });
    // A code from two steps back has expired.
    const expired = totpCode(trader.totpSecret, clock.now().getTime() + 60_000);
    clock.advance(150);
    expect(
      await refusal(() => trader.api.keys.update.mutate({ id: keyId, label: 'y', otp: expired })),
    ).toMatchObject({ appCode: 'INVALID_OTP' });
    await expect(
      trader.api.keys.update.mutate({ id: keyId, label: 'y', otp: trader.nextCode() }),
    ).resolves.toBeDefined();
  });
});

describe('secrets at rest, in logs and in errors', () => {
  it('keeps every secret out of log lines, error answers and all database columns', async () => {
    const trader = await readyTrader(server, clock, 'leak');
    secrets.add(trader.password).add(trader.token).add(trader.totpSecret);
    const { key, secret } = await trader.api.keys.create.mutate({ label: 'bot', otp: trader.nextCode() });
    const rotated = await trader.api.keys.rotate.mutate({ id: key.id, otp: trader.nextCode() });
    secrets.add(secret).add(rotated.secret);

    // Calls that carry secrets in odd places: a secret as a label, a password in a query string, bad tokens.
    const anonymous = createKeyApiClient({ url: server.url, fetch: recordingFetch });
    const api = createKeyApiClient({ url: server.url, token: trader.token, fetch: recordingFetch });
    for (const call of [
      () => anonymous.auth.signIn.mutate({ email: trader.email, password: `${trader.password}-wrong` }),
      () => anonymous.auth.signIn.mutate({ email: trader.email, password: trader.password, otp: '000000' }),
      () => anonymous.auth.signUp.mutate({ email: trader.email, password: trader.password }),
      () => api.keys.create.mutate({ label: rotated.secret, otp: '000000' }),
      () => api.keys.create.mutate({ label: 'x', ipWhitelist: [rotated.secret], otp: trader.nextCode() }),
      () => api.keys.update.mutate({ id: key.id, label: trader.password.repeat(3), otp: trader.nextCode() }),
      () =>
        createKeyApiClient({
          url: server.url,
          token: rotated.secret,
          fetch: recordingFetch,
        }).keys.list.query(),
    ]) {
      await expect(call()).rejects.toThrow();
    }
    const viaQuery = await fetch(
      `${server.url}/trpc/auth.signIn?input=${encodeURIComponent(JSON.stringify({ email: trader.email, password: trader.password }))}`,
    );
    expect(viaQuery.status).toBe(405);
    errorBodies.push(await viaQuery.text());
    // The exchange's hot path with the secret, too.
    await server.keys.verifyKey(rotated.secret, { ip: '1.1.1.1', now: clock.now() });
    await server.keys.flushUsage();

    expect(secrets.size).toBeGreaterThan(8);
    const logs = server.logs.text();
    expect(logs).toContain('/trpc/keys.create');
    const errors = errorBodies.join('\n');
    for (const appCode of [
      'INVALID_CREDENTIALS',
      'INVALID_OTP',
      'EMAIL_TAKEN',
      'INVALID_REQUEST',
      'UNAUTHENTICATED',
    ])
      expect(errors).toContain(appCode);

    const dump: string[] = [];
    const tables = (await server.db.db.introspection.getTables({ withInternalKyselyTables: true })).filter(
      (t) => !t.isView,
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['users', 'sessions', 'api_keys', 'audit_events', 'auth_throttle']),
    );
    for (const table of tables) {
      const rows = await server.db.db
        .selectFrom(`${table.schema}.${table.name}` as never)
        .selectAll()
        .execute();
      dump.push(JSON.stringify(rows));
    }
    const database = dump.join('\n');
    expect(database).toContain(key.id);

    for (const s of secrets) {
      expect(logs, 'a secret in the logs').not.toContain(s);
      expect(errors, 'a secret in an error answer').not.toContain(s);
      expect(database, 'a secret in the database').not.toContain(s);
    }
  });

  it('takes the client address from the socket unless a trusted proxy is configured', async () => {
    const spoof = { 'x-forwarded-for': '203.0.113.99' };
    const trader = await readyTrader(server, clock, 'direct');
    await createKeyApiClient({ url: server.url, headers: spoof }).auth.signIn.mutate({
      email: trader.email,
      password: trader.password,
      otp: trader.nextCode(),
    });
    expect((await trader.api.audit.list.query({ limit: 1 })).events[0]).toMatchObject({
      type: 'auth.signed_in',
      ip: '127.0.0.1',
    });

    const { server: proxied, clock: c } = await startKeyApiServer({ MOCKEX_TRUST_PROXY: '1' });
    try {
      const behind = await readyTrader(proxied, c, 'proxied');
      await createKeyApiClient({ url: proxied.url, headers: spoof }).auth.signIn.mutate({
        email: behind.email,
        password: behind.password,
        otp: behind.nextCode(),
      });
      expect((await behind.api.audit.list.query({ limit: 1 })).events[0]).toMatchObject({
        type: 'auth.signed_in',
        ip: '203.0.113.99',
      });
    } finally {
      await proxied.stop();
    }
  });
});

describe('the key pepper', () => {
  it('is generated once into <data dir>/mockex-key-pepper with mode 0600 when MOCKEX_KEY_PEPPER is unset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mockex-pepper-'));
    const database = await createDatabase({ dataDir: dir });
    try {
      const { logger } = captureLogs();
      const config = configSchema.parse({});
      const first = await resolveKeyPepper(config, database, logger);
      expect(first.source).toBe('file');
      expect(first.pepper.length).toBeGreaterThanOrEqual(32);
      expect(statSync(join(dir, PEPPER_FILE)).mode & 0o777).toBe(0o600);
      expect((await resolveKeyPepper(config, database, logger)).pepper).toBe(first.pepper);
      const fromEnv = await resolveKeyPepper(
        configSchema.parse({ MOCKEX_KEY_PEPPER: 'e'.repeat(40) }),
        database,
        logger,
      );
      expect(fromEnv).toEqual({ pepper: 'e'.repeat(40), source: 'env' });
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is kept in mockex_meta on PostgreSQL (and in-memory PGlite), with a warning on PostgreSQL', async () => {
    const logs = captureLogs();
    const config = configSchema.parse({});
    const first = await resolveKeyPepper(config, server.db, logs.logger);
    expect(first.source).toBe('database');
    expect((await resolveKeyPepper(config, server.db, logs.logger)).pepper).toBe(first.pepper);
    if (server.db.kind === 'postgres') expect(logs.text()).toContain('MOCKEX_KEY_PEPPER is not set');
    expect(logs.text()).not.toContain(first.pepper);
  });
});
