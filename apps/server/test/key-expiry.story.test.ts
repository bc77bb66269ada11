import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyApiClient } from '@mockex/client';
import { totpCode } from '@mockex/keys/testing';
import type { TestServer } from '../src/testing.ts';
import { readyTrader, refusal, startKeyApiServer } from './key-api-support.ts';

/**
 * The story of contract section 1, over HTTP: a bot's key expires when the sandbox clock jumps 91 days;
 * its owner signs in with the code their phone shows (real time: the server's base clock, which the
 * sandbox offset never moves) and makes a new key the bot trades with again.
 */
let server: TestServer;
let realClock: Awaited<ReturnType<typeof startKeyApiServer>>['clock'];
beforeAll(async () => {
  ({ server, clock: realClock } = await startKeyApiServer());
});
afterAll(() => server?.stop());

const funds = (secret: string) =>
  fetch(`${server.url}/fapi/v1/futures/funds`, { headers: { 'X-Authentication': secret } }).then(
    async (res) => ({ status: res.status, body: (await res.json()) as { errors?: { reason: string }[] } }),
  );

describe('a key past its 90 days, after the sandbox clock moved', () => {
  it('gives KEY_EXPIRED; a fresh real-time code signs in and makes a new key that works', async () => {
    const trader = await readyTrader(server, realClock, 'story');
    const first = await trader.api.keys.create.mutate({ label: 'bot', otp: trader.nextCode() });
    expect((await funds(first.secret)).status).toBe(200);

    const advanced = await fetch(`${server.url}/sandbox/v1/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 91 * 86_400 }),
    });
    expect(advanced.status).toBe(200);
    const expired = await funds(first.secret);
    expect(expired.status).toBe(401);
    expect(expired.body.errors?.[0]?.reason).toBe('KEY_EXPIRED');

    // The session from before the jump is still good; so is a sign-in with the phone's code.
    expect((await trader.api.account.me.query()).email).toBe(trader.email);
    const anonymous = createKeyApiClient({ url: server.url });
    const sandboxNow = new Date(realClock.now().getTime() + 91 * 86_400_000);
    expect(
      await refusal(() =>
        anonymous.auth.signIn.mutate({
          email: trader.email,
          password: trader.password,
          otp: totpCode(trader.totpSecret, sandboxNow),
        }),
      ),
    ).toMatchObject({ appCode: 'INVALID_OTP' });
    const { token } = await anonymous.auth.signIn.mutate({
      email: trader.email,
      password: trader.password,
      otp: trader.nextCode(),
    });
    const api = createKeyApiClient({ url: server.url, token });
    const second = await api.keys.create.mutate({ label: 'bot again', otp: trader.nextCode() });
    expect((await funds(second.secret)).status).toBe(200);
  });
});
