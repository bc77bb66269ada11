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

/** Counts one failure in one statement (safe under concurrency), locking at the threshold. */
export async function recordFailure(
  db: Db,
  scope: ThrottleScope,
  subject: string,
  rule: ThrottleRule,
  now: Date,
): Promise<void> {
  const windowStart = new Date(now.getTime() - rule.windowSeconds * 1000);
  const lockUntil = new Date(now.getTime() + rule.lockSeconds * 1000);
  const stale = sql`auth_throttle.window_started_at <= ${windowStart}::timestamptz`;
  const next = sql`case when ${stale} then 1 else auth_throttle.failures + 1 end`;
  await sql`
    insert into auth_throttle (scope, subject, failures, window_started_at, locked_until)
    values (${scope}, ${subject}, 1, ${now}::timestamptz,
            case when 1 >= ${rule.maxFailures}::int then ${lockUntil}::timestamptz end)
    on conflict (scope, subject) do update set
      failures = ${next},
      window_started_at = case when ${stale} then ${now}::timestamptz else auth_throttle.window_started_at end,
      locked_until = case when ${next} >= ${rule.maxFailures}::int then ${lockUntil}::timestamptz
                          else auth_throttle.locked_until end
  `.execute(db);
}

export async function clearFailures(db: Db, scope: ThrottleScope, subject: string): Promise<void> {
  await db.deleteFrom('auth_throttle').where('scope', '=', scope).where('subject', '=', subject).execute();
}
