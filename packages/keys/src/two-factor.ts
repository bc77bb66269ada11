import { MockexError, isMockexError } from '@mockex/domain';
import { recordAudit } from './audit.ts';
import type { KeysContext } from './context.ts';
import { lockUser, toMe, userById, type Db, type Trx, type UserRow } from './rows.ts';
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

/**
 * Checks and uses up a code inside `trx`, which holds the user's row lock (so one user's code checks
 * run one at a time): refused while the user's codes are locked; a wrong code is counted in the same
 * transaction, so the next attempt, waiting for the lock, already sees it. The refusal is returned,
 * not thrown, so the caller commits the count before it refuses.
 */
export async function checkOtp(
  ctx: KeysContext,
  trx: Trx,
  user: Pick<UserRow, 'id' | 'totp_secret_enc'>,
  otp: string | undefined,
): Promise<MockexError | null> {
  // Codes follow real time: the sandbox clock may have moved days ahead of the phone.
  const now = ctx.realClock.now();
  await assertNotLocked(trx, [['otp', user.id]], now);
  try {
    await consumeOtp(trx, ctx.pepperKeys, user, otp, now);
    return null;
  } catch (error) {
    if (!isMockexError(error) || error.code !== 'INVALID_OTP') throw error;
    // A valid code used twice is refused but is no guess: it does not count towards the lock.
    if (!error.meta.replay) await recordFailure(trx, 'otp', user.id, ctx.throttle.otp, now);
    return error;
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
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    const user = await lockUser(trx, userId);
    if (user.two_factor_enabled) throw new MockexError('TWO_FACTOR_ALREADY_ENABLED');
    const refusal = await checkOtp(ctx, trx, user, input.otp);
    if (refusal) return { refusal };
    const updated = await trx
      .updateTable('users')
      .set({ two_factor_enabled: true, updated_at: now })
      .where('id', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { userId, type: 'auth.two_factor_enabled', at: now, ip: info.ip });
    return { row: updated };
  });
  if ('refusal' in outcome) throw outcome.refusal;
  const { row } = outcome;
  await clearFailures(ctx.db, 'otp', userId);
  return toMe(row);
}
