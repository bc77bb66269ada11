import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { venueProfile } from '@mockex/domain';
import { createTestDatabase, type TestDatabase } from '@mockex/db/testing';
import { looksLikeMockexSecret, type KeyService } from '../src/index.ts';
import { IP, codeOf, makeService, readyUser, totpCode, uniqueEmail, type TestClock } from './support.ts';

let database: TestDatabase;
let service: KeyService;
let clock: TestClock;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ service, clock } = await makeService(database));
});
afterAll(async () => {
  await service.close();
  await database.destroy();
});

describe('accounts and sessions', () => {
  it('signs up with a normalised email and an argon2id hash, and refuses a second account', async () => {
    const email = uniqueEmail('Case');
    const me = await service.signUp({ email: `  ${email.toUpperCase()} `, password: 'long enough pw' }, IP);
    expect(me).toMatchObject({ email: email.toLowerCase(), kycStatus: 'none', twoFactorEnabled: false });
    expect(me.id).toMatch(/^usr_/);
    const row = await database.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', me.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await codeOf(() => service.signUp({ email, password: 'another password' }, IP))).toBe(
      'EMAIL_TAKEN',
    );
    expect(await codeOf(() => service.signUp({ email: uniqueEmail(), password: 'short' }, IP))).toBe(
      'INVALID_REQUEST',
    );
  });

  it('issues opaque session tokens stored only as SHA-256, that expire and end at sign-out', async () => {
    const email = uniqueEmail();
    await service.signUp({ email, password: 'long enough pw' }, IP);
    const { token, expiresAt, user } = await service.signIn({ email, password: 'long enough pw' }, IP);
    expect(token).toMatch(/^mxs_[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime() - clock.now().getTime()).toBe(12 * 3600 * 1000);
    expect((await service.authenticate(token)).id).toBe(user.id);
    const stored = await database.db
      .selectFrom('sessions')
      .select('token_hash')
      .where('user_id', '=', user.id)
      .execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(token);

    await service.signOut(token, IP);
    expect(await codeOf(() => service.authenticate(token))).toBe('UNAUTHENTICATED');

    const second = await service.signIn({ email, password: 'long enough pw' }, IP);
    clock.advance(12 * 3600);
    expect(await codeOf(() => service.authenticate(second.token))).toBe('UNAUTHENTICATED');
    expect(await codeOf(() => service.authenticate('mxs_made-up'))).toBe('UNAUTHENTICATED');
    expect(await codeOf(() => service.authenticate(''))).toBe('UNAUTHENTICATED');
  });

  it('gives the same answer, in about the same time, for an unknown email and a wrong password', async () => {
    const email = uniqueEmail();
    await service.signUp({ email, password: 'long enough pw' }, IP);
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
        service.signIn({ email: uniqueEmail('nobody'), password: 'whatever pw' }, { ip: `198.51.100.${i}` }),
      );
      const b = await time(() =>
        service.signIn({ email, password: `wrong password ${i}` }, { ip: `198.51.100.${100 + i}` }),
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
    await service.signUp({ email, password: 'long enough pw' }, IP);
    for (let i = 0; i < 5; i++) {
      expect(
        await codeOf(() => service.signIn({ email, password: 'nope nope' }, { ip: `192.0.2.${i}` })),
      ).toBe('INVALID_CREDENTIALS');
    }
    const locked = await service
      .signIn({ email, password: 'long enough pw' }, { ip: '192.0.2.99' })
      .catch((e: unknown) => e);
    expect(locked).toMatchObject({
      code: 'TOO_MANY_ATTEMPTS',
      status: 429,
      meta: { retryAfterSeconds: 900 },
    });
    expect((locked as Error).message).toBe('Too many failed attempts. Try again in 900 seconds.');
    clock.advance(901);
    await expect(service.signIn({ email, password: 'long enough pw' }, IP)).resolves.toHaveProperty('token');
  });

  it('locks an address after 20 failures across accounts, unknown emails included', async () => {
    const ip = { ip: '198.18.0.1' };
    for (let i = 0; i < 20; i++) {
      await codeOf(() => service.signIn({ email: uniqueEmail('spray'), password: 'guess guess' }, ip));
    }
    const email = uniqueEmail();
    await service.signUp({ email, password: 'long enough pw' }, IP);
    expect(await codeOf(() => service.signIn({ email, password: 'long enough pw' }, ip))).toBe(
      'TOO_MANY_ATTEMPTS',
    );
    await expect(
      service.signIn({ email, password: 'long enough pw' }, { ip: '198.18.0.2' }),
    ).resolves.toHaveProperty('token');
    clock.advance(901);
  });
});

