import { sql, type Kysely } from 'kysely';
import { MockexError } from '@mockex/domain';
import type { Database } from '@mockex/db';
import type { ThrottleRule, ThrottleRules } from './types.ts';

/**
 * Failure counting for sign-in and one-time codes, kept in the database so every server process and a
 * restart see the same counts. After `maxFailures` within `windowSeconds` the subject is locked for
 * `lockSeconds`; while locked, attempts are refused before any password or code is checked.
 */
export type ThrottleScope = keyof ThrottleRules;

export const DEFAULT_THROTTLE: ThrottleRules = {
  account: { maxFailures: 5, windowSeconds: 900, lockSeconds: 900 },
  ip: { maxFailures: 20, windowSeconds: 900, lockSeconds: 900 },
  otp: { maxFailures: 5, windowSeconds: 900, lockSeconds: 900 },
};

type Db = Kysely<Database>;

/** Seconds until the subject may try again, 0 when it is not locked. */
export async function lockedSeconds(
  db: Db,
  scope: ThrottleScope,
  subject: string,
  now: Date,
): Promise<number> {
  const row = await db
    .selectFrom('auth_throttle')
    .select('locked_until')
    .where('scope', '=', scope)
    .where('subject', '=', subject)
    .executeTakeFirst();
  const until = row?.locked_until;
  return until && until > now ? Math.ceil((until.getTime() - now.getTime()) / 1000) : 0;
}

/** Throws TOO_MANY_ATTEMPTS when any of the subjects is locked. */
export async function assertNotLocked(
  db: Db,
  subjects: [ThrottleScope, string | null][],
  now: Date,
): Promise<void> {
  let seconds = 0;
  for (const [scope, subject] of subjects) {
    if (subject) seconds = Math.max(seconds, await lockedSeconds(db, scope, subject, now));
  }
  if (seconds > 0) throw new MockexError('TOO_MANY_ATTEMPTS', { seconds }, { retryAfterSeconds: seconds });
}

/** The upsert that counts one failure, locking the subject when the count reaches the threshold. */
function countFailure(scope: ThrottleScope, subject: string, rule: ThrottleRule, now: Date) {
  const windowStart = new Date(now.getTime() - rule.windowSeconds * 1000);
  const lockUntil = new Date(now.getTime() + rule.lockSeconds * 1000);
  const stale = sql`auth_throttle.window_started_at <= ${windowStart}::timestamptz`;
  const next = sql`case when ${stale} then 1 else auth_throttle.failures + 1 end`;
  return sql`
    insert into auth_throttle (scope, subject, failures, window_started_at, locked_until)
    values (${scope}, ${subject}, 1, ${now}::timestamptz,
            case when 1 >= ${rule.maxFailures}::int then ${lockUntil}::timestamptz end)
    on conflict (scope, subject) do update set
      failures = ${next},
      window_started_at = case when ${stale} then ${now}::timestamptz else auth_throttle.window_started_at end,
      locked_until = case when ${next} >= ${rule.maxFailures}::int then ${lockUntil}::timestamptz
                          else auth_throttle.locked_until end`;
}

/** Counts one failure in one statement (safe under concurrency), locking at the threshold. */
export async function recordFailure(
  db: Db,
  scope: ThrottleScope,
  subject: string,
  rule: ThrottleRule,
  now: Date,
): Promise<void> {
  await countFailure(scope, subject, rule, now).execute(db);
}

/**
 * Reserves one attempt before the password or code is checked: one statement that, unless the subject
 * is locked, counts the attempt as a failure at once (locking at the threshold). So however attempts
 * arrive (one by one, in parallel, in one batch), at most `maxFailures` per window are ever evaluated.
 * False when the subject is locked (nothing counted). A successful attempt gives its reservation back
 * (`releaseAttempt`, or `clearFailures`).
 */
export async function reserveAttempt(
  db: Db,
  scope: ThrottleScope,
  subject: string,
  rule: ThrottleRule,
  now: Date,
): Promise<boolean> {
  const { rows } = await sql`
    ${countFailure(scope, subject, rule, now)}
    where auth_throttle.locked_until is null or auth_throttle.locked_until <= ${now}::timestamptz
    returning failures`.execute(db);
  return rows.length > 0;
}

/** Gives back a reserved attempt that succeeded (or was not an attempt after all). */
export async function releaseAttempt(
  db: Db,
  scope: ThrottleScope,
  subject: string,
  rule: ThrottleRule,
): Promise<void> {
  await sql`
    update auth_throttle set
      failures = greatest(failures - 1, 0),
      locked_until = case when failures - 1 < ${rule.maxFailures}::int then null else locked_until end
    where scope = ${scope} and subject = ${subject}`.execute(db);
}

export async function clearFailures(db: Db, scope: ThrottleScope, subject: string): Promise<void> {
  await db.deleteFrom('auth_throttle').where('scope', '=', scope).where('subject', '=', subject).execute();
}
