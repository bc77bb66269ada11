import { describe, expect, it } from 'vitest';
import { venueProfile } from '@mockex/domain';
import { looksLikeMockexSecret } from '../src/index.ts';
import { IP, codeOf, makeService, readyUser, totpCode, uniqueEmail, useKeyService } from './support.ts';

const env = useKeyService();

describe('API keys', () => {
  it('need verified KYC, then 2FA, then a valid code, in that order', async () => {
    const me = await env.service.signUp({ email: uniqueEmail(), password: 'long enough pw' }, IP);
    expect(await codeOf(() => env.service.createKey(me.id, { label: 'bot', otp: '123456' }, IP))).toBe(
      'KYC_REQUIRED',
    );
    await env.service.submitKyc(me.id, { legalName: 'Ada Lovelace', country: 'GB' }, IP);
    expect(await codeOf(() => env.service.createKey(me.id, { label: 'bot', otp: '123456' }, IP))).toBe(
      'TWO_FACTOR_REQUIRED',
    );
    const { secret } = await env.service.beginTwoFactor(me.id, IP);
    expect(await codeOf(() => env.service.createKey(me.id, { label: 'bot', otp: '123456' }, IP))).toBe(
      'TWO_FACTOR_REQUIRED',
    );
    env.clock.advance(30);
    await env.service.enableTwoFactor(me.id, { otp: totpCode(secret, env.clock.now()) }, IP);
    expect(await codeOf(() => env.service.createKey(me.id, { label: 'bot', otp: '123456' }, IP))).toBe(
      'INVALID_OTP',
    );
    expect(await codeOf(() => env.service.createKey(me.id, { label: 'bot' }, IP))).toBe('INVALID_OTP');
    await env.service.setKycStatus(me.email, 'rejected');
    expect(await codeOf(() => env.service.createKey(me.id, { label: 'bot', otp: '123456' }, IP))).toBe(
      'KYC_REQUIRED',
    );
  });

  it('creates a key shown once, stores only its HMAC, lists it without the secret, and enforces the limit', async () => {
    const user = await readyUser(env.service, env.clock);
    const { key, secret } = await env.service.createKey(
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
    const row = await env.database.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', key.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await env.service.listKeys(user.id))).not.toContain(secret);

    expect(
      await codeOf(() => env.service.createKey(user.id, { label: 'second', otp: user.nextCode() }, IP)),
    ).toBe('KEY_LIMIT_REACHED');
    // A refused change still uses up the code that authorised it: the code is not accepted again, and
    // that replay is no guess (it does not count towards the lock).
    const code = user.nextCode();
    expect(await codeOf(() => env.service.createKey(user.id, { label: 'second', otp: code }, IP))).toBe(
      'KEY_LIMIT_REACHED',
    );
    for (let i = 0; i < 6; i++) {
      expect(await codeOf(() => env.service.revokeKey(user.id, { id: key.id, otp: code }, IP))).toBe(
        'INVALID_OTP',
      );
    }
    await expect(
      env.service.revokeKey(user.id, { id: key.id, otp: user.nextCode() }, IP),
    ).resolves.toMatchObject({
      status: 'revoked',
    });
    // Nothing of the refused change was kept.
    expect((await env.service.listKeys(user.id)).map((k) => k.label)).toEqual(['My bot']);
    await expect(
      env.service.createKey(user.id, { label: 'second', otp: user.nextCode() }, IP),
    ).resolves.toHaveProperty('secret');
  });

  it('enforces the permission policy on create and on update', async () => {
    const user = await readyUser(env.service, env.clock);
    expect(
      await codeOf(() =>
        env.service.createKey(user.id, { label: 'w', permissions: ['WITHDRAW'], otp: user.nextCode() }, IP),
      ),
    ).toBe('PERMISSION_POLICY');
    expect(
      await codeOf(() =>
        env.service.createKey(
          user.id,
          { label: 'w', permissions: ['TRADE', 'WITHDRAW'], ipWhitelist: ['1.2.3.4'], otp: user.nextCode() },
          IP,
        ),
      ),
    ).toBe('PERMISSION_POLICY');
    const { key } = await env.service.createKey(
      user.id,
      { label: 'w', permissions: ['WITHDRAW'], ipWhitelist: ['1.2.3.4', '10.0.0.0/8'], otp: user.nextCode() },
      IP,
    );
    expect(key.permissions).toEqual(['WITHDRAW']);
    expect(
      await codeOf(() =>
        env.service.updateKey(user.id, { id: key.id, ipWhitelist: [], otp: user.nextCode() }, IP),
      ),
    ).toBe('PERMISSION_POLICY');
    expect(
      await codeOf(() =>
        env.service.updateKey(
          user.id,
          { id: key.id, permissions: ['TRADE', 'WITHDRAW'], otp: user.nextCode() },
          IP,
        ),
      ),
    ).toBe('PERMISSION_POLICY');
    const updated = await env.service.updateKey(
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
    const alice = await readyUser(env.service, env.clock, 'alice');
    const bob = await readyUser(env.service, env.clock, 'bob');
    const { key } = await env.service.createKey(alice.id, { label: 'alice bot', otp: alice.nextCode() }, IP);
    expect(await env.service.listKeys(bob.id)).toEqual([]);
    for (const attempt of [
      () => env.service.updateKey(bob.id, { id: key.id, label: 'mine', otp: bob.nextCode() }, IP),
      () => env.service.rotateKey(bob.id, { id: key.id, otp: bob.nextCode() }, IP),
      () => env.service.revokeKey(bob.id, { id: key.id, otp: bob.nextCode() }, IP),
    ]) {
      expect(await codeOf(attempt)).toBe('KEY_NOT_FOUND');
    }
    expect(await env.service.revokeAllKeys(bob.id, { otp: bob.nextCode() }, IP)).toBe(0);
    expect((await env.service.listKeys(alice.id))[0]).toMatchObject({ label: 'alice bot', status: 'active' });
  });

  it('rotates: new secret, old one dead on the very next verification, expiry counted from rotation', async () => {
    const user = await readyUser(env.service, env.clock);
    const { key, secret } = await env.service.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP);
    const now = () => ({ ip: '203.0.113.9', now: env.clock.now(), needs: 'READ_ONLY' as const });
    expect((await env.service.verifyKey(secret, now())).valid).toBe(true);
    env.clock.advance(10 * 86400);
    const rotated = await env.service.rotateKey(user.id, { id: key.id, otp: user.nextCode() }, IP);
    expect(rotated.secret).not.toBe(secret);
    expect(rotated.key.id).toBe(key.id);
    expect(rotated.key.keyPrefix).toBe(rotated.secret.slice(0, 11));
    expect(rotated.key.expiresAt.getTime()).toBe(env.clock.now().getTime() + 90 * 86400 * 1000);
    expect(await env.service.verifyKey(secret, now())).toEqual({ valid: false, reason: 'AUTH_INVALID' });
    expect((await env.service.verifyKey(rotated.secret, now())).valid).toBe(true);
  });

  it('revokes permanently: KEY_REVOKED on verification and on every later change', async () => {
    const user = await readyUser(env.service, env.clock);
    const { key, secret } = await env.service.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP);
    expect(
      (await env.service.verifyKey(secret, { ip: '1.1.1.1', now: env.clock.now(), needs: 'READ_ONLY' }))
        .valid,
    ).toBe(true);
    await env.service.revokeKey(user.id, { id: key.id, otp: user.nextCode() }, IP);
    expect(
      await env.service.verifyKey(secret, { ip: '1.1.1.1', now: env.clock.now(), needs: 'READ_ONLY' }),
    ).toEqual({
      valid: false,
      reason: 'KEY_REVOKED',
    });
    expect(await codeOf(() => env.service.revokeKey(user.id, { id: key.id, otp: user.nextCode() }, IP))).toBe(
      'KEY_REVOKED',
    );
    expect(await codeOf(() => env.service.rotateKey(user.id, { id: key.id, otp: user.nextCode() }, IP))).toBe(
      'KEY_REVOKED',
    );
    expect(
      await codeOf(() =>
        env.service.updateKey(user.id, { id: key.id, label: 'x', otp: user.nextCode() }, IP),
      ),
    ).toBe('KEY_REVOKED');
  });

  it('expires keys 90 days after creation; expired keys do not count and can be rotated back', async () => {
    const user = await readyUser(env.service, env.clock);
    const { key, secret } = await env.service.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP);
    env.clock.set(new Date(key.expiresAt.getTime() - 1000));
    expect(
      (await env.service.verifyKey(secret, { ip: '1.1.1.1', now: env.clock.now(), needs: 'READ_ONLY' }))
        .valid,
    ).toBe(true);
    env.clock.set(key.expiresAt);
    expect(
      await env.service.verifyKey(secret, { ip: '1.1.1.1', now: env.clock.now(), needs: 'READ_ONLY' }),
    ).toEqual({
      valid: false,
      reason: 'KEY_EXPIRED',
      detail: { expiredAt: key.expiresAt.toISOString() },
    });
    expect((await env.service.listKeys(user.id))[0]!.status).toBe('expired');
    const second = await env.service.createKey(user.id, { label: 'second', otp: user.nextCode() }, IP);
    // Bringing the first back would make two active keys.
    expect(await codeOf(() => env.service.rotateKey(user.id, { id: key.id, otp: user.nextCode() }, IP))).toBe(
      'KEY_LIMIT_REACHED',
    );
    await env.service.revokeKey(user.id, { id: second.key.id, otp: user.nextCode() }, IP);
    const back = await env.service.rotateKey(user.id, { id: key.id, otp: user.nextCode() }, IP);
    expect(back.key.status).toBe('active');
    expect(
      (await env.service.verifyKey(back.secret, { ip: '1.1.1.1', now: env.clock.now(), needs: 'READ_ONLY' }))
        .valid,
    ).toBe(true);
  });

  it('revokes every key at once with revokeAll', async () => {
    const { service: multi, clock: c } = await makeService(env.database, {
      profile: venueProfile('multikey'),
    });
    const user = await readyUser(multi, c);
    const secrets: string[] = [];
    for (let i = 0; i < 3; i++)
      secrets.push((await multi.createKey(user.id, { label: `k${i}`, otp: user.nextCode() }, IP)).secret);
    expect(await multi.revokeAllKeys(user.id, { otp: user.nextCode() }, IP)).toBe(3);
    for (const s of secrets)
      expect(await multi.verifyKey(s, { ip: '1.1.1.1', now: c.now(), needs: 'READ_ONLY' })).toMatchObject({
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
    const { service: noOtp } = await makeService(env.database, { profile });
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
    const rows = await env.database.db
      .selectFrom('api_keys')
      .select('id')
      .where('user_id', '=', me.id)
      .execute();
    expect(rows).toHaveLength(1);
    await noOtp.close();
  });
});
