import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@mockex/db/testing';
import { looksLikeMockexSecret } from '@mockex/keys';
import { appRouter, type ProcedureMeta } from '../src/index.ts';
import { failure, readyAccount, setup, uniqueEmail } from './support.ts';

/** The catalogue codes a procedure declares (the key-API reference lists exactly these). */
const declared = (path: string) =>
  (appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta } }>)[path]?._def
    .meta?.errors ?? [];

let database: TestDatabase;
let ctx: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  database = await createTestDatabase();
  ctx = await setup(database);
});
afterAll(async () => {
  await ctx.keys.close();
  await database.destroy();
});

describe('key API through createCaller', () => {
  it('takes a new user from sign-up to a created, rotated and revoked key', async () => {
    const email = uniqueEmail();
    const { user } = await ctx.caller().auth.signUp({ email, password: 'a fine password' });
    expect(user).toEqual({
      id: expect.stringMatching(/^usr_/),
      email,
      kycStatus: 'none',
      twoFactorEnabled: false,
      createdAt: '2026-05-01T00:00:00.000Z',
    });
    const signedIn = await ctx.caller().auth.signIn({ email, password: 'a fine password' });
    expect(signedIn.expiresAt).toBe('2026-05-01T12:00:00.000Z');
    const api = ctx.caller(signedIn.token);
    expect(await api.account.me()).toEqual(user);
    expect((await api.account.submitKyc({ legalName: 'Ada Lovelace', country: 'gb' })).kycStatus).toBe(
      'verified',
    );
    const { secret: totpSecret, otpauthUrl } = await api.account.beginTwoFactor();
    expect(otpauthUrl).toContain(`secret=${totpSecret}`);
    const { totpCode } = await import('@mockex/keys/testing');
    const code = () => {
      ctx.clock.advance(30);
      return totpCode(totpSecret, ctx.clock.now());
    };
    expect((await api.account.enableTwoFactor({ otp: code() })).twoFactorEnabled).toBe(true);

    const created = await api.keys.create({
      label: 'bot',
      permissions: ['READ_ONLY', 'TRADE'],
      ipWhitelist: ['10.0.0.0/8'],
      otp: code(),
    });
    expect(looksLikeMockexSecret(created.secret)).toBe(true);
    expect(created.key).toMatchObject({
      label: 'bot',
      permissions: ['READ_ONLY', 'TRADE'],
      ipWhitelist: ['10.0.0.0/8'],
      status: 'active',
      lastUsedAt: null,
    });
    expect(typeof created.key.createdAt).toBe('string');
    const { keys } = await api.keys.list();
    expect(keys).toEqual([created.key]);
    expect(JSON.stringify(keys)).not.toContain(created.secret);

    const updated = await api.keys.update({ id: created.key.id, label: 'renamed', otp: code() });
    expect(updated.key.label).toBe('renamed');
    const rotated = await api.keys.rotate({ id: created.key.id, otp: code() });
    expect(rotated.secret).not.toBe(created.secret);
    const revoked = await api.keys.revoke({ id: created.key.id, otp: code() });
    expect(revoked.key.status).toBe('revoked');
    expect(await api.keys.revokeAll({ otp: code() })).toEqual({ revoked: 0 });

    const audit = await api.audit.list();
    expect(audit.events[0]).toMatchObject({ type: 'key.revoked', keyId: created.key.id, ip: '203.0.113.5' });
    expect(typeof audit.events[0]!.at).toBe('string');
    const page = await api.audit.list({ limit: 2 });
    expect(page.events).toHaveLength(2);
    expect(page.nextCursor).toEqual(expect.any(String));

    expect(await api.auth.signOut()).toEqual({ ok: true });
    expect(await failure(() => api.account.me())).toMatchObject({
      code: 'UNAUTHORIZED',
      appCode: 'UNAUTHENTICATED',
    });
  });

  it('maps catalogue errors to the matching tRPC codes', async () => {
    const email = uniqueEmail();
    await ctx.caller().auth.signUp({ email, password: 'a fine password' });
    expect(
      await failure(() => ctx.caller().auth.signUp({ email, password: 'a fine password' })),
    ).toMatchObject({ code: 'CONFLICT', appCode: 'EMAIL_TAKEN' });
    expect(
      await failure(() => ctx.caller().auth.signIn({ email, password: 'wrong password' })),
    ).toMatchObject({
      code: 'UNAUTHORIZED',
      appCode: 'INVALID_CREDENTIALS',
      message: 'Email or password is wrong',
    });
    const { token } = await ctx.caller().auth.signIn({ email, password: 'a fine password' });
    const api = ctx.caller(token);
    expect(await failure(() => api.keys.create({ label: 'x', otp: '123456' }))).toMatchObject({
      code: 'FORBIDDEN',
      appCode: 'KYC_REQUIRED',
      message: 'API access needs verified identity (KYC); the KYC status of this account is none',
    });
    await api.account.submitKyc({ legalName: 'Ada Lovelace', country: 'GB' });
    expect(await failure(() => api.keys.create({ label: 'x', otp: '123456' }))).toMatchObject({
      code: 'FORBIDDEN',
      appCode: 'TWO_FACTOR_REQUIRED',
    });
    expect(await failure(() => api.account.enableTwoFactor({ otp: '123456' }))).toMatchObject({
      code: 'CONFLICT',
      appCode: 'TWO_FACTOR_NOT_STARTED',
    });

    const ready = await readyAccount(ctx);
    expect(await failure(() => ready.api.keys.create({ label: 'x', otp: '000000' }))).toMatchObject({
      code: 'UNAUTHORIZED',
      appCode: 'INVALID_OTP',
      field: 'otp',
    });
    await ready.api.keys.create({ label: 'x', otp: ready.nextCode() });
    expect(await failure(() => ready.api.keys.create({ label: 'y', otp: ready.nextCode() }))).toMatchObject({
      code: 'CONFLICT',
      appCode: 'KEY_LIMIT_REACHED',
    });
    expect(
      await failure(() =>
        ready.api.keys.rotate({ id: 'key_00000000000000000000000000', otp: ready.nextCode() }),
      ),
    ).toMatchObject({
      code: 'NOT_FOUND',
      appCode: 'KEY_NOT_FOUND',
    });
    expect(await failure(() => ready.api.account.beginTwoFactor())).toMatchObject({
      code: 'CONFLICT',
      appCode: 'TWO_FACTOR_ALREADY_ENABLED',
    });
  });

  it('answers the codes each procedure declares', async () => {
    const answered = new Set<string>();
    const check = async (path: string, call: () => Promise<unknown>) => {
      const { appCode } = await failure(call);
      expect(declared(path), `${path} answered ${appCode}`).toContain(appCode);
      answered.add(appCode!);
    };
    const email = uniqueEmail();
    await ctx.caller().auth.signUp({ email, password: 'a fine password' });
    await check('auth.signUp', () => ctx.caller().auth.signUp({ email, password: 'a fine password' }));
    await check('auth.signIn', () => ctx.caller().auth.signIn({ email, password: 'wrong password' }));
    const { token } = await ctx.caller().auth.signIn({ email, password: 'a fine password' });
    await check('keys.create', () => ctx.caller(token).keys.create({ label: 'x', otp: '123456' }));
    await check('account.enableTwoFactor', () =>
      ctx.caller(token).account.enableTwoFactor({ otp: '123456' }),
    );

    const ready = await readyAccount(ctx);
    await check('auth.signIn', () =>
      ctx.caller().auth.signIn({ email: ready.email, password: ready.password }),
    );
    await check('account.beginTwoFactor', () => ready.api.account.beginTwoFactor());
    await check('account.enableTwoFactor', () =>
      ready.api.account.enableTwoFactor({ otp: ready.nextCode() }),
    );
    const { key } = await ready.api.keys.create({ label: 'x', otp: ready.nextCode() });
    await check('keys.create', () => ready.api.keys.create({ label: 'y', otp: ready.nextCode() }));
    await check('keys.update', () =>
      ready.api.keys.update({ id: 'key_00000000000000000000000000', otp: ready.nextCode() }),
    );
    await check('keys.rotate', () => ready.api.keys.rotate({ id: key.id, otp: '000000' }));
    await check('keys.revokeAll', () => ready.api.keys.revokeAll({ otp: '000000' }));
    await ready.api.keys.revoke({ id: key.id, otp: ready.nextCode() });
    await check('keys.revoke', () => ready.api.keys.revoke({ id: key.id, otp: ready.nextCode() }));
    expect([...answered].sort()).toEqual(
      [
        'EMAIL_TAKEN',
        'INVALID_CREDENTIALS',
        'KYC_REQUIRED',
        'TWO_FACTOR_NOT_STARTED',
        'OTP_REQUIRED',
        'TWO_FACTOR_ALREADY_ENABLED',
        'KEY_LIMIT_REACHED',
        'KEY_NOT_FOUND',
        'INVALID_OTP',
        'KEY_REVOKED',
      ].sort(),
    );
  });

  it('answers a used key with lastUsedAt and lastUsedIp filled in, as the output schema allows', async () => {
    const ready = await readyAccount(ctx);
    const { key, secret } = await ready.api.keys.create({ label: 'used', otp: ready.nextCode() });
    expect(
      await ctx.keys.verifyKey(secret, { ip: '198.51.100.7', now: ctx.clock.now(), needs: 'READ_ONLY' }),
    ).toMatchObject({
      valid: true,
    });
    await ctx.keys.flushUsage();
    const { keys } = await ready.api.keys.list();
    expect(keys).toEqual([{ ...key, lastUsedAt: ctx.clock.now().toISOString(), lastUsedIp: '198.51.100.7' }]);
  });

  it('refuses every protected procedure without a valid session', async () => {
    for (const token of [undefined, 'mxs_not-a-session']) {
      const api = ctx.caller(token);
      const calls: (() => Promise<unknown>)[] = [
        () => api.auth.signOut(),
        () => api.account.me(),
        () => api.account.submitKyc({ legalName: 'Ada Lovelace', country: 'GB' }),
        () => api.account.beginTwoFactor(),
        () => api.account.enableTwoFactor({ otp: '123456' }),
        () => api.keys.create({ label: 'x', otp: '123456' }),
        () => api.keys.list(),
        () => api.keys.update({ id: 'key_00000000000000000000000000', otp: '123456' }),
        () => api.keys.rotate({ id: 'key_00000000000000000000000000', otp: '123456' }),
        () => api.keys.revoke({ id: 'key_00000000000000000000000000', otp: '123456' }),
        () => api.keys.revokeAll({ otp: '123456' }),
        () => api.audit.list(),
      ];
      for (const call of calls)
        expect(await failure(call)).toMatchObject({ code: 'UNAUTHORIZED', appCode: 'UNAUTHENTICATED' });
    }
  });
});

