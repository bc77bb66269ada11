import { MockexError, isMockexError } from '@mockex/domain';
import { recordAudit } from './audit.ts';
import type { KeysContext } from './context.ts';
import { lockUser, toMe, userById, type Db, type UserRow } from './rows.ts';
import { decryptSecret, encryptSecret, type PepperKeys } from './secrets.ts';
import { assertNotLocked, clearFailures, recordFailure } from './throttle.ts';
import { generateTotpSecret, matchTotpStep, otpauthUrl } from './totp.ts';
import type { Me, RequestInfo } from './types.ts';

/**
 * Two-factor authentication: enrolment, and the one place a TOTP code is checked and used up. A code
 * (or an older one) is accepted once: the step it belongs to is stored with a compare-and-set, so two
 * requests racing with the same code cannot both pass. Codes are checked against real time
 * (`ctx.realClock`), never the sandbox clock: callers pass `now` from it.
 */
export async function consumeOtp(
  db: Db,
  pepperKeys: PepperKeys,
  user: Pick<UserRow, 'id' | 'totp_secret_enc'>,
  otp: string | undefined,
  now: Date,
): Promise<number> {
  if (!user.totp_secret_enc) throw new MockexError('TWO_FACTOR_NOT_STARTED');
  const secret = decryptSecret(pepperKeys, user.totp_secret_enc, user.id);
  const step = otp === undefined ? null : matchTotpStep(secret, otp.trim(), now);
  if (step === null) throw new MockexError('INVALID_OTP', {}, { field: 'otp' });
  const updated = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', user.id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
    .executeTakeFirst();
  // A valid code used twice: refused, but not a guess, so it does not count towards the lock.
  if (updated.numUpdatedRows === 0n) throw new MockexError('INVALID_OTP', {}, { field: 'otp', replay: true });
  return step;
}

/** TOO_MANY_ATTEMPTS while the user's codes are locked after too many wrong ones. */
export function assertOtpNotLocked(db: Db, userId: string, now: Date): Promise<void> {
  return assertNotLocked(db, [['otp', userId]], now);
}

/** True for a wrong code (a guess), false for a replayed valid one and every other error. */
export function isOtpGuess(error: unknown): boolean {
  return isMockexError(error) && error.code === 'INVALID_OTP' && !error.meta.replay;
}

/** Runs `work`; a wrong code counts towards the user's OTP lock (after its transaction rolled back). */
export async function countingOtpFailures<T>(
  ctx: KeysContext,
  userId: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isOtpGuess(error)) await recordFailure(ctx.db, 'otp', userId, ctx.throttle.otp, ctx.realClock.now());
    throw error;
  }
}

export async function beginTwoFactor(
  ctx: KeysContext,
  userId: string,
  info: RequestInfo,
): Promise<{ secret: string; otpauthUrl: string }> {
  const user = await userById(ctx.db, userId);
  if (user.two_factor_enabled) throw new MockexError('TWO_FACTOR_ALREADY_ENABLED');
  const secret = generateTotpSecret();
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        totp_secret_enc: encryptSecret(ctx.pepperKeys, secret, user.id),
        totp_last_step: null,
        updated_at: now,
      })
      .where('id', '=', user.id)
      .where('two_factor_enabled', '=', false)
      .execute();
    await recordAudit(trx, { userId: user.id, type: 'auth.two_factor_started', at: now, ip: info.ip });
  });
  return { secret, otpauthUrl: otpauthUrl(secret, user.email) };
}

export async function enableTwoFactor(
  ctx: KeysContext,
  userId: string,
  input: { otp: string },
  info: RequestInfo,
): Promise<Me> {
  const row = await countingOtpFailures(ctx, userId, () =>
    ctx.db.transaction().execute(async (trx) => {
      const now = ctx.clock.now();
      const user = await lockUser(trx, userId);
      if (user.two_factor_enabled) throw new MockexError('TWO_FACTOR_ALREADY_ENABLED');
      const realNow = ctx.realClock.now();
      await assertOtpNotLocked(trx, userId, realNow);
      await consumeOtp(trx, ctx.pepperKeys, user, input.otp, realNow);
      const updated = await trx
        .updateTable('users')
        .set({ two_factor_enabled: true, updated_at: now })
        .where('id', '=', userId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { userId, type: 'auth.two_factor_enabled', at: now, ip: info.ip });
      return updated;
    }),
  );
  await clearFailures(ctx.db, 'otp', userId);
  return toMe(row);
}
