// POST /sandbox/v1/accounts and sandbox.createAccount in the in-process (MSW) mode.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createExchangeMock } from '@mockex/exchange/msw';

const ORIGIN = 'https://trade.mudrex.com';
const { handlers, sandbox } = createExchangeMock({ baseUrl: ORIGIN, keys: [], seed: 'accounts' });
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => sandbox.reset());
afterAll(() => server.close());

const funds = async (secret: string, wallet: 'futures/funds' | 'wallet/funds' = 'futures/funds') => {
  const res = await fetch(`${ORIGIN}/fapi/v1/${wallet}`, { headers: { 'X-Authentication': secret } });
  return { status: res.status, body: await res.json() };
};

async function post(body: unknown) {
  const res = await fetch(`${ORIGIN}/sandbox/v1/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe('sandbox.createAccount (MSW mode)', () => {
  it('returns a ready trader whose in-memory key works at once, with 10000 USDT in futures', async () => {
    const account = await sandbox.createAccount();
    expect(account).toMatchObject({
      email: expect.stringMatching(/^trader-[0-9a-f]{12}@mockex\.test$/),
      password: expect.stringMatching(/^[\w-]{24}$/),
      totpSecret: expect.stringMatching(/^[A-Z2-7]{32}$/),
      secret: expect.stringMatching(/^mx_/),
      key: { label: 'sandbox', permissions: ['READ_ONLY', 'TRADE'], ipWhitelist: [], status: 'active' },
    });
    expect(typeof account.key.expiresAt).toBe('string');
    const read = await funds(account.secret);
    expect([read.status, read.body.data.balance]).toEqual([200, '10000']);
  });

  it('takes permissions, a whitelist and funds, and refuses bad input with the field named', async () => {
    const account = await sandbox.createAccount({
      permissions: ['READ_ONLY'],
      ipWhitelist: ['127.0.0.1'],
      funds: { futures: '50', spot: 1 },
    });
    expect(account.key).toMatchObject({ permissions: ['READ_ONLY'], ipWhitelist: ['127.0.0.1'] });
    expect((await funds(account.secret)).body.data.balance).toBe('50');
    expect((await funds(account.secret, 'wallet/funds')).body.data.total).toBe('10001');
    await expect(sandbox.createAccount({ permissions: ['FLY' as 'TRADE'] })).rejects.toThrow(
      /^invalid account: permissions\.0: /,
    );
    await expect(sandbox.createAccount({ email: account.email })).rejects.toThrow(
      'An account with this email already exists',
    );
  });

  it('answers POST /sandbox/v1/accounts with the same shape, 409 for a taken email, 400 naming the field', async () => {
    const made = await post({ email: 'bot@example.com' });
    expect(made.status).toBe(201);
    expect(Object.keys(made.body.data).sort()).toEqual(['email', 'key', 'password', 'secret', 'totpSecret']);
    expect((await funds(made.body.data.secret)).status).toBe(200);
    const taken = await post({ email: 'BOT@example.com' });
    expect([taken.status, taken.body.errors[0].reason]).toEqual([409, 'EMAIL_TAKEN']);
    const bad = await post({ funds: { futures: '-5' } });
    expect([bad.status, bad.body.errors[0].text]).toEqual([
      400,
      'Invalid request: funds.futures: must be a decimal number of 0 or more',
    ]);
  });

  it('forgets created accounts on reset', async () => {
    const account = await sandbox.createAccount();
    await sandbox.reset();
    expect((await funds(account.secret)).status).toBe(401);
  });
});
