import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { IP, codeOf, makeService, readyUser, uniqueEmail, useKeyService } from './support.ts';

const env = useKeyService();

describe('accounts and sessions', () => {
  it('signs up with a normalised email and an argon2id hash, and refuses a second account', async () => {
    const email = uniqueEmail('Case');
    const me = await env.service.signUp(
      { email: `  ${email.toUpperCase()} `, password: 'long enough pw' },
      IP,
    );
    expect(me).toMatchObject({ email: email.toLowerCase(), kycStatus: 'none', twoFactorEnabled: false });
    expect(me.id).toMatch(/^usr_/);
    const row = await env.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', me.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await codeOf(() => env.service.signUp({ email, password: 'another password' }, IP))).toBe(
      'EMAIL_TAKEN',
    );
    expect(await codeOf(() => env.service.signUp({ email: uniqueEmail(), password: 'short' }, IP))).toBe(
      'INVALID_REQUEST',
    );
  });

  it('issues opaque session tokens stored only as SHA-256, that expire and end at sign-out', async () => {
    const email = uniqueEmail();
    await env.service.signUp({ email, password: 'long enough pw' }, IP);
    const { token, expiresAt, user } = await env.service.signIn({ email, password: 'long enough pw' }, IP);
    expect(token).toMatch(/^mxs_[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime() - env.clock.now().getTime()).toBe(12 * 3600 * 1000);
    expect((await env.service.authenticate(token)).id).toBe(user.id);
    const stored = await env.database.db
      .selectFrom('sessions')
      .select('token_hash')
      .where('user_id', '=', user.id)
      .execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(token);

    await env.service.signOut(token, IP);
    expect(await codeOf(() => env.service.authenticate(token))).toBe('UNAUTHENTICATED');

    const second = await env.service.signIn({ email, password: 'long enough pw' }, IP);
    env.clock.advance(12 * 3600);
    expect(await codeOf(() => env.service.authenticate(second.token))).toBe('UNAUTHENTICATED');
    expect(await codeOf(() => env.service.authenticate('mxs_made-up'))).toBe('UNAUTHENTICATED');
    expect(await codeOf(() => env.service.authenticate(''))).toBe('UNAUTHENTICATED');
  });

  it('gives the same answer, in about the same time, for an unknown email and a wrong password', async () => {
    const email = uniqueEmail();
    await env.service.signUp({ email, password: 'long enough pw' }, IP);
    // CPU time of this process (argon2 runs on libuv threads, which it counts), not wall-clock time:
    // other processes loading the machine cannot blur the comparison.
    const time = async (fn: () => Promise<unknown>) => {
      const t = process.cpuUsage();
      const code = await codeOf(fn);
      const used = process.cpuUsage(t);
      return { code, ms: (used.user + used.system) / 1000 };
    };
    // Separate addresses and accounts so no lock interferes; median of several runs each.
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 4; i++) {
      const a = await time(() =>
        env.service.signIn(
          { email: uniqueEmail('nobody'), password: 'whatever pw' },
          { ip: `198.51.100.${i}` },
        ),
      );
      const b = await time(() =>
        env.service.signIn({ email, password: `wrong password ${i}` }, { ip: `198.51.100.${100 + i}` }),
      );
      expect(a.code).toBe('INVALID_CREDENTIALS');
      expect(b.code).toBe('INVALID_CREDENTIALS');
      unknown.push(a.ms);
      wrong.push(b.ms);
    }
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    // Both pay one argon2 verification (~10 ms of CPU); without the dummy hash the unknown email would pay ~0.1 ms.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.4);
    expect(median(unknown)).toBeGreaterThan(3);
  });

  it('locks an account after 5 failures, whatever the address, then unlocks after the lock time', async () => {
    const email = uniqueEmail();
    await env.service.signUp({ email, password: 'long enough pw' }, IP);
    for (let i = 0; i < 5; i++) {
      expect(
        await codeOf(() => env.service.signIn({ email, password: 'nope nope' }, { ip: `192.0.2.${i}` })),
      ).toBe('INVALID_CREDENTIALS');
    }
    const locked = await env.service
      .signIn({ email, password: 'long enough pw' }, { ip: '192.0.2.99' })
      .catch((e: unknown) => e);
    expect(locked).toMatchObject({
      code: 'TOO_MANY_ATTEMPTS',
      status: 429,
      meta: { retryAfterSeconds: 900 },
    });
    expect((locked as Error).message).toBe('Too many failed attempts. Try again in 900 seconds.');
    env.clock.advance(901);
    await expect(env.service.signIn({ email, password: 'long enough pw' }, IP)).resolves.toHaveProperty(
      'token',
    );
  });

  it('holds the account limit when 50 sign-ins arrive at once: 5 are checked, the right one last is refused', async () => {
    const email = uniqueEmail('burst');
    await env.service.signUp({ email, password: 'long enough pw' }, IP);
    const attempts = Array.from({ length: 50 }, (_, i) =>
      codeOf(() =>
        env.service.signIn(
          { email, password: i === 49 ? 'long enough pw' : `wrong ${i}` },
          { ip: `198.18.1.${i}` },
        ),
      ),
    );
    const codes = await Promise.all(attempts);
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(5);
    expect(codes.filter((c) => c === 'TOO_MANY_ATTEMPTS')).toHaveLength(45);
    expect(codes[49]).toBe('TOO_MANY_ATTEMPTS');
    env.clock.advance(901);
  });

  it('holds the address limit when 50 sign-ins for different accounts arrive at once', async () => {
    const ip = { ip: '198.18.2.1' };
    const codes = await Promise.all(
      Array.from({ length: 50 }, () =>
        codeOf(() => env.service.signIn({ email: uniqueEmail('spray'), password: 'guess guess' }, ip)),
      ),
    );
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(20);
    expect(codes.filter((c) => c === 'TOO_MANY_ATTEMPTS')).toHaveLength(30);
    env.clock.advance(901);
  });

  it('gives a successful sign-in its reserved attempt back: it never counts towards a lock', async () => {
    const email = uniqueEmail('good');
    await env.service.signUp({ email, password: 'long enough pw' }, IP);
    const ip = { ip: '198.18.3.1' };
    for (let i = 0; i < 25; i++) {
      await expect(env.service.signIn({ email, password: 'long enough pw' }, ip)).resolves.toHaveProperty(
        'token',
      );
    }
    const rows = await env.database.db
      .selectFrom('auth_throttle')
      .select(['scope', 'failures', 'locked_until'])
      .where('subject', 'in', [email, ip.ip])
      .execute();
    expect(rows.every((r) => r.failures === 0 && r.locked_until === null)).toBe(true);
  });

  it('locks an address after 20 failures across accounts, unknown emails included', async () => {
    const ip = { ip: '198.18.0.1' };
    for (let i = 0; i < 20; i++) {
      await codeOf(() => env.service.signIn({ email: uniqueEmail('spray'), password: 'guess guess' }, ip));
    }
    const email = uniqueEmail();
    await env.service.signUp({ email, password: 'long enough pw' }, IP);
    expect(await codeOf(() => env.service.signIn({ email, password: 'long enough pw' }, ip))).toBe(
      'TOO_MANY_ATTEMPTS',
    );
    await expect(
      env.service.signIn({ email, password: 'long enough pw' }, { ip: '198.18.0.2' }),
    ).resolves.toHaveProperty('token');
    env.clock.advance(901);
  });
});

describe('findAccountByEmail and reset', () => {
  it('finds accounts by email, and reset wipes every key-API table and the cache', async () => {
    const { service: s, clock: c } = await makeService(env.database);
    const user = await readyUser(s, c);
    const { secret } = await s.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP);
    expect((await s.verifyKey(secret, { ip: '1.1.1.1', now: c.now(), needs: 'READ_ONLY' })).valid).toBe(true);
    expect((await s.findAccountByEmail(user.email.toUpperCase()))?.id).toBe(user.id);
    expect(await s.findAccountByEmail('nobody@example.com')).toBeNull();
    await s.reset();
    expect(await s.findAccountByEmail(user.email)).toBeNull();
    expect(await s.verifyKey(secret, { ip: '1.1.1.1', now: c.now(), needs: 'READ_ONLY' })).toEqual({
      valid: false,
      reason: 'AUTH_INVALID',
    });
    for (const table of ['users', 'sessions', 'api_keys', 'audit_events', 'auth_throttle']) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
        env.database.db,
      );
      expect(rows[0]!.n).toBe(0);
    }
    await s.close();
  });
});
