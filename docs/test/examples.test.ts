/**
 * The guides' code samples, executed against the real server: the TypeScript quickstart, every curl
 * step of the quickstart, the sandbox recipes, rotation under a running bot, everyday calls and the
 * out-of-sync recovery. A sample that stops working fails here.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '@mockex/server/testing';
import { exchangeCaller, ExchangeError } from '../examples/exchange-fetch.ts';
import { everydayCalls } from '../examples/exchange-calls.ts';
import { closePosition } from '../examples/out-of-sync.ts';
import { freshCode } from '../examples/totp.ts';
import { lastJson, runSnippet, startDocsServer, trpcMutation } from './helpers.ts';

let server: TestServer;
const workDir = mkdtempSync(join(tmpdir(), 'mockex-examples-'));

beforeAll(async () => {
  server = await startDocsServer();
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

interface Trader {
  email: string;
  token: string;
  totpSecret: string;
  secret: string;
  keyId: string;
  keyPrefix: string;
}

/** Sign-up to a TRADE key over plain HTTP, for the samples that start from a working key. */
async function newTrader(tag: string): Promise<Trader> {
  const email = `${tag}-${Date.now()}@example.com`;
  const password = 'correct horse battery staple';
  await trpcMutation(server.url, 'auth.signUp', { email, password });
  const { token } = await trpcMutation<{ token: string }>(server.url, 'auth.signIn', { email, password });
  await trpcMutation(server.url, 'account.submitKyc', { legalName: 'Ada Lovelace', country: 'GB' }, token);
  const { secret: totpSecret } = await trpcMutation<{ secret: string }>(
    server.url,
    'account.beginTwoFactor',
    undefined,
    token,
  );
  await trpcMutation(server.url, 'account.enableTwoFactor', { otp: await freshCode(totpSecret) }, token);
  const created = await trpcMutation<{ key: { id: string; keyPrefix: string }; secret: string }>(
    server.url,
    'keys.create',
    { label: tag, permissions: ['TRADE'], otp: await freshCode(totpSecret) },
    token,
  );
  return {
    email,
    token,
    totpSecret,
    secret: created.secret,
    keyId: created.key.id,
    keyPrefix: created.key.keyPrefix,
  };
}

