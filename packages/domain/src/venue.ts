/**
 * A venue profile holds every rule that differs between venues, or between published versions of one
 * venue's rules, so imitating another version is one setting (`MOCKEX_VENUE`) rather than code
 * changes. `mudrex` (an alias of `mudrex@2026-01`) is the default.
 */

/** At most `requests` requests in any `perSeconds`-second span (a sliding window). */
export interface RateWindow {
  requests: number;
  perSeconds: number;
}

/** Windows enforced together: a request counts in every window of its budget or, when refused, in none. */
export type RateBudget = readonly RateWindow[];

export interface VenueProfile {
  /** The profile's full name (`mudrex@2026-01`); aliases resolve to it. */
  name: string;
  /** What the profile imitates, for the docs and `/openapi.json`. */
  description: string;
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
    /** The per-key budget every authenticated route shares unless its group has a budget of its own. */
    default: RateBudget;
    /**
     * Per-key budgets of route groups (group names are set on the exchange's routes, e.g. `wallet`). A
     * group without an entry here counts in `default`.
     */
    groups: Readonly<Record<string, RateBudget>>;
    /** Per caller address, for the public (unauthenticated) market-data routes. */
    public: RateBudget;
  };
  /**
   * Routes of the exchange this version does not serve, as `METHOD /path` (the route table's path,
   * e.g. `GET /futures/transactions`). They answer 404 like any unknown path.
   */
  omitRoutes: readonly string[];
  /** Funds a new exchange account starts with, per wallet, as decimal strings. */
  sandboxFunds: { spot: string; futures: string };
}

const SECOND = 1;
const MINUTE = 60;
const HOUR = 3_600;
const DAY = 86_400;

const MUDREX_KEYS = {
  maxActiveKeysPerUser: 1,
  ttlDays: 90,
  requireKyc: true,
  requireTwoFactor: true,
  labelMaxLength: 50,
} as const;

/** Market data: 300 requests a minute per address, in every version that has it. */
const MARKET_DATA_BUDGET: RateBudget = [{ requests: 300, perSeconds: MINUTE }];

const MUDREX_2026_01: VenueProfile = {
  name: 'mudrex@2026-01',
  description: "the venue's FAQ and docs of January 2026",
  keys: MUDREX_KEYS,
  rateLimit: {
    default: [
      { requests: 2, perSeconds: SECOND },
      { requests: 50, perSeconds: MINUTE },
      { requests: 1_000, perSeconds: HOUR },
      { requests: 10_000, perSeconds: DAY },
    ],
    groups: {},
    public: MARKET_DATA_BUDGET,
  },
  // Later additions (market data, transactions, INR transfers) stay served: clients written since
  // (ccxt, the official SDK) call them whatever the limits they expect; the venue notes say so.
  omitRoutes: [],
  sandboxFunds: { spot: '10000', futures: '0' },
};

/** The August 2026 revision: what changed since January is the rate limits. */
const MUDREX_2026_08: VenueProfile = {
  ...MUDREX_2026_01,
  name: 'mudrex@2026-08',
  description: "the venue's docs as revised through August 2026",
  rateLimit: {
    default: [
      { requests: 10, perSeconds: SECOND },
      { requests: 500, perSeconds: MINUTE },
      { requests: 30_000, perSeconds: HOUR },
    ],
    groups: {
      wallet: [
        { requests: 2, perSeconds: SECOND },
        { requests: 50, perSeconds: MINUTE },
        { requests: 1_000, perSeconds: HOUR },
      ],
    },
    public: MARKET_DATA_BUDGET,
  },
};

export const VENUE_PROFILES = {
  'mudrex@2026-01': MUDREX_2026_01,
  'mudrex@2026-08': MUDREX_2026_08,
  // The January 2026 rules with several keys per account, for frontends that show more than one key.
  multikey: {
    ...MUDREX_2026_01,
    name: 'multikey',
    description: 'mudrex@2026-01 with 5 keys per user',
    keys: { ...MUDREX_KEYS, maxActiveKeysPerUser: 5 },
  },
} as const satisfies Record<string, VenueProfile>;

/** Short names for profiles: `mudrex` follows the seeds' era. */
export const VENUE_ALIASES = { mudrex: 'mudrex@2026-01' } as const satisfies Record<
  string,
  keyof typeof VENUE_PROFILES
>;

export type VenueName = keyof typeof VENUE_PROFILES | keyof typeof VENUE_ALIASES;
export const DEFAULT_VENUE: VenueName = 'mudrex';
/** Every name `MOCKEX_VENUE` accepts, aliases first. */
export const VENUE_NAMES = [...Object.keys(VENUE_ALIASES), ...Object.keys(VENUE_PROFILES)] as [
  VenueName,
  ...VenueName[],
];

export function venueProfile(name: string = DEFAULT_VENUE): VenueProfile {
  const resolved = (VENUE_ALIASES as Record<string, string>)[name] ?? name;
  const profile = (VENUE_PROFILES as Record<string, VenueProfile>)[resolved];
  if (!profile) throw new Error(`unknown venue profile "${name}" (known: ${VENUE_NAMES.join(', ')})`);
  return profile;
}

/** The budget a route's rate group counts in, and the name its counters are kept under. */
export function rateBudgetFor(
  profile: VenueProfile,
  group: string | undefined,
): { name: string; windows: RateBudget } {
  const own = group === undefined ? undefined : profile.rateLimit.groups[group];
  return own && group !== undefined
    ? { name: group, windows: own }
    : { name: 'default', windows: profile.rateLimit.default };
}
