import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExchangeClient, createKeyApiClient, createSandboxClient } from '@mockex/client';
import { totpCode } from '@mockex/keys/testing';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { startExchangeServer, type ExchangeServer } from './exchange-support.ts';
import { refusal, uniqueEmail } from './key-api-support.ts';

let ex: ExchangeServer;
beforeAll(async () => {
  ex = await startExchangeServer();
});
afterAll(() => ex?.server.stop());

/** A raw POST /sandbox/v1/accounts: status and parsed envelope. */
async function post(body: unknown, url = ex.server.url, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/sandbox/v1/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: (await res.json()) as any };
}

describe('POST /sandbox/v1/accounts over HTTP', () => {
  it('answers 201 with a ready trader whose key places an order at once', async () => {
    const { status, body } = await post({});
    expect(status).toBe(201);
    const account = body.data;
    expect(account).toMatchObject({
      email: expect.stringMatching(/^trader-[0-9a-f]{12}@mockex\.test$/),
      password: expect.stringMatching(/^[\w-]{24}$/),
      totpSecret: expect.stringMatching(/^[A-Z2-7]{32}$/),
      secret: expect.stringMatching(/^mx_/),
      key: {
        id: expect.stringMatching(/^key_/),
        label: 'sandbox',
        permissions: ['READ_ONLY', 'TRADE'],
        ipWhitelist: [],
        status: 'active',
        lastUsedAt: null,
      },
    });
    expect(new Date(account.key.expiresAt).getTime()).toBeGreaterThan(Date.now());

    const bot = createExchangeClient({ baseUrl: ex.server.url, secret: account.secret });
    expect((await bot.getFuturesFunds()).balance).toBe('10000');
    const placed = await bot.placeOrder(
      'BTCUSDT',
      { leverage: 5, quantity: '0.01', order_price: '1000', order_type: 'LONG', trigger_type: 'LIMIT' },
      { isSymbol: true },
    );
    expect(placed).toMatchObject({ status: 'CREATED', quantity: '0.01' });
  });

  it('signs in to the key API with the password and a code from the TOTP secret; key changes still need a code', async () => {
    const account = await ex.sandbox.createAccount({ permissions: ['READ_ONLY'] });
    const anonymous = createKeyApiClient({ url: ex.server.url });
    expect(
      (
        await refusal(() =>
          anonymous.auth.signIn.mutate({ email: account.email, password: account.password }),
        )
      ).appCode,
    ).toBe('OTP_REQUIRED');
    const { token, user } = await anonymous.auth.signIn.mutate({
      email: account.email,
      password: account.password,
      otp: totpCode(account.totpSecret, ex.clock.now()),
    });
    expect(user).toMatchObject({ email: account.email, kycStatus: 'verified', twoFactorEnabled: true });
    const api = createKeyApiClient({ url: ex.server.url, token });
    const {
      keys: [listed],
    } = await api.keys.list.query();
    expect(listed).toMatchObject({ id: account.key.id, permissions: ['READ_ONLY'] });
    // The key API's own rules are untouched for this user: a change needs a fresh code.
    expect((await refusal(() => api.keys.revoke.mutate({ id: account.key.id }))).appCode).toMatch(/OTP/);
  });

  it('takes an email, a whitelist and funds; the funds are credited on top of the venue opening funds', async () => {
    const email = uniqueEmail('given');
    const account = await ex.sandbox.createAccount({
      email: email.toUpperCase(),
      ipWhitelist: ['127.0.0.0/8', '::1'],
      funds: { spot: '5', futures: 2500 },
    });
    expect(account.email).toBe(email);
    expect(account.key.ipWhitelist).toEqual(['127.0.0.0/8', '::1']);
    const bot = createExchangeClient({ baseUrl: ex.server.url, secret: account.secret });
    expect((await bot.getFuturesFunds()).balance).toBe('2500');
    expect((await bot.getSpotFunds()).total).toBe('10005');

    const unfunded = await ex.sandbox.createAccount({ funds: { futures: '0' } });
    const poor = createExchangeClient({ baseUrl: ex.server.url, secret: unfunded.secret });
    expect((await poor.getFuturesFunds()).balance).toBe('0');
  });

  it('answers 409 for an email in use and 400 naming the field for bad input, writing nothing', async () => {
    const email = uniqueEmail('taken');
    expect((await post({ email })).status).toBe(201);
    const taken = await post({ email: ` ${email.toUpperCase()} ` });
    expect([taken.status, taken.body.errors[0].reason, taken.body.errors[0].text]).toEqual([
      409,
      'EMAIL_TAKEN',
      'An account with this email already exists',
    ]);

    const fresh = uniqueEmail('bad');
    const cases: Array<[unknown, RegExp]> = [
      [{ email: 'not-an-address' }, /^email: /],
      [{ email: fresh, permissions: ['FLY'] }, /^permissions\.0: /],
      [{ email: fresh, permissions: [] }, /^permissions: /],
      [{ email: fresh, ipWhitelist: ['10.0.0.0/99'] }, /^ipWhitelist\.0: /],
      [{ email: fresh, funds: { futures: '-1' } }, /^funds\.futures: /],
      [{ email: fresh, funds: { spot: 'lots' } }, /^funds\.spot: /],
      [{ email: fresh, funds: { margin: '1' } }, /^funds: /],
      [{ email: fresh, password: 'chosen' }, /^body: /],
      ['{not json', /^body/],
    ];
    for (const [body, detail] of cases) {
      const res = await post(body);
      expect([res.status, res.body.errors[0].reason], JSON.stringify(body)).toEqual([400, 'INVALID_REQUEST']);
      expect(res.body.errors[0].text.replace('Invalid request: ', ''), JSON.stringify(body)).toMatch(detail);
    }
    const policy = await post({
      email: fresh,
      permissions: ['TRADE', 'WITHDRAW'],
      ipWhitelist: ['10.0.0.1'],
    });
    expect([policy.status, policy.body.errors[0].reason]).toEqual([400, 'PERMISSION_POLICY']);
    expect(await ex.server.keys.findAccountByEmail(fresh)).toBeNull();
  });

  it('is gone after a sandbox reset, like every other account', async () => {
    const account = await ex.sandbox.createAccount();
    await ex.sandbox.reset();
    const res = await fetch(`${ex.server.url}/fapi/v1/futures/funds`, {
      headers: { 'X-Authentication': account.secret },
    });
    expect(res.status).toBe(401);
    expect(await ex.server.keys.findAccountByEmail(account.email)).toBeNull();
  });
});

describe('POST /sandbox/v1/accounts with MOCKEX_SANDBOX_TOKEN', () => {
  const TOKEN = 'accounts-test-token-0123456789';
  let guarded: TestServer;
  beforeAll(async () => {
    guarded = await startTestServer({ MOCKEX_SANDBOX_TOKEN: TOKEN });
  });
  afterAll(() => guarded?.stop());

  it('needs the token', async () => {
    const refused = await post({}, guarded.url);
    expect([refused.status, refused.body.errors[0].reason]).toEqual([401, 'SANDBOX_UNAUTHORIZED']);
    const wrong = await post({}, guarded.url, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    const account = await createSandboxClient({ baseUrl: guarded.url, token: TOKEN }).createAccount();
    expect(account.key.status).toBe('active');
  });
});
