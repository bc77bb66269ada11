/**
 * A venue profile holds the rules that differ between exchanges, so imitating another venue is one
 * setting (`MOCKEX_VENUE`) rather than code changes. `mudrex` is the default.
 */
export interface RateLimitRule {
  /** Requests allowed per window. */
  requests: number;
  /** Window length in seconds. */
  perSeconds: number;
}

export interface VenueProfile {
  name: string;
  keys: {
    /** Active (not revoked, not expired) keys a user may hold at once. */
    maxActiveKeysPerUser: number;
    /** A key expires this many days after it was created or last rotated. */
    ttlDays: number;
    requireKyc: boolean;
    requireTwoFactor: boolean;
    labelMaxLength: number;
  };
  rateLimit: {
    /** The per-key limit every route shares unless a group overrides it. */
    default: RateLimitRule;
    /** Optional per-route-group limits (group names are set on the exchange's routes, e.g. `orders`). */
    groups: Record<string, RateLimitRule>;
  };
  /** Funds a new exchange account starts with, per wallet, as decimal strings. */
  sandboxFunds: { spot: string; futures: string };
}

export const VENUE_PROFILES = {
  mudrex: {
    name: 'mudrex',
    keys: {
      maxActiveKeysPerUser: 1,
      ttlDays: 90,
      requireKyc: true,
      requireTwoFactor: true,
      labelMaxLength: 50,
    },
    rateLimit: { default: { requests: 2, perSeconds: 1 }, groups: {} },
    sandboxFunds: { spot: '10000', futures: '0' },
  },
  // Rules of a venue that allows several keys per account (as some exchanges do).
  multikey: {
    name: 'multikey',
    keys: {
      maxActiveKeysPerUser: 5,
      ttlDays: 90,
      requireKyc: true,
      requireTwoFactor: true,
      labelMaxLength: 50,
    },
    rateLimit: { default: { requests: 10, perSeconds: 1 }, groups: {} },
    sandboxFunds: { spot: '10000', futures: '0' },
  },
} as const satisfies Record<string, VenueProfile>;

export type VenueName = keyof typeof VENUE_PROFILES;
export const DEFAULT_VENUE: VenueName = 'mudrex';

export function venueProfile(name: string = DEFAULT_VENUE): VenueProfile {
  const profile = (VENUE_PROFILES as Record<string, VenueProfile>)[name];
  if (!profile)
    throw new Error(`unknown venue profile "${name}" (known: ${Object.keys(VENUE_PROFILES).join(', ')})`);
  return profile;
}
