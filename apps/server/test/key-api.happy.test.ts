import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyApiClient } from '@mockex/client';
import { looksLikeMockexSecret } from '@mockex/keys';
import { totpCode } from '@mockex/keys/testing';
import type { TestServer } from '../src/testing.ts';
import { readyTrader, refusal, startKeyApiServer, uniqueEmail } from './key-api-support.ts';

let server: TestServer;
let clock: Awaited<ReturnType<typeof startKeyApiServer>>['clock'];
beforeAll(async () => {
  ({ server, clock } = await startKeyApiServer());
});
afterAll(() => server.stop());

describe('key API over HTTP with the typed client', () => {
  it('takes a new user from sign-up through 2FA and KYC to a key, then lists, rotates and revokes it', async () => {
    const email = uniqueEmail('journey');
    const password = 'journey password 1';
    const anonymous = createKeyApiClient({ url: server.url });

    const { user } = await anonymous.auth.signUp.mutate({ email, password });
    expect(user).toMatchObject({ email, kycStatus: 'none', twoFactorEnabled: false });
    const session = await anonymous.auth.signIn.mutate({ email, password });
    expect(new Date(session.expiresAt).getTime()).toBeGreaterThan(clock.now().getTime());

    let token: string | null = session.token;
    const api = createKeyApiClient({ url: `${server.url}/trpc`, token: () => token });
    expect(await api.account.me.query()).toEqual(user);

    // Every refusal on the way carries the contract's appCode.
    expect(await refusal(() => api.keys.create.mutate({ label: 'bot', otp: '000000' }))).toMatchObject({
      appCode: 'KYC_REQUIRED',
      httpStatus: 403,
    });
    expect((await api.account.submitKyc.mutate({ legalName: 'Ada Lovelace', country: 'GB' })).kycStatus).toBe(
      'verified',
    );
    expect(await refusal(() => api.keys.create.mutate({ label: 'bot', otp: '000000' }))).toMatchObject({
      appCode: 'TWO_FACTOR_REQUIRED',
      httpStatus: 403,
    });

    const twoFactor = await api.account.beginTwoFactor.mutate();
    expect(twoFactor.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Mockex:/);
    const code = () => {
      clock.advance(30);
      return totpCode(twoFactor.secret, clock.now());
    };
    expect((await api.account.enableTwoFactor.mutate({ otp: code() })).twoFactorEnabled).toBe(true);
    expect(await refusal(() => api.keys.create.mutate({ label: 'bot', otp: '000000' }))).toMatchObject({
      appCode: 'INVALID_OTP',
      httpStatus: 401,
    });

    const created = await api.keys.create.mutate({
      label: 'my bot',
      permissions: ['READ_ONLY', 'TRADE'],
      otp: code(),
    });
    expect(looksLikeMockexSecret(created.secret)).toBe(true);
    expect(created.key).toMatchObject({
      label: 'my bot',
      permissions: ['READ_ONLY', 'TRADE'],
      ipWhitelist: [],
      status: 'active',
      lastUsedAt: null,
      lastUsedIp: null,
    });
    expect(Object.keys(created.key).sort()).toEqual(
      [
        'createdAt',
        'expiresAt',
        'id',
        'ipWhitelist',
        'keyPrefix',
        'label',
        'lastUsedAt',
        'lastUsedIp',
        'permissions',
        'status',
      ].sort(),
    );
    expect(new Date(created.key.expiresAt).getTime() - new Date(created.key.createdAt).getTime()).toBe(
      90 * 86_400_000,
    );
    expect(await refusal(() => api.keys.create.mutate({ label: 'second', otp: code() }))).toMatchObject({
      appCode: 'KEY_LIMIT_REACHED',
      httpStatus: 409,
    });

    const listed = await api.keys.list.query();
    expect(listed.keys).toEqual([created.key]);
    expect(JSON.stringify(listed)).not.toContain(created.secret);

    // The exchange accepts it and records its use.
    expect(
      (await server.keys.verifyKey(created.secret, { ip: '198.51.100.10', now: clock.now() })).valid,
    ).toBe(true);
    await server.keys.flushUsage();
    expect((await api.keys.list.query()).keys[0]).toMatchObject({
      lastUsedAt: clock.now().toISOString(),
      lastUsedIp: '198.51.100.10',
    });

    const updated = await api.keys.update.mutate({
      id: created.key.id,
      label: 'renamed',
      ipWhitelist: ['198.51.100.0/24'],
      otp: code(),
    });
    expect(updated.key).toMatchObject({ label: 'renamed', ipWhitelist: ['198.51.100.0/24'] });

    const rotated = await api.keys.rotate.mutate({ id: created.key.id, otp: code() });
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.key.id).toBe(created.key.id);
    expect(
      await server.keys.verifyKey(created.secret, { ip: '198.51.100.10', now: clock.now() }),
    ).toMatchObject({ valid: false, reason: 'AUTH_INVALID' });

    const revoked = await api.keys.revoke.mutate({ id: created.key.id, otp: code() });
    expect(revoked.key.status).toBe('revoked');
    expect(
      await server.keys.verifyKey(rotated.secret, { ip: '198.51.100.10', now: clock.now() }),
    ).toMatchObject({ valid: false, reason: 'KEY_REVOKED' });
    expect(await refusal(() => api.keys.rotate.mutate({ id: created.key.id, otp: code() }))).toMatchObject({
      appCode: 'KEY_REVOKED',
      httpStatus: 401,
    });

    const audit = await api.audit.list.query({ limit: 5 });
    expect(audit.events.map((e) => e.type)).toEqual([
      'key.revoked',
      'key.rotated',
      'key.updated',
      'key.created',
      'auth.two_factor_enabled',
    ]);
    expect(audit.events[0]).toMatchObject({ keyId: created.key.id, ip: '127.0.0.1' });
    const older = await api.audit.list.query({ limit: 50, cursor: audit.nextCursor });
    expect(older.events.map((e) => e.type)).toEqual([
      'auth.two_factor_started',
      'account.kyc_changed',
      'auth.signed_in',
      'auth.signed_up',
    ]);
    expect(older.nextCursor).toBeNull();

    expect(await api.auth.signOut.mutate()).toEqual({ ok: true });
    expect(await refusal(() => api.account.me.query())).toMatchObject({
      appCode: 'UNAUTHENTICATED',
      httpStatus: 401,
    });
    token = null;
  });

  it('revokes every key at once with keys.revokeAll', async () => {
    const trader = await readyTrader(server, clock);
    const { secret } = await trader.api.keys.create.mutate({ label: 'bot', otp: trader.nextCode() });
    expect(await trader.api.keys.revokeAll.mutate({ otp: trader.nextCode() })).toEqual({ revoked: 1 });
    expect(await server.keys.verifyKey(secret, { ip: '1.1.1.1', now: clock.now() })).toMatchObject({
      reason: 'KEY_REVOKED',
    });
  });

  it('is plain JSON for any HTTP client (curl-style calls)', async () => {
    const email = uniqueEmail('curl');
    const signUp = await fetch(`${server.url}/trpc/auth.signUp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'curl password 1' }),
    });
    expect(signUp.status).toBe(200);
    expect((await signUp.json()).result.data.user.email).toBe(email);
    const signIn = await fetch(`${server.url}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'curl password 1' }),
    });
    const { token } = (await signIn.json()).result.data;
    const list = await fetch(`${server.url}/trpc/keys.list`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await list.json()).toEqual({ result: { data: { keys: [] } } });
    const audit = await fetch(
      `${server.url}/trpc/audit.list?input=${encodeURIComponent(JSON.stringify({ limit: 1 }))}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect((await audit.json()).result.data.events[0].type).toBe('auth.signed_in');
  });
});

describe('server configuration of the key API', () => {
  it('keeps KYC pending with MOCKEX_KYC_MODE=manual until the sandbox verifies it', async () => {
    const { server: manual } = await startKeyApiServer({ MOCKEX_KYC_MODE: 'manual' });
    try {
      const anonymous = createKeyApiClient({ url: manual.url });
      const email = uniqueEmail('manual');
      await anonymous.auth.signUp.mutate({ email, password: 'manual password' });
      const { token } = await anonymous.auth.signIn.mutate({ email, password: 'manual password' });
      const api = createKeyApiClient({ url: manual.url, token });
      expect(
        (await api.account.submitKyc.mutate({ legalName: 'Grace Hopper', country: 'US' })).kycStatus,
      ).toBe('pending');
      expect(await refusal(() => api.keys.create.mutate({ label: 'bot', otp: '123456' }))).toMatchObject({
        appCode: 'KYC_REQUIRED',
      });
      await manual.keys.setKycStatus(email, 'verified');
      expect((await api.account.me.query()).kycStatus).toBe('verified');
    } finally {
      await manual.stop();
    }
  });

  it('follows the venue profile of MOCKEX_VENUE (multikey: 5 active keys)', async () => {
    const { server: multi, clock: c } = await startKeyApiServer({ MOCKEX_VENUE: 'multikey' });
    try {
      const trader = await readyTrader(multi, c);
      for (let i = 0; i < 5; i++)
        await trader.api.keys.create.mutate({ label: `k${i}`, otp: trader.nextCode() });
      expect(
        await refusal(() => trader.api.keys.create.mutate({ label: 'k5', otp: trader.nextCode() })),
      ).toMatchObject({
        appCode: 'KEY_LIMIT_REACHED',
        message: 'This account already has 5 active API key(s), the most allowed',
      });
    } finally {
      await multi.stop();
    }
  });
});
