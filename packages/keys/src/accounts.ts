import { MockexError, isMockexError, newId, invalidRequest } from '@mockex/domain';
import { recordAudit } from './audit.ts';
import type { KeysContext } from './context.ts';
import { normalizeIp } from '@mockex/domain';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  dummyPasswordHash,
  hashPassword,
  verifyPassword,
} from './passwords.ts';
import { isUniqueViolation, normalizeEmail, toMe, userByEmail, type UserRow } from './rows.ts';
import { generateSessionToken, sha256Hex } from './secrets.ts';
import { clearFailures, lockedSeconds, releaseAttempt, reserveAttempt } from './throttle.ts';
import { consumeOtp } from './two-factor.ts';
import type { Me, RequestInfo } from './types.ts';

/**
 * Accounts and sessions: sign-up, sign-in (password, then the TOTP code when 2FA is on, under the
 * per-account and per-address limits), sign-out and bearer-token authentication. Sessions, codes and
 * locks follow real time (`ctx.realClock`); the sandbox clock moves only what it is meant to move.
 */
export interface SignInResult {
  token: string;
  expiresAt: Date;
  user: Me;
}

function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw invalidRequest('password', `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`);
  }
}

export async function signUp(
  ctx: KeysContext,
  input: { email: string; password: string },
  info: RequestInfo,
): Promise<Me> {
  const email = normalizeEmail(input.email);
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock.now();
  const id = newId('user', now);
  try {
    const row = await ctx.db.transaction().execute(async (trx) => {
      const user = await trx
        .insertInto('users')
        .values({
          id,
          email,
          password_hash: passwordHash,
          totp_secret_enc: null,
          kyc_legal_name: null,
          kyc_country: null,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { userId: id, type: 'auth.signed_up', at: now, ip: info.ip });
      return user;
    });
    return toMe(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new MockexError('EMAIL_TAKEN', {}, { field: 'email' });
    throw error;
  }
}

export async function signIn(
  ctx: KeysContext,
  input: { email: string; password: string; otp?: string | undefined },
  info: RequestInfo,
): Promise<SignInResult> {
  // Locks, codes and sessions follow real time; only the audit entries carry the sandbox time.
  const { db, clock, realClock } = ctx;
  const email = normalizeEmail(input.email);
  const ip = info.ip ? normalizeIp(info.ip) : null;
  await reserveSignIn(ctx, email, ip);
  // The attempt is counted as failed until it succeeds; OTP_REQUIRED (no code sent yet) is no attempt.
  let outcome: 'failed' | 'no attempt' | 'signed in' = 'failed';
  try {
    const user = await userByEmail(db, email);
    // Unknown email or not, one argon2 verification happens, so both answers take the same time.
    const passwordOk = await verifyPassword(
      user?.password_hash ?? (await dummyPasswordHash()),
      input.password,
    );
    const fail = async (code: 'INVALID_CREDENTIALS' | 'INVALID_OTP', reason: string): Promise<never> => {
      if (user) {
        const detail = { reason };
        await recordAudit(db, { userId: user.id, type: 'auth.sign_in_failed', at: clock.now(), ip, detail });
      }
      throw new MockexError(code, {}, code === 'INVALID_OTP' ? { field: 'otp' } : {});
    };

    if (!user || !passwordOk) return await fail('INVALID_CREDENTIALS', 'password');
    if (user.two_factor_enabled) {
      if (input.otp === undefined || input.otp.trim() === '') {
        outcome = 'no attempt';
        throw new MockexError('OTP_REQUIRED', {}, { field: 'otp' });
      }
      try {
        await consumeOtp(db, ctx.pepperKeys, user, input.otp, realClock.now());
      } catch (error) {
        // A replayed code counts here too: at sign-in every refused code is a failed attempt.
        if (isMockexError(error) && error.code === 'INVALID_OTP') return await fail('INVALID_OTP', 'otp');
        throw error;
      }
    }
    const session = await openSession(ctx, user, ip);
    outcome = 'signed in';
    return session;
  } finally {
    if (outcome !== 'failed') await releaseSignIn(ctx, email, ip, outcome === 'signed in');
  }
}

/**
 * Reserves the attempt under both limits before anything is checked: the account's first (its lock
 * names the longer wait to a guesser of one account), then the address's. Refused: nothing counted.
 */
async function reserveSignIn(ctx: KeysContext, email: string, ip: string | null): Promise<void> {
  const { db, throttle } = ctx;
  const now = ctx.realClock.now();
  const locked = async (scope: 'account' | 'ip', subject: string): Promise<never> => {
    const seconds = Math.max(1, await lockedSeconds(db, scope, subject, now));
    throw new MockexError('TOO_MANY_ATTEMPTS', { seconds }, { retryAfterSeconds: seconds });
  };
  if (!(await reserveAttempt(db, 'account', email, throttle.account, now))) return locked('account', email);
  if (ip && !(await reserveAttempt(db, 'ip', ip, throttle.ip, now))) {
    await releaseAttempt(db, 'account', email, throttle.account);
    return locked('ip', ip);
  }
}

/** Gives the reservation back: a sign-in also clears the account's earlier failures. */
async function releaseSignIn(ctx: KeysContext, email: string, ip: string | null, signedIn: boolean) {
  const { db, throttle } = ctx;
  if (signedIn) await clearFailures(db, 'account', email);
  else await releaseAttempt(db, 'account', email, throttle.account);
  if (ip) await releaseAttempt(db, 'ip', ip, throttle.ip);
}

async function openSession(ctx: KeysContext, user: UserRow, ip: string | null): Promise<SignInResult> {
  const { db, clock, realClock } = ctx;
  const now = clock.now();
  const realNow = realClock.now();
  const token = generateSessionToken();
  const expiresAt = new Date(realNow.getTime() + ctx.sessionTtlMs);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({
        id: newId('session', realNow),
        user_id: user.id,
        token_hash: sha256Hex(token),
        ip,
        created_at: realNow,
        expires_at: expiresAt,
      })
      .execute();
    await recordAudit(trx, {
      userId: user.id,
      type: 'auth.signed_in',
      at: now,
      ip,
      detail: { twoFactor: user.two_factor_enabled },
    });
    // Expired sessions of this user are of no further use.
    await trx
      .deleteFrom('sessions')
      .where('user_id', '=', user.id)
      .where('expires_at', '<=', realNow)
      .execute();
  });
  return { token, expiresAt, user: toMe(user) };
}

export async function signOut(ctx: KeysContext, token: string, info: RequestInfo): Promise<void> {
  const now = ctx.clock.now();
  const session = await ctx.db
    .deleteFrom('sessions')
    .where('token_hash', '=', sha256Hex(token))
    .returning('user_id')
    .executeTakeFirst();
  if (session)
    await recordAudit(ctx.db, { userId: session.user_id, type: 'auth.signed_out', at: now, ip: info.ip });
}

/** The user of a bearer token; UNAUTHENTICATED when it is unknown, signed out or expired. */
export async function authenticate(ctx: KeysContext, token: string | null | undefined): Promise<Me> {
  if (!token) throw new MockexError('UNAUTHENTICATED');
  const row = await ctx.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.email', 'u.kyc_status', 'u.two_factor_enabled', 'u.created_at', 's.expires_at'])
    .where('s.token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  // Sessions live in real time: moving the sandbox clock does not sign anybody out.
  if (!row || row.expires_at.getTime() <= ctx.realClock.now().getTime())
    throw new MockexError('UNAUTHENTICATED');
  return toMe(row);
}
