import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyApiClient, type KeyApiClient } from '@mockex/client';
import { loadConfig } from '../src/config.ts';
import type { TestServer } from '../src/testing.ts';
import { readyTrader, refusal, startKeyApiServer, uniqueEmail, type Trader } from './key-api-support.ts';

let server: TestServer;
let clock: Awaited<ReturnType<typeof startKeyApiServer>>['clock'];
let trader: Trader;
let keyId: string;
beforeAll(async () => {
  ({ server, clock } = await startKeyApiServer());
  trader = await readyTrader(server, clock);
  keyId = (await trader.api.keys.create.mutate({ label: 'bot', otp: trader.nextCode() })).key.id;
});
afterAll(() => server.stop());

describe('bad input of every procedure over HTTP: 400 INVALID_REQUEST naming the field, never 500', () => {
  const cases: [string, string, (api: KeyApiClient, id: string) => Promise<unknown>][] = [
    [
      'auth.signUp',
      'email',
      (a) => a.auth.signUp.mutate({ email: 'not-an-email', password: 'long password' }),
    ],
    ['auth.signUp', 'password', (a) => a.auth.signUp.mutate({ email: 'a@example.com', password: 'short' })],
    [
      'auth.signUp',
      'password',
      (a) => a.auth.signUp.mutate({ email: 'a@example.com', password: 'x'.repeat(129) }),
    ],
    ['auth.signIn', 'email', (a) => a.auth.signIn.mutate({ email: '', password: 'x' })],
    ['auth.signIn', 'password', (a) => a.auth.signIn.mutate({ email: 'a@example.com', password: '' })],
    [
      'auth.signIn',
      'otp',
      (a) => a.auth.signIn.mutate({ email: 'a@example.com', password: 'x', otp: ['1'] as never }),
    ],
    ['account.submitKyc', 'legalName', (a) => a.account.submitKyc.mutate({ legalName: ' ', country: 'GB' })],
    [
      'account.submitKyc',
      'country',
      (a) => a.account.submitKyc.mutate({ legalName: 'Ada Lovelace', country: '12' }),
    ],
    ['account.enableTwoFactor', 'otp', (a) => a.account.enableTwoFactor.mutate({ otp: null as never })],
    ['keys.create', 'label', (a) => a.keys.create.mutate({ label: '', otp: '123456' })],
    ['keys.create', 'label', (a) => a.keys.create.mutate({ label: 'x'.repeat(51), otp: '123456' })],
    [
      'keys.create',
      'permissions.0',
      (a) => a.keys.create.mutate({ label: 'x', permissions: ['read'] as never, otp: '123456' }),
    ],
    [
      'keys.create',
      'ipWhitelist.0',
      (a) => a.keys.create.mutate({ label: 'x', ipWhitelist: ['example.com'], otp: '123456' }),
    ],
    [
      'keys.create',
      'ipWhitelist',
      (a) => a.keys.create.mutate({ label: 'x', ipWhitelist: '1.2.3.4' as never, otp: '123456' }),
    ],
    ['keys.update', 'id', (a) => a.keys.update.mutate({ id: '', otp: '123456' })],
    ['keys.update', 'permissions', (a, id) => a.keys.update.mutate({ id, permissions: [], otp: '123456' })],
    [
      'keys.update',
      'ipWhitelist.0',
      (a, id) => a.keys.update.mutate({ id, ipWhitelist: ['::1/200'], otp: '123456' }),
    ],
    ['keys.rotate', 'id', (a) => a.keys.rotate.mutate({ id: 'key_lowercase', otp: '123456' })],
    ['keys.revoke', 'id', (a) => a.keys.revoke.mutate({ id: 42 as never, otp: '123456' })],
    ['keys.revokeAll', 'otp', (a) => a.keys.revokeAll.mutate({ otp: { code: 1 } as never })],
    ['audit.list', 'limit', (a) => a.audit.list.query({ limit: 1000 })],
    ['audit.list', 'cursor', (a) => a.audit.list.query({ cursor: 'not-a-cursor' })],
  ];

  it.each(cases)('%s names %s', async (_procedure, field, call) => {
    const failure = await refusal(() => call(trader.api, keyId));
    expect(failure).toMatchObject({ appCode: 'INVALID_REQUEST', httpStatus: 400, field });
    expect(failure.message).toMatch(new RegExp(`^Invalid request: ${field.replace('.', '\\.')}: `));
  });

  it('refuses a missing or non-object input the same way', async () => {
    const res = await fetch(`${server.url}/trpc/keys.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${trader.token}` },
      body: '"just a string"',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.data).toMatchObject({ appCode: 'INVALID_REQUEST', field: 'input' });
    const broken = await fetch(`${server.url}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.data.appCode).toBe('INVALID_REQUEST');
  });
});

describe('refusals carry the contract appCode and status', () => {
  it('checks KYC, then 2FA, then the code, for every key change', async () => {
    const anonymous = createKeyApiClient({ url: server.url });
    const email = uniqueEmail('order');
    await anonymous.auth.signUp.mutate({ email, password: 'order password' });
    const { token } = await anonymous.auth.signIn.mutate({ email, password: 'order password' });
    const api = createKeyApiClient({ url: server.url, token });
    const changes = [
      () => api.keys.create.mutate({ label: 'x', otp: '123456' }),
      () => api.keys.update.mutate({ id: keyId, label: 'x', otp: '123456' }),
      () => api.keys.rotate.mutate({ id: keyId, otp: '123456' }),
      () => api.keys.revoke.mutate({ id: keyId, otp: '123456' }),
      () => api.keys.revokeAll.mutate({ otp: '123456' }),
    ];
    for (const change of changes)
      expect(await refusal(change)).toMatchObject({ appCode: 'KYC_REQUIRED', httpStatus: 403 });
    await api.account.submitKyc.mutate({ legalName: 'Ada Lovelace', country: 'GB' });
    for (const change of changes)
      expect(await refusal(change)).toMatchObject({ appCode: 'TWO_FACTOR_REQUIRED', httpStatus: 403 });
  });

  it("answers another user's or an unknown key id with KEY_NOT_FOUND (404)", async () => {
    const other = await readyTrader(server, clock);
    expect(
      await refusal(() => other.api.keys.revoke.mutate({ id: keyId, otp: other.nextCode() })),
    ).toMatchObject({ appCode: 'KEY_NOT_FOUND', httpStatus: 404 });
  });

  it('gives PERMISSION_POLICY (400) for WITHDRAW without a whitelist or with TRADE', async () => {
    const other = await readyTrader(server, clock);
    expect(
      await refusal(() =>
        other.api.keys.create.mutate({ label: 'w', permissions: ['WITHDRAW'], otp: other.nextCode() }),
      ),
    ).toMatchObject({
      appCode: 'PERMISSION_POLICY',
      httpStatus: 400,
      message: 'Permissions not allowed: WITHDRAW needs a non-empty ipWhitelist',
    });
    expect(
      await refusal(() =>
        other.api.keys.create.mutate({
          label: 'w',
          permissions: ['TRADE', 'WITHDRAW'],
          ipWhitelist: ['10.0.0.1'],
          otp: other.nextCode(),
        }),
      ),
    ).toMatchObject({ appCode: 'PERMISSION_POLICY', httpStatus: 400 });
  });

  it('gives OTP_REQUIRED, INVALID_OTP and TOO_MANY_ATTEMPTS at sign-in as they apply', async () => {
    const anonymous = createKeyApiClient({ url: server.url });
    expect(
      await refusal(() => anonymous.auth.signIn.mutate({ email: trader.email, password: trader.password })),
    ).toMatchObject({ appCode: 'OTP_REQUIRED', httpStatus: 401 });
    expect(
      await refusal(() =>
        anonymous.auth.signIn.mutate({ email: trader.email, password: trader.password, otp: '000000' }),
      ),
    ).toMatchObject({
      appCode: 'INVALID_OTP',
      httpStatus: 401,
    });
    const email = uniqueEmail('locked');
    await anonymous.auth.signUp.mutate({ email, password: 'locked password' });
    for (let i = 0; i < 5; i++)
      await refusal(() => anonymous.auth.signIn.mutate({ email, password: 'wrong password' }));
    expect(
      await refusal(() => anonymous.auth.signIn.mutate({ email, password: 'locked password' })),
    ).toMatchObject({
      appCode: 'TOO_MANY_ATTEMPTS',
      httpStatus: 429,
      retryAfterSeconds: 900,
    });
  });

  it('logged no 500 for any of the refusals above', () => {
    const serverErrors = server.logs.lines.filter((l) => /"statusCode":5\d\d/.test(l));
    expect(serverErrors).toEqual([]);
  });
});

describe('key API configuration', () => {
  it('refuses a bad venue, KYC mode or short pepper with one line naming the variable (and never echoes the pepper)', () => {
    expect(() => loadConfig({ MOCKEX_VENUE: 'binance' })).toThrow(
      'invalid MOCKEX_VENUE (got "binance"): must be one of mudrex, mudrex@2026-01, mudrex@2026-08, multikey',
    );
    expect(() => loadConfig({ MOCKEX_KYC_MODE: 'sometimes' })).toThrow(
      /invalid MOCKEX_KYC_MODE .*auto or manual/,
    );
    const error = (() => {
      try {
        loadConfig({ MOCKEX_KEY_PEPPER: 'too-short-secret' });
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(error).toBe('invalid MOCKEX_KEY_PEPPER: must be at least 32 characters of random text');
    expect(loadConfig({})).toMatchObject({
      MOCKEX_VENUE: 'mudrex',
      MOCKEX_KYC_MODE: 'auto',
      MOCKEX_TRUST_PROXY: 0,
    });
  });
});