describe('two-factor authentication', () => {
  it('issues a base32 secret and otpauth URL, enables with a valid code, and keeps the secret encrypted', async () => {
    const me = await service.signUp({ email: uniqueEmail(), password: 'long enough pw' }, IP);
    expect(await codeOf(() => service.enableTwoFactor(me.id, { otp: '123456' }, IP))).toBe(
      'TWO_FACTOR_NOT_STARTED',
    );
    const { secret, otpauthUrl } = await service.beginTwoFactor(me.id, IP);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(url.searchParams.get('secret')).toBe(secret);
    expect(url.searchParams.get('algorithm')).toBe('SHA1');
    expect(url.searchParams.get('digits')).toBe('6');
    expect(url.searchParams.get('period')).toBe('30');
    const row = await database.db
      .selectFrom('users')
      .select('totp_secret_enc')
      .where('id', '=', me.id)
      .executeTakeFirstOrThrow();
    expect(row.totp_secret_enc).not.toContain(secret);

    expect(await codeOf(() => service.enableTwoFactor(me.id, { otp: '000000' }, IP))).toBe('INVALID_OTP');
    clock.advance(30);
    const enabled = await service.enableTwoFactor(me.id, { otp: totpCode(secret, clock.now()) }, IP);
    expect(enabled.twoFactorEnabled).toBe(true);
    expect(await codeOf(() => service.beginTwoFactor(me.id, IP))).toBe('TWO_FACTOR_ALREADY_ENABLED');
  });

  it('accepts ±1 step of drift, refuses older codes, and accepts each code only once', async () => {
    const user = await readyUser(service, clock);
    const email = user.email;
    const password = user.password;
    clock.advance(300);
    const now = clock.now();
    const previous = totpCode(user.totpSecret, new Date(now.getTime() - 30_000));
    const twoBack = totpCode(user.totpSecret, new Date(now.getTime() - 60_000));
    const next = totpCode(user.totpSecret, new Date(now.getTime() + 30_000));
    expect(await codeOf(() => service.signIn({ email, password }, IP))).toBe('OTP_REQUIRED');
    expect(await codeOf(() => service.signIn({ email, password, otp: twoBack }, IP))).toBe('INVALID_OTP');
    await expect(service.signIn({ email, password, otp: previous }, IP)).resolves.toHaveProperty('token');
    // Replay of the same code, then of an older one after a newer step was used.
    expect(await codeOf(() => service.signIn({ email, password, otp: previous }, IP))).toBe('INVALID_OTP');
    await expect(service.signIn({ email, password, otp: next }, IP)).resolves.toHaveProperty('token');
    const current = totpCode(user.totpSecret, now);
    expect(await codeOf(() => service.signIn({ email, password, otp: current }, IP))).toBe('INVALID_OTP');
    // Expired: a code from two minutes ago.
    clock.advance(120);
    expect(await codeOf(() => service.signIn({ email, password, otp: next }, IP))).toBe('INVALID_OTP');
  });

  it('locks key management for a user after 5 wrong codes', async () => {
    const user = await readyUser(service, clock);
    for (let i = 0; i < 5; i++) {
      expect(await codeOf(() => service.createKey(user.id, { label: 'bot', otp: '000000' }, IP))).toBe(
        'INVALID_OTP',
      );
    }
    expect(await codeOf(() => service.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP))).toBe(
      'TOO_MANY_ATTEMPTS',
    );
    clock.advance(900);
    await expect(
      service.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP),
    ).resolves.toHaveProperty('secret');
  });

  it('refuses replayed codes without counting them as guesses', async () => {
    const user = await readyUser(service, clock);
    const code = user.nextCode();
    await service.createKey(user.id, { label: 'bot', otp: code }, IP);
    for (let i = 0; i < 8; i++)
      expect(await codeOf(() => service.revokeAllKeys(user.id, { otp: code }, IP))).toBe('INVALID_OTP');
    expect(await service.revokeAllKeys(user.id, { otp: user.nextCode() }, IP)).toBe(1);
  });
});

