import { normalizeIp, type IpMatcher } from './ip.ts';

/**
 * The vocabulary shared by the key API (which issues keys) and the exchange (which checks them).
 */
export const PERMISSIONS = ['READ_ONLY', 'TRADE', 'WITHDRAW'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const KYC_STATUSES = ['none', 'pending', 'verified', 'rejected', 'expired'] as const;
export type KycStatus = (typeof KYC_STATUSES)[number];

export const KEY_STATUSES = ['active', 'revoked', 'expired'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

/** What a route needs of a key: READ_ONLY routes read, TRADE routes trade and transfer. */
export type KeyNeed = 'READ_ONLY' | 'TRADE';

/** What the exchange learns about a caller whose key checked out. */
export interface VerifiedKey {
  id: string;
  /** The displayable start of the secret (`mx_…`), for logs and fault matching. */
  keyPrefix: string;
  permissions: Permission[];
  expiresAt: Date;
}

export interface VerifiedAccount {
  id: string;
  email: string;
  kycStatus: KycStatus;
}

/** A refused key, in the contract's check order; `detail` holds what the error's message names. */
export type KeyRefusal =
  | { valid: false; reason: 'AUTH_MISSING' | 'AUTH_INVALID' | 'KEY_REVOKED' }
  | { valid: false; reason: 'KEY_EXPIRED'; detail: { expiredAt: string } }
  | { valid: false; reason: 'IP_NOT_ALLOWED'; detail: { ip: string } }
  | { valid: false; reason: 'PERMISSION_DENIED'; detail: { permission: KeyNeed } }
  | { valid: false; reason: 'KYC_REQUIRED'; detail: { status: KycStatus } };

export type KeyVerification = { valid: true; key: VerifiedKey; account: VerifiedAccount } | KeyRefusal;

/** The request a key is presented with: the caller's address, the (sandbox) time, the route's need. */
export interface KeyRequest {
  ip: string;
  now: Date;
  needs: KeyNeed;
}

/**
 * Checks an API secret presented to the exchange and decides everything about it, in the contract's
 * order (see `decideKeyAccess`); the exchange only maps a refusal to its error. Never throws for a bad
 * key. A missing secret (`undefined` or empty) is AUTH_MISSING.
 */
export interface KeyVerifier {
  verifyKey(secret: string | null | undefined, request: KeyRequest): Promise<KeyVerification>;
}

/** Which permission satisfies a need: TRADE keys may also read. */
export function permits(granted: readonly Permission[], needed: KeyNeed): boolean {
  if (needed === 'READ_ONLY') return granted.includes('READ_ONLY') || granted.includes('TRADE');
  return granted.includes('TRADE');
}

/** Everything the decision needs to know about a genuine key and its owner. */
export interface KeyFacts {
  key: VerifiedKey;
  account: VerifiedAccount;
  revoked: boolean;
  whitelist: IpMatcher;
}

/**
 * The one place the check order of a request is decided, shared by the key service (database-backed,
 * cached) and the in-memory verifier of MSW mode: unknown → revoked → expired → IP whitelist →
 * permission → KYC (only where the venue profile requires it). Pure: no I/O, no clock of its own.
 */
export function decideKeyAccess(
  facts: KeyFacts | 'missing' | 'unknown',
  request: KeyRequest,
  rules: { requireKyc: boolean },
): KeyVerification {
  if (facts === 'missing') return { valid: false, reason: 'AUTH_MISSING' };
  if (facts === 'unknown') return { valid: false, reason: 'AUTH_INVALID' };
  const { key, account } = facts;
  if (facts.revoked) return { valid: false, reason: 'KEY_REVOKED' };
  if (key.expiresAt.getTime() <= request.now.getTime()) {
    return { valid: false, reason: 'KEY_EXPIRED', detail: { expiredAt: key.expiresAt.toISOString() } };
  }
  const ip = normalizeIp(request.ip);
  if (!facts.whitelist.allows(ip)) return { valid: false, reason: 'IP_NOT_ALLOWED', detail: { ip } };
  if (!permits(key.permissions, request.needs)) {
    return { valid: false, reason: 'PERMISSION_DENIED', detail: { permission: request.needs } };
  }
  if (rules.requireKyc && account.kycStatus !== 'verified') {
    return { valid: false, reason: 'KYC_REQUIRED', detail: { status: account.kycStatus } };
  }
  return { valid: true, key, account };
}