describe('bad input of every procedure', () => {
  // [procedure, field the error must name, call]
  type Case = [
    string,
    string,
    (
      api: Awaited<ReturnType<typeof readyAccount>>['api'] | ReturnType<typeof ctx.caller>,
    ) => Promise<unknown>,
  ];
  const id = 'key_00000000000000000000000000';
  const cases: Case[] = [
    ['auth.signUp', 'email', (a) => a.auth.signUp({ email: 'not-an-email', password: 'a fine password' })],
    ['auth.signUp', 'password', (a) => a.auth.signUp({ email: 'a@example.com', password: 'short' })],
    ['auth.signUp', 'password', (a) => a.auth.signUp({ email: 'a@example.com' } as never)],
    ['auth.signUp', 'input', (a) => a.auth.signUp(undefined as never)],
    ['auth.signIn', 'password', (a) => a.auth.signIn({ email: 'a@example.com', password: '' })],
    ['auth.signIn', 'email', (a) => a.auth.signIn({ email: 42, password: 'x' } as never)],
    [
      'auth.signIn',
      'otp',
      (a) => a.auth.signIn({ email: 'a@example.com', password: 'x', otp: 123456 } as never),
    ],
    ['account.submitKyc', 'legalName', (a) => a.account.submitKyc({ legalName: '', country: 'GB' })],
    [
      'account.submitKyc',
      'country',
      (a) => a.account.submitKyc({ legalName: 'Ada Lovelace', country: 'Germany' }),
    ],
    ['account.enableTwoFactor', 'otp', (a) => a.account.enableTwoFactor({} as never)],
    ['keys.create', 'label', (a) => a.keys.create({ label: '   ', otp: '123456' })],
    ['keys.create', 'label', (a) => a.keys.create({ label: 'x'.repeat(51), otp: '123456' })],
    [
      'keys.create',
      'permissions.0',
      (a) => a.keys.create({ label: 'x', permissions: ['ADMIN'] as never, otp: '123456' }),
    ],
    ['keys.create', 'permissions', (a) => a.keys.create({ label: 'x', permissions: [], otp: '123456' })],
    [
      'keys.create',
      'ipWhitelist.1',
      (a) => a.keys.create({ label: 'x', ipWhitelist: ['1.2.3.4', 'localhost'], otp: '123456' }),
    ],
    [
      'keys.create',
      'ipWhitelist.0',
      (a) => a.keys.create({ label: 'x', ipWhitelist: ['10.0.0.0/40'], otp: '123456' }),
    ],
    ['keys.update', 'id', (a) => a.keys.update({ id: 'nope', otp: '123456' })],
    ['keys.update', 'label', (a) => a.keys.update({ id, label: '', otp: '123456' })],
    ['keys.update', 'ipWhitelist.0', (a) => a.keys.update({ id, ipWhitelist: ['300.1.1.1'], otp: '123456' })],
    ['keys.rotate', 'id', (a) => a.keys.rotate({ id: 'ord_01JD3Q6Z9K8W2N5R7T1V4X6Y8A', otp: '123456' })],
    ['keys.revoke', 'id', (a) => a.keys.revoke({ otp: '123456' } as never)],
    ['keys.revokeAll', 'otp', (a) => a.keys.revokeAll({ otp: 123456 } as never)],
    ['audit.list', 'limit', (a) => a.audit.list({ limit: 0 })],
    ['audit.list', 'limit', (a) => a.audit.list({ limit: 1.5 })],
    ['audit.list', 'cursor', (a) => a.audit.list({ cursor: 'garbage' })],
  ];

  it.each(cases)('%s refuses bad input and names %s', async (_name, field, call) => {
    const { api } = await readyAccount(ctx);
    const result = await failure(() => call(api));
    expect(result).toMatchObject({ code: 'BAD_REQUEST', field });
    expect(['INVALID_REQUEST', undefined]).toContain(result.appCode);
    expect(declared(_name)).toContain('INVALID_REQUEST');
  });

  it('applies the permission policy as PERMISSION_POLICY (400)', async () => {
    const { api, nextCode } = await readyAccount(ctx);
    expect(
      await failure(() => api.keys.create({ label: 'w', permissions: ['WITHDRAW'], otp: nextCode() })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      appCode: 'PERMISSION_POLICY',
      field: 'ipWhitelist',
    });
    expect(declared('keys.create')).toContain('PERMISSION_POLICY');
  });
});