describe('KYC', () => {
  it('verifies at once in auto mode, stays pending in manual mode, and the sandbox can set any status', async () => {
    const me = await service.signUp({ email: uniqueEmail(), password: 'long enough pw' }, IP);
    expect(await codeOf(() => service.submitKyc(me.id, { legalName: 'A', country: 'GB' }, IP))).toBe(
      'INVALID_REQUEST',
    );
    expect(await codeOf(() => service.submitKyc(me.id, { legalName: 'Ada', country: 'GBR' }, IP))).toBe(
      'INVALID_REQUEST',
    );
    expect(
      (await service.submitKyc(me.id, { legalName: ' Ada  Lovelace ', country: 'gb' }, IP)).kycStatus,
    ).toBe('verified');
    expect((await service.setKycStatus(me.email.toUpperCase(), 'expired')).kycStatus).toBe('expired');
    expect(await codeOf(() => service.setKycStatus('nobody@example.com', 'verified'))).toBe(
      'ACCOUNT_NOT_FOUND',
    );

    const manual = await makeService(database, { kycMode: 'manual' });
    const other = await manual.service.signUp({ email: uniqueEmail(), password: 'long enough pw' }, IP);
    expect(
      (await manual.service.submitKyc(other.id, { legalName: 'Grace Hopper', country: 'US' }, IP)).kycStatus,
    ).toBe('pending');
    await manual.service.close();
  });
});

