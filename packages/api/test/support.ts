import { manualClock, venueProfile } from '@mockex/domain';
import type { MockexDatabase } from '@mockex/db';
import { createKeyService } from '@mockex/keys';
import { totpCode } from '@mockex/keys/testing';
import { createCaller, createContextInner } from '../src/index.ts';

export const PEPPER = 'api-test-pepper-0123456789-abcdefghijkl';

export async function setup(database: MockexDatabase) {
  // One manual clock for the sandbox's time and real time (2FA codes, sessions, locks), so tests move both.
  const clock = manualClock('2026-05-01T00:00:00Z');
  const keys = await createKeyService({
    database,
    clock,
    realClock: clock,
    profile: venueProfile('mudrex'),
    pepper: PEPPER,
  });
  const caller = (token?: string, ip = '203.0.113.5') =>
    createCaller(createContextInner({ keys, token, ip }));
  return { keys, clock, caller };
}

let n = 0;
export const uniqueEmail = (name = 'api') => `${name}.${Date.now()}.${n++}@example.com`;

/** Signs up, signs in, passes KYC and enables 2FA through the router; returns a signed-in caller. */
export async function readyAccount(ctx: Awaited<ReturnType<typeof setup>>, name?: string) {
  const email = uniqueEmail(name);
  const password = 'a fine password';
  await ctx.caller().auth.signUp({ email, password });
  const { token, user } = await ctx.caller().auth.signIn({ email, password });
  const api = ctx.caller(token);
  await api.account.submitKyc({ legalName: 'Ada Lovelace', country: 'GB' });
  const { secret } = await api.account.beginTwoFactor();
  const nextCode = () => {
    ctx.clock.advance(30);
    return totpCode(secret, ctx.clock.now());
  };
  await api.account.enableTwoFactor({ otp: nextCode() });
  return { email, password, token, userId: user.id, api, nextCode, totpSecret: secret };
}

/** The TRPCError a call threw, with the catalogue code of its cause. */
export async function failure(
  fn: () => Promise<unknown>,
): Promise<{ code: string; appCode: string | undefined; message: string; field?: string }> {
  try {
    await fn();
  } catch (error) {
    const e = error as {
      code: string;
      message: string;
      cause?: { code?: string; meta?: { field?: string }; issues?: { path: PropertyKey[] }[] };
    };
    const zodPath = e.cause?.issues?.[0]?.path;
    const field = e.cause?.meta?.field ?? (zodPath ? zodPath.map(String).join('.') || 'input' : undefined);
    return {
      code: e.code,
      appCode: e.cause?.code,
      message: e.message,
      ...(field !== undefined ? { field } : {}),
    };
  }
  throw new Error('expected the call to fail');
}
