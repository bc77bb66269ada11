import type { Clock, KeyStatus, KycStatus, Permission, VenueProfile } from '@mockex/domain';
import type { MockexDatabase } from '@mockex/db';

/** The signed-in user as the key API shows them. */
export interface Me {
  id: string;
  email: string;
  kycStatus: KycStatus;
  twoFactorEnabled: boolean;
  createdAt: Date;
}

/** An API key as its owner sees it: never with its secret. */
export interface ApiKey {
  id: string;
  label: string;
  keyPrefix: string;
  permissions: Permission[];
  ipWhitelist: string[];
  status: KeyStatus;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
}

export const AUDIT_EVENT_TYPES = [
  'auth.signed_up',
  'auth.signed_in',
  'auth.sign_in_failed',
  'auth.signed_out',
  'auth.two_factor_started',
  'auth.two_factor_enabled',
  'account.kyc_changed',
  'key.created',
  'key.updated',
  'key.rotated',
  'key.revoked',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export type AuditDetail = Record<string, string | number | boolean | null | string[]>;

export interface AuditEvent {
  id: string;
  type: AuditEventType;
  at: Date;
  keyId: string | null;
  ip: string | null;
  detail: AuditDetail;
}

/** Where a call came from, for the audit trail and per-address throttling. */
export interface RequestInfo {
  ip: string | null;
}

/** The slice of a pino logger the service uses (pino's Logger fits). */
export interface KeyServiceLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** auto: submitKyc verifies at once (the sandbox default); manual: it stays pending until set. */
export type KycMode = 'auto' | 'manual';

export interface ThrottleRule {
  /** Failures within the window that lock the subject. */
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

export interface ThrottleRules {
  /** Wrong passwords or sign-in codes per email (known or not). */
  account: ThrottleRule;
  /** Failed sign-ins per client address. */
  ip: ThrottleRule;
  /** Wrong TOTP codes per user on 2FA and key management calls. */
  otp: ThrottleRule;
}

export interface KeyServiceOptions {
  database: MockexDatabase;
  /** The sandbox clock: key expiry, audit times, and everything else a tester may move. */
  clock: Clock;
  /**
   * Real time (default: the system clock). TOTP codes, session lifetimes and sign-in locks follow it,
   * never the sandbox clock: an authenticator app knows nothing of /sandbox/v1/clock, a moved clock
   * must not sign everybody out, and moving it must not lift a lock on guessing.
   */
  realClock?: Clock;
  profile: VenueProfile;
  /** Server-side secret (>= 32 chars) from which the secret-hash and TOTP-encryption keys are derived. */
  pepper: string;
  kycMode?: KycMode;
  logger?: KeyServiceLogger;
  /** Session lifetime (default 12 hours). */
  sessionTtlSeconds?: number;
  throttle?: Partial<ThrottleRules>;
  /** How long verifyKey trusts a cached key without a change notification (default 30 s; a safety net). */
  cacheTtlMs?: number;
  /** Minimum real time between two lastUsedAt writes of one key (default 1000 ms). */
  usageWriteIntervalMs?: number;
}
