import { manualClock } from '@mockex/domain';
import { createKeyApiClient, keyApiFailure, type KeyApiClient } from '@mockex/client';
import { totpCode } from '@mockex/keys/testing';
import { startTestServer, type TestServer } from '../src/testing.ts';

/** A server on a manual clock, so tests can produce a fresh TOTP code whenever they need one. */
export async function startKeyApiServer(
  env: Record<string, string> = {},
): Promise<{ server: TestServer; clock: ReturnType<typeof manualClock> }> {
  // Start from the real time so expiry dates look sensible; the clock only moves when told to.
  const clock = manualClock(new Date());
  const server = await startTestServer(env, { clock });
  return { server, clock };
}

let n = 0;
export const uniqueEmail = (name = 'http') => `${name}.${Date.now()}.${n++}@example.com`;

export interface Trader {
  email: string;
  password: string;
  token: string;
  totpSecret: string;
  api: KeyApiClient;
  /** Advances the clock to the next 30 s step and returns its code. */
  nextCode(): string;
}

/** Signs up, signs in, passes KYC and enables 2FA through the typed client over HTTP. */
export async function readyTrader(
  server: TestServer,
  clock: ReturnType<typeof manualClock>,
  name?: string,
): Promise<Trader> {
  const email = uniqueEmail(name);
  const password = `pw-${Math.random().toString(36).slice(2)}-long`;
  const anonymous = createKeyApiClient({ url: server.url });
  await anonymous.auth.signUp.mutate({ email, password });
  const { token } = await anonymous.auth.signIn.mutate({ email, password });
  const api = createKeyApiClient({ url: server.url, token });
  await api.account.submitKyc.mutate({ legalName: 'Ada Lovelace', country: 'GB' });
  const { secret } = await api.account.beginTwoFactor.mutate();
  const nextCode = () => {
    clock.advance(30);
    return totpCode(secret, clock.now());
  };
  await api.account.enableTwoFactor.mutate({ otp: nextCode() });
  return { email, password, token, totpSecret: secret, api, nextCode };
}

/** The contract's view of the failure of `call` (appCode, httpStatus, field...). */
export async function refusal(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    const failure = keyApiFailure(error);
    if (!failure) throw error;
    return failure;
  }
  throw new Error('expected the call to be refused');
}