describe('guide samples against a running Mockex', () => {
  it('the TypeScript quickstart reaches a filled order', async () => {
    const { quickstart } = await import('../examples/quickstart.ts');
    const result = await quickstart(server.url);
    expect(result.keyPrefix).toMatch(/^mx_/);
    expect(result.order.status).toBe('CREATED');
    expect(result.filled.status).toBe('FILLED');
    expect(result.positions).toHaveLength(1);
    expect(result.positions![0]!.symbol).toBe('BTCUSDT');
  });

  it('every curl step of the quickstart works as printed', async () => {
    const env: Record<string, string> = {
      MOCKEX: server.url,
      EMAIL: `curl-${Date.now()}@example.com`,
      PASSWORD: 'correct horse battery staple',
    };
    const data = <T>(out: string) => {
      const body = lastJson<{ result?: { data: T } }>(out);
      if (!body.result) throw new Error(`the key API refused: ${out}`);
      return body.result.data;
    };
    data(await runSnippet('curl/01-sign-up.sh', env));
    env.TOKEN = data<{ token: string }>(await runSnippet('curl/02-sign-in.sh', env)).token;
    expect(data<{ kycStatus: string }>(await runSnippet('curl/03-kyc.sh', env)).kycStatus).toBe('verified');
    const twoFactor = data<{ secret: string; otpauthUrl: string }>(
      await runSnippet('curl/04-two-factor-begin.sh', env),
    );
    expect(twoFactor.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    env.OTP = await freshCode(twoFactor.secret);
    expect(
      data<{ twoFactorEnabled: boolean }>(await runSnippet('curl/05-two-factor-enable.sh', env))
        .twoFactorEnabled,
    ).toBe(true);
    env.OTP = await freshCode(twoFactor.secret);
    const created = data<{ secret: string; key: { permissions: string[] } }>(
      await runSnippet('curl/06-create-key.sh', env),
    );
    expect(created.key.permissions).toEqual(['TRADE']);
    env.SECRET = created.secret;

    const exchange = <T>(out: string) => {
      const body = lastJson<{ success: boolean; data: T; errors?: unknown }>(out);
      expect(body.success, JSON.stringify(body.errors)).toBe(true);
      return body.data;
    };
    const pause = () => new Promise((resolve) => setTimeout(resolve, 600)); // 2 requests/second per key
    expect(exchange<{ total: string }>(await runSnippet('curl/07-funds.sh', env)).total).toMatch(
      /^10000(\.0+)?$/,
    );
    await pause();
    exchange(await runSnippet('curl/08-transfer.sh', env));
    await pause();
    const btc = exchange<{ id: string; min_contract: string; price: string }>(
      await runSnippet('curl/09-instrument.sh', env),
    );
    Object.assign(env, { ASSET_ID: btc.id, QUANTITY: btc.min_contract, PRICE: btc.price });
    await pause();
    expect(exchange<{ status: string }>(await runSnippet('curl/10-order.sh', env)).status).toBe('CREATED');
    await pause();
    const positions = exchange<{ quantity: string; symbol: string }[]>(
      await runSnippet('curl/11-positions.sh', env),
    );
    expect(positions).toEqual([expect.objectContaining({ symbol: 'BTCUSDT', quantity: btc.min_contract })]);
  });

  it('a bot keeps working across a rotation (rotate-key.ts)', async () => {
    const { createKeyApiClient } = await import('@mockex/client');
    const { reloadingCaller, rotateAndStore } = await import('../examples/rotate-key.ts');
    const trader = await newTrader('rotation');
    const secretFile = join(workDir, 'bot-secret');
    writeFileSync(secretFile, `${trader.secret}\n`);
    const bot = reloadingCaller(server.url, secretFile);
    await expect(bot('GET', '/futures/funds')).resolves.toHaveProperty('balance');

    const keyApi = createKeyApiClient({ url: `${server.url}/trpc`, token: trader.token });
    await rotateAndStore(keyApi, trader.keyId, await freshCode(trader.totpSecret), secretFile);
    // The old secret is dead at once...
    await expect(exchangeCaller(server.url, trader.secret)('GET', '/futures/funds')).rejects.toMatchObject({
      reason: 'AUTH_INVALID',
    });
    // ...and the bot, which still holds it, recovers by re-reading the file.
    await expect(bot('GET', '/futures/funds')).resolves.toHaveProperty('balance');
  }, 90_000);

  it('everyday calls: paging, strings, a resting LIMIT order (exchange-calls.ts)', async () => {
    const trader = await newTrader('everyday');
    const call = exchangeCaller(server.url, trader.secret);
    await call('POST', '/wallet/futures/transfer', {
      from_wallet_type: 'SPOT',
      to_wallet_type: 'FUTURES',
      amount: '1000',
    });
    const result = await everydayCalls(server.url, trader.secret);
    expect(result.instruments.map((i) => i.symbol)).toEqual(
      expect.arrayContaining(['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'DOGEUSDT']),
    );
    expect(result.futures.balance).toBeTypeOf('string');
    expect(result.positions).toBeNull();
    expect(result.order.status).toBe('CREATED');
    expect(result.open).toEqual([expect.objectContaining({ id: result.order.order_id })]);
  });

  it('recovers from out-of-sync closes (out-of-sync.ts)', async () => {
    const trader = await newTrader('sync');
    const call = exchangeCaller(server.url, trader.secret);
    await call('POST', '/wallet/futures/transfer', {
      from_wallet_type: 'SPOT',
      to_wallet_type: 'FUTURES',
      amount: '1000',
    });
    const btc = await call<{ id: string; min_contract: string; price: string }>(
      'GET',
      '/futures/BTCUSDT?is_symbol',
    );
    const open = async () => {
      await call('POST', `/futures/${btc.id}/order`, {
        leverage: '5',
        quantity: btc.min_contract,
        order_price: btc.price,
        order_type: 'LONG',
        trigger_type: 'MARKET',
        is_stoploss: false,
        is_takeprofit: false,
        reduce_only: false,
      });
      return ((await call<{ id: string }[] | null>('GET', '/futures/positions')) ?? [])[0]!;
    };
    // A real one: the position is closed, then closed again.
    const first = await open();
    await expect(closePosition(call, first.id)).resolves.toBe('closed');
    await expect(closePosition(call, first.id)).resolves.toBe('already-closed');
    // An injected one, as in the guide's recipe.
    const second = await open();
    const armed = await fetch(`${server.url}/sandbox/v1/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        fault: 'out_of_sync',
        match: { method: 'POST', path: '/fapi/v1/futures/positions/*/close' },
        times: 1,
      }),
    });
    expect(armed.ok).toBe(true);
    await expect(closePosition(call, second.id)).resolves.toBe('closed');
    expect(await call('GET', '/futures/positions')).toBeNull();
  });

  it('every sandbox recipe works as printed', async () => {
    const trader = await newTrader('sandbox');
    const env = {
      MOCKEX: server.url,
      SECRET: trader.secret,
      EMAIL: trader.email,
      KEY_PREFIX: trader.keyPrefix,
    };
    const call = exchangeCaller(server.url, trader.secret, { maxRetries: 0 });

    // The control plane answers in the exchange's envelope.
    const sandbox = <T>(out: string) => {
      const body = lastJson<{ success: boolean; data: T }>(out);
      expect(body.success, out).toBe(true);
      return body.data;
    };
    const armed = sandbox<{ id: string }>(await runSnippet('sandbox/arm-fault.sh', env));
    expect(armed.id).toBeTruthy();
    expect(JSON.stringify(lastJson(await runSnippet('sandbox/list-faults.sh', env)))).toContain(armed.id);
    await runSnippet('sandbox/disarm-fault.sh', { ...env, FAULT_ID: armed.id });
    expect(JSON.stringify(lastJson(await runSnippet('sandbox/list-faults.sh', env)))).not.toContain(armed.id);

    const maintenance = await runSnippet('sandbox/fault-header.sh', env);
    expect(maintenance).toMatch(/^HTTP\/1\.1 503/);
    expect(maintenance).toContain('"reason":"MAINTENANCE"');

    const flaky = sandbox<{ id: string }>(await runSnippet('sandbox/flaky.sh', env));
    await fetch(`${server.url}/sandbox/v1/faults/${flaky.id}`, { method: 'DELETE' });

    const set = sandbox<{ symbol: string; price: string }>(await runSnippet('sandbox/set-price.sh', env));
    expect(set).toMatchObject({ symbol: 'BTCUSDT', price: '40000' });
    // The seeded walk carries on from the set price each second, so a read in a later second is near it.
    const btc = await call<{ mark_price: string }>('GET', '/futures/BTCUSDT?is_symbol');
    expect(Math.abs(Number(btc.mark_price) - 40000)).toBeLessThan(40);

    await runSnippet('sandbox/credit-funds.sh', env);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await call<{ balance: string }>('GET', '/futures/funds')).balance).toMatch(/^5000(\.0+)?$/);

    await runSnippet('sandbox/set-kyc.sh', env);
    await expect(call('GET', '/futures/funds')).rejects.toMatchObject({
      status: 403,
      reason: 'KYC_REQUIRED',
    });
    await fetch(`${server.url}/sandbox/v1/accounts/kyc`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: trader.email, status: 'verified' }),
    });

    const clock = sandbox<{ offsetSeconds: number }>(await runSnippet('sandbox/advance-clock.sh', env));
    expect(clock.offsetSeconds).toBeGreaterThanOrEqual(7_862_400);
    const expired = await call('GET', '/futures/funds').catch((e: unknown) => e);
    expect(expired).toBeInstanceOf(ExchangeError);
    expect((expired as ExchangeError).reason).toBe('KEY_EXPIRED');

    await runSnippet('sandbox/reset.sh', env);
    await expect(call('GET', '/futures/funds')).rejects.toMatchObject({ reason: 'AUTH_INVALID' });
  }, 60_000);
});