describe('API keys', () => {
  it('need verified KYC, then 2FA, then a valid code, in that order', async () => {
    const me = await service.signUp({ email: uniqueEmail(), password: 'long enough pw' }, IP);
    expect(await codeOf(() => service.createKey(me.id, { label: 'bot', otp: '123456' }, IP))).toBe(
      'KYC_REQUIRED',
    );
    await service.submitKyc(me.id, { legalName: 'Ada Lovelace', country: 'GB' }, IP);
    expect(await codeOf(() => service.createKey(me.id, { label: 'bot', otp: '123456' }, IP))).toBe(
      'TWO_FACTOR_REQUIRED',
    );
    const { secret } = await service.beginTwoFactor(me.id, IP);
    expect(await codeOf(() => service.createKey(me.id, { label: 'bot', otp: '123456' }, IP))).toBe(
      'TWO_FACTOR_REQUIRED',
    );
    clock.advance(30);
    await service.enableTwoFactor(me.id, { otp: totpCode(secret, clock.now()) }, IP);
    expect(await codeOf(() => service.createKey(me.id, { label: 'bot', otp: '123456' }, IP))).toBe(
      'INVALID_OTP',
    );
    expect(await codeOf(() => service.createKey(me.id, { label: 'bot' }, IP))).toBe('INVALID_OTP');
    await service.setKycStatus(me.email, 'rejected');
    expect(await codeOf(() => service.createKey(me.id, { label: 'bot', otp: '123456' }, IP))).toBe(
      'KYC_REQUIRED',
    );
  });

  it('creates a key shown once, stores only its HMAC, lists it without the secret, and enforces the limit', async () => {
    const user = await readyUser(service, clock);
    const { key, secret } = await service.createKey(
      user.id,
      { label: '  My bot ', otp: user.nextCode() },
      IP,
    );
    expect(looksLikeMockexSecret(secret)).toBe(true);
    expect(key).toMatchObject({
      label: 'My bot',
      permissions: ['READ_ONLY'],
      ipWhitelist: [],
      status: 'active',
      lastUsedAt: null,
      lastUsedIp: null,
    });
    expect(key.keyPrefix).toBe(secret.slice(0, 11));
    expect(key.expiresAt.getTime() - key.createdAt.getTime()).toBe(90 * 86400 * 1000);
    const row = await database.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', key.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await service.listKeys(user.id))).not.toContain(secret);

    expect(
      await codeOf(() => service.createKey(user.id, { label: 'second', otp: user.nextCode() }, IP)),
    ).toBe('KEY_LIMIT_REACHED');
    // A refused change does not burn the code: it still works for the next call.
    const code = user.nextCode();
    expect(await codeOf(() => service.createKey(user.id, { label: 'second', otp: code }, IP))).toBe(
      'KEY_LIMIT_REACHED',
    );
    await expect(service.revokeKey(user.id, { id: key.id, otp: code }, IP)).resolves.toMatchObject({
      status: 'revoked',
    });
    await expect(
      service.createKey(user.id, { label: 'second', otp: user.nextCode() }, IP),
    ).resolves.toHaveProperty('secret');
  });

  it('enforces the permission policy on create and on update', async () => {
    const user = await readyUser(service, clock);
    expect(
      await codeOf(() =>
        service.createKey(user.id, { label: 'w', permissions: ['WITHDRAW'], otp: user.nextCode() }, IP),
      ),
    ).toBe('PERMISSION_POLICY');
    expect(
      await codeOf(() =>
        service.createKey(
          user.id,
          { label: 'w', permissions: ['TRADE', 'WITHDRAW'], ipWhitelist: ['1.2.3.4'], otp: user.nextCode() },
          IP,
        ),
      ),
    ).toBe('PERMISSION_POLICY');
    const { key } = await service.createKey(
      user.id,
      { label: 'w', permissions: ['WITHDRAW'], ipWhitelist: ['1.2.3.4', '10.0.0.0/8'], otp: user.nextCode() },
      IP,
    );
    expect(key.permissions).toEqual(['WITHDRAW']);
    expect(
      await codeOf(() =>
        service.updateKey(user.id, { id: key.id, ipWhitelist: [], otp: user.nextCode() }, IP),
      ),
    ).toBe('PERMISSION_POLICY');
    expect(
      await codeOf(() =>
        service.updateKey(
          user.id,
          { id: key.id, permissions: ['TRADE', 'WITHDRAW'], otp: user.nextCode() },
          IP,
        ),
      ),
    ).toBe('PERMISSION_POLICY');
    const updated = await service.updateKey(
      user.id,
      {
        id: key.id,
        permissions: ['READ_ONLY', 'TRADE'],
        ipWhitelist: [],
        label: 'trader',
        otp: user.nextCode(),
      },
      IP,
    );
    expect(updated).toMatchObject({ label: 'trader', permissions: ['READ_ONLY', 'TRADE'], ipWhitelist: [] });
  });

  it("never lets one user see or change another user's key", async () => {
    const alice = await readyUser(service, clock, 'alice');
    const bob = await readyUser(service, clock, 'bob');
    const { key } = await service.createKey(alice.id, { label: 'alice bot', otp: alice.nextCode() }, IP);
    expect(await service.listKeys(bob.id)).toEqual([]);
    for (const attempt of [
      () => service.updateKey(bob.id, { id: key.id, label: 'mine', otp: bob.nextCode() }, IP),
      () => service.rotateKey(bob.id, { id: key.id, otp: bob.nextCode() }, IP),
      () => service.revokeKey(bob.id, { id: key.id, otp: bob.nextCode() }, IP),
    ]) {
      expect(await codeOf(attempt)).toBe('KEY_NOT_FOUND');
    }
    expect(await service.revokeAllKeys(bob.id, { otp: bob.nextCode() }, IP)).toBe(0);
    expect((await service.listKeys(alice.id))[0]).toMatchObject({ label: 'alice bot', status: 'active' });
  });

  it('rotates: new secret, old one dead on the very next verification, expiry counted from rotation', async () => {
    const user = await readyUser(service, clock);
    const { key, secret } = await service.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP);
    const now = () => ({ ip: '203.0.113.9', now: clock.now() });
    expect((await service.verifyKey(secret, now())).valid).toBe(true);
    clock.advance(10 * 86400);
    const rotated = await service.rotateKey(user.id, { id: key.id, otp: user.nextCode() }, IP);
    expect(rotated.secret).not.toBe(secret);
    expect(rotated.key.id).toBe(key.id);
    expect(rotated.key.keyPrefix).toBe(rotated.secret.slice(0, 11));
    expect(rotated.key.expiresAt.getTime()).toBe(clock.now().getTime() + 90 * 86400 * 1000);
    expect(await service.verifyKey(secret, now())).toEqual({ valid: false, reason: 'AUTH_INVALID' });
    expect((await service.verifyKey(rotated.secret, now())).valid).toBe(true);
  });

  it('revokes permanently: KEY_REVOKED on verification and on every later change', async () => {
    const user = await readyUser(service, clock);
    const { key, secret } = await service.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP);
    expect((await service.verifyKey(secret, { ip: '1.1.1.1', now: clock.now() })).valid).toBe(true);
    await service.revokeKey(user.id, { id: key.id, otp: user.nextCode() }, IP);
    expect(await service.verifyKey(secret, { ip: '1.1.1.1', now: clock.now() })).toEqual({
      valid: false,
      reason: 'KEY_REVOKED',
    });
    expect(await codeOf(() => service.revokeKey(user.id, { id: key.id, otp: user.nextCode() }, IP))).toBe(
      'KEY_REVOKED',
    );
    expect(await codeOf(() => service.rotateKey(user.id, { id: key.id, otp: user.nextCode() }, IP))).toBe(
      'KEY_REVOKED',
    );
    expect(
      await codeOf(() => service.updateKey(user.id, { id: key.id, label: 'x', otp: user.nextCode() }, IP)),
    ).toBe('KEY_REVOKED');
  });

  it('expires keys 90 days after creation; expired keys do not count and can be rotated back', async () => {
    const user = await readyUser(service, clock);
    const { key, secret } = await service.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP);
    clock.set(new Date(key.expiresAt.getTime() - 1000));
    expect((await service.verifyKey(secret, { ip: '1.1.1.1', now: clock.now() })).valid).toBe(true);
    clock.set(key.expiresAt);
    expect(await service.verifyKey(secret, { ip: '1.1.1.1', now: clock.now() })).toEqual({
      valid: false,
      reason: 'KEY_EXPIRED',
      detail: { expiredAt: key.expiresAt.toISOString() },
    });
    expect((await service.listKeys(user.id))[0]!.status).toBe('expired');
    const second = await service.createKey(user.id, { label: 'second', otp: user.nextCode() }, IP);
    // Bringing the first back would make two active keys.
    expect(await codeOf(() => service.rotateKey(user.id, { id: key.id, otp: user.nextCode() }, IP))).toBe(
      'KEY_LIMIT_REACHED',
    );
    await service.revokeKey(user.id, { id: second.key.id, otp: user.nextCode() }, IP);
    const back = await service.rotateKey(user.id, { id: key.id, otp: user.nextCode() }, IP);
    expect(back.key.status).toBe('active');
    expect((await service.verifyKey(back.secret, { ip: '1.1.1.1', now: clock.now() })).valid).toBe(true);
  });

  it('revokes every key at once with revokeAll', async () => {
    const { service: multi, clock: c } = await makeService(database, { profile: venueProfile('multikey') });
    const user = await readyUser(multi, c);
    const secrets: string[] = [];
    for (let i = 0; i < 3; i++)
      secrets.push((await multi.createKey(user.id, { label: `k${i}`, otp: user.nextCode() }, IP)).secret);
    expect(await multi.revokeAllKeys(user.id, { otp: user.nextCode() }, IP)).toBe(3);
    for (const s of secrets)
      expect(await multi.verifyKey(s, { ip: '1.1.1.1', now: c.now() })).toMatchObject({
        reason: 'KEY_REVOKED',
      });
    expect(await multi.revokeAllKeys(user.id, { otp: user.nextCode() }, IP)).toBe(0);
    await multi.close();
  });

  it('yields exactly one key from 20 concurrent creates (the database enforces the limit)', async () => {
    // 2FA off in this profile so the 20 calls do not compete for one code: only the limit decides.
    const profile = {
      ...venueProfile('mudrex'),
      keys: { ...venueProfile('mudrex').keys, requireTwoFactor: false },
    };
    const { service: noOtp } = await makeService(database, { profile });
    const me = await noOtp.signUp({ email: uniqueEmail('race'), password: 'long enough pw' }, IP);
    await noOtp.submitKyc(me.id, { legalName: 'Race Condition', country: 'DE' }, IP);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => noOtp.createKey(me.id, { label: `k${i}` }, IP)),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason.code);
    expect(ok).toHaveLength(1);
    expect(refused).toEqual(Array(19).fill('KEY_LIMIT_REACHED'));
    const rows = await database.db.selectFrom('api_keys').select('id').where('user_id', '=', me.id).execute();
    expect(rows).toHaveLength(1);
    await noOtp.close();
  });
});

