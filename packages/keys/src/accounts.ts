import { MockexError, isMockexError, newId } from '@mockex/domain';
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
import { invalidInput, isUniqueViolation, normalizeEmail, toMe, userByEmail } from './rows.ts';
import { generateSessionToken, sha256Hex } from './secrets.ts';
import { assertNotLocked, clearFailures, recordFailure } from './throttle.ts';
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
    throw invalidInput('password', `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`);
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
  const { db, clock, realClock, throttle } = ctx;
  const email = normalizeEmail(input.email);
  const ip = info.ip ? normalizeIp(info.ip) : null;
  await assertNotLocked(
    db,
    [
      ['account', email],
      ['ip', ip],
    ],
    realClock.now(),
  );
  const user = await userByEmail(db, email);
  // Unknown email or not, one argon2 verification happens, so both answers take the same time.
  const passwordOk = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), input.password);

  const fail = async (code: 'INVALID_CREDENTIALS' | 'INVALID_OTP', reason: string): Promise<never> => {
    const now = clock.now();
    await recordFailure(db, 'account', email, throttle.account, now);
    if (ip) await recordFailure(db, 'ip', ip, throttle.ip, now);
    if (user)
      await recordAudit(db, {
        userId: user.id,
        type: 'auth.sign_in_failed',
        at: now,
        ip,
        detail: { reason },
      });
    throw new MockexError(code, {}, code === 'INVALID_OTP' ? { field: 'otp' } : {});
  };

  if (!user || !passwordOk) return fail('INVALID_CREDENTIALS', 'password');
  if (user.two_factor_enabled) {
    if (input.otp === undefined || input.otp.trim() === '')
      throw new MockexError('OTP_REQUIRED', {}, { field: 'otp' });
    try {
      await consumeOtp(db, ctx.pepperKeys, user, input.otp, realClock.now());
    } catch (error) {
      // A replayed code counts here too: at sign-in every refused code is a failed attempt.
      if (isMockexError(error) && error.code === 'INVALID_OTP') return fail('INVALID_OTP', 'otp');
      throw error;
    }
  }

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
  await clearFailures(db, 'account', email);
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
