import type { Kysely } from 'kysely';
import type { Clock, VenueProfile } from '@mockex/domain';
import type { Database } from '@mockex/db';
import type { PepperKeys } from './secrets.ts';
import type { KeyServiceLogger, KycMode, ThrottleRules } from './types.ts';

/**
 * What every part of the key service shares: the database, the clocks, the venue's rules, the keys
 * derived from the pepper, and how to tell every process that a user's keys changed.
 */
export interface KeysContext {
  readonly db: Kysely<Database>;
  /** The sandbox clock: key expiry, audit times and everything a tester may move. */
  readonly clock: Clock;
  /** Real time: TOTP codes, sessions and sign-in locks (see KeyServiceOptions.realClock). */
  readonly realClock: Clock;
  readonly profile: VenueProfile;
  readonly pepperKeys: PepperKeys;
  readonly kycMode: KycMode;
  readonly throttle: ThrottleRules;
  readonly sessionTtlMs: number;
  /** A key's lifetime (the profile's TTL) in milliseconds. */
  readonly keyTtlMs: number;
  readonly logger: KeyServiceLogger | undefined;
  /** Forgets cached verifications of these secret hashes and of every key of the user, everywhere. */
  invalidate(userId: string, hashes: string[]): Promise<void>;
}