describe('verifyKey', () => {
  it('checks in order: unknown, revoked, expired, IP, KYC', async () => {
    const user = await readyUser(service, clock);
    const { key, secret } = await service.createKey(
      user.id,
      { label: 'bot', ipWhitelist: ['10.0.0.0/8', '2001:db8::1'], otp: user.nextCode() },
      IP,
    );
    const at = (ip: string) => ({ ip, now: clock.now() });
    expect(await service.verifyKey('mx_notasecret', at('10.1.1.1'))).toEqual({
      valid: false,
      reason: 'AUTH_INVALID',
    });
    expect(
      await service.verifyKey(secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a'), at('10.1.1.1')),
    ).toMatchObject({ reason: 'AUTH_INVALID' });
    expect(await service.verifyKey(secret, at('192.0.2.1'))).toEqual({
      valid: false,
      reason: 'IP_NOT_ALLOWED',
      detail: { ip: '192.0.2.1' },
    });
    expect(await service.verifyKey(secret, at('::ffff:10.9.9.9'))).toMatchObject({ valid: true });
    const ok = await service.verifyKey(secret, at('2001:db8::1'));
    expect(ok).toEqual({
      valid: true,
      key: { id: key.id, keyPrefix: key.keyPrefix, permissions: ['READ_ONLY'], expiresAt: key.expiresAt },
      account: { id: user.id, email: user.email, kycStatus: 'verified' },
    });
    // KYC expiry stops the key on the very next request (the cache is invalidated).
    await service.setKycStatus(user.email, 'expired');
    expect(await service.verifyKey(secret, at('10.1.1.1'))).toEqual({
      valid: false,
      reason: 'KYC_REQUIRED',
      detail: { status: 'expired' },
      permissions: ['READ_ONLY'],
    });
    // IP is checked before KYC.
    expect(await service.verifyKey(secret, at('192.0.2.1'))).toMatchObject({ reason: 'IP_NOT_ALLOWED' });
    await service.setKycStatus(user.email, 'verified');
    expect((await service.verifyKey(secret, at('10.1.1.1'))).valid).toBe(true);
  });

  it('answers from memory while nothing changes (no database round trip)', async () => {
    // The service gets a handle whose every statement is counted.
    let queries = 0;
    const counted = database.db.withPlugin({
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const { service: s, clock: c } = await makeService({ ...database, db: counted });
    const user = await readyUser(s, c);
    const { secret } = await s.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP);
    await s.verifyKey(secret, { ip: '1.1.1.1', now: c.now() });
    await s.flushUsage();
    const before = queries;
    expect(before).toBeGreaterThan(0);
    for (let i = 0; i < 2000; i++) await s.verifyKey(secret, { ip: '1.1.1.1', now: c.now() });
    expect(queries).toBe(before);
    // A change is seen on the very next call, at the cost of one load.
    await s.setKycStatus(user.email, 'rejected');
    const afterChange = queries;
    expect(await s.verifyKey(secret, { ip: '1.1.1.1', now: c.now() })).toMatchObject({
      reason: 'KYC_REQUIRED',
    });
    expect(queries).toBe(afterChange + 1);
    await s.close();
  });

  it('writes lastUsedAt/lastUsedIp at most about once a second per key', async () => {
    const user = await readyUser(service, clock);
    const { key, secret } = await service.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP);
    const first = clock.now();
    await service.verifyKey(secret, { ip: '198.51.100.1', now: first });
    await service.flushUsage();
    clock.advance(5);
    for (let i = 0; i < 50; i++) await service.verifyKey(secret, { ip: '198.51.100.2', now: clock.now() });
    await service.flushUsage();
    let listed = (await service.listKeys(user.id)).find((k) => k.id === key.id)!;
    expect(listed.lastUsedAt).toEqual(first);
    expect(listed.lastUsedIp).toBe('198.51.100.1');
    await new Promise((r) => setTimeout(r, 1_050));
    await service.verifyKey(secret, { ip: '198.51.100.3', now: clock.now() });
    await service.flushUsage();
    listed = (await service.listKeys(user.id)).find((k) => k.id === key.id)!;
    expect(listed.lastUsedAt).toEqual(clock.now());
    expect(listed.lastUsedIp).toBe('198.51.100.3');
  });
});

describe('audit trail', () => {
  it('records sign-in, 2FA, KYC and key events with time, address and key id, newest first with a cursor', async () => {
    const user = await readyUser(service, clock);
    await service.signIn(
      { email: user.email, password: user.password, otp: user.nextCode() },
      { ip: '192.0.2.44' },
    );
    const { key } = await service.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP);
    await service.updateKey(user.id, { id: key.id, label: 'renamed', otp: user.nextCode() }, IP);
    await service.rotateKey(user.id, { id: key.id, otp: user.nextCode() }, IP);
    await service.revokeKey(user.id, { id: key.id, otp: user.nextCode() }, IP);

    const all = await service.listAudit(user.id, { limit: 200 });
    expect(all.nextCursor).toBeNull();
    expect(all.events.map((e) => e.type)).toEqual([
      'key.revoked',
      'key.rotated',
      'key.updated',
      'key.created',
      'auth.signed_in',
      'auth.two_factor_enabled',
      'auth.two_factor_started',
      'account.kyc_changed',
      'auth.signed_up',
    ]);
    const signedIn = all.events.find((e) => e.type === 'auth.signed_in')!;
    expect(signedIn.ip).toBe('192.0.2.44');
    expect(signedIn.id).toMatch(/^evt_/);
    expect(all.events[0]).toMatchObject({ keyId: key.id, ip: IP.ip });
    expect(all.events[0]!.at).toBeInstanceOf(Date);
    expect(all.events.find((e) => e.type === 'account.kyc_changed')!.detail).toEqual({
      from: 'none',
      to: 'verified',
      by: 'submission',
    });

    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<KeyService['listAudit']>> = await service.listAudit(user.id, {
        limit: 4,
        cursor,
      });
      pages.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual(all.events.map((e) => e.id));
    expect(await codeOf(() => service.listAudit(user.id, { cursor: 'garbage' }))).toBe('INVALID_REQUEST');
  });
});

describe('findAccountByEmail and reset', () => {
  it('finds accounts by email, and reset wipes every key-API table and the cache', async () => {
    const { service: s, clock: c } = await makeService(database);
    const user = await readyUser(s, c);
    const { secret } = await s.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP);
    expect((await s.verifyKey(secret, { ip: '1.1.1.1', now: c.now() })).valid).toBe(true);
    expect((await s.findAccountByEmail(user.email.toUpperCase()))?.id).toBe(user.id);
    expect(await s.findAccountByEmail('nobody@example.com')).toBeNull();
    await s.reset();
    expect(await s.findAccountByEmail(user.email)).toBeNull();
    expect(await s.verifyKey(secret, { ip: '1.1.1.1', now: c.now() })).toEqual({
      valid: false,
      reason: 'AUTH_INVALID',
    });
    for (const table of ['users', 'sessions', 'api_keys', 'audit_events', 'auth_throttle']) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
        database.db,
      );
      expect(rows[0]!.n).toBe(0);
    }
    await s.close();
  });
});
