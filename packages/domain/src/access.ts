/**
 * The vocabulary shared by the key API (which issues keys) and the exchange (which checks them).
 */
export const PERMISSIONS = ['READ_ONLY', 'TRADE', 'WITHDRAW'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const KYC_STATUSES = ['none', 'pending', 'verified', 'rejected', 'expired'] as const;
export type KycStatus = (typeof KYC_STATUSES)[number];

export const KEY_STATUSES = ['active', 'revoked', 'expired'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

/** Why a key was refused; each is a code of the error catalogue. */
export type KeyRefusal = 'AUTH_INVALID' | 'KEY_REVOKED' | 'KEY_EXPIRED' | 'IP_NOT_ALLOWED' | 'KYC_REQUIRED';

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

export type KeyVerification =
  | { valid: true; key: VerifiedKey; account: VerifiedAccount }
  | {
      valid: false;
      reason: KeyRefusal;
      /** Facts for the message: `expiredAt` for KEY_EXPIRED, `ip` for IP_NOT_ALLOWED, `status` for KYC_REQUIRED. */
      detail?: Record<string, string>;
      /**
       * The key's permissions when the key itself is genuine (KYC_REQUIRED), so the exchange can still
       * check permission before KYC, in the venue's order.
       */
      permissions?: Permission[];
    };

/** Checks an API secret presented to the exchange. Never throws for a bad key. */
export interface KeyVerifier {
  verifyKey(secret: string, context: { ip: string; now: Date }): Promise<KeyVerification>;
}

/** Which permission satisfies a need: TRADE keys may also read. */
export function permits(granted: readonly Permission[], needed: 'READ_ONLY' | 'TRADE'): boolean {
  if (needed === 'READ_ONLY') return granted.includes('READ_ONLY') || granted.includes('TRADE');
  return granted.includes('TRADE');
}
