/**
 * An in-memory key verifier for the in-process (MSW) mode: the keys a bot's test declares, each with
 * its own account, verified by the key service's own decision (`decideKeyAccess`: unknown, revoked,
 * expiry after the venue profile's TTL on the sandbox clock, IP whitelist, permission, KYC).
 */
import { createHash } from 'node:crypto';
import {
  decideKeyAccess,
  ipMatcher,
  parseIpRule,
  type Clock,
  type IpMatcher,
  type KeyVerification,
  type KeyVerifier,
  type KycStatus,
  type Permission,
  type VenueProfile,
  type VerifiedAccount,
  type VerifiedKey,
} from '@mockex/domain';

export interface MockKeySpec {
  secret: string;
  /** Default `["READ_ONLY", "TRADE"]`: a bot's key usually trades. */
  permissions?: Permission[];
  /** Addresses or CIDR ranges; empty means every address. In MSW mode the caller is 127.0.0.1 unless
   * the request carries X-Forwarded-For. */
  ipWhitelist?: string[];
  /** Accounts are verified unless told otherwise. */
  kycStatus?: KycStatus;
  /** Defaults to the email derived from the secret (`<hash>@mock.mockex`). */
  email?: string;
}

interface Entry {
  key: VerifiedKey;
  account: VerifiedAccount;
  whitelist: IpMatcher;
  revoked: boolean;
}

/** A stable short digest, so ids and e-mails never contain the secret itself. */
function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

function whitelistOf(entries: readonly string[] | undefined): IpMatcher {
  const rules = (entries ?? []).map((entry) => {
    const parsed = parseIpRule(entry);
    if (!parsed.ok) throw new Error(`ipWhitelist entry "${entry.trim()}" ${parsed.problem}`);
    return parsed.rule;
  });
  return ipMatcher(rules);
}

export interface MemoryKeyVerifier extends KeyVerifier {
  /** The account behind a secret (for `sandbox.credit`). */
  accountOf(secret: string): VerifiedAccount | undefined;
  findAccountByEmail(email: string): VerifiedAccount | undefined;
  setKycStatus(email: string, status: KycStatus): boolean;
  revoke(secret: string): boolean;
  /** Every key back to its declared state, expiry counted from now. */
  reset(): void;
}

export function createMemoryKeyVerifier(
  specs: readonly MockKeySpec[],
  profile: VenueProfile,
  clock: Clock,
): MemoryKeyVerifier {
  const bySecret = new Map<string, Entry>();
  function load() {
    bySecret.clear();
    const issuedAt = clock.now().getTime();
    for (const spec of specs) {
      const id = digest(spec.secret);
      bySecret.set(spec.secret, {
        key: {
          id: `key_mock${id}`,
          keyPrefix: spec.secret.slice(0, 8),
          permissions: spec.permissions ?? ['READ_ONLY', 'TRADE'],
          expiresAt: new Date(issuedAt + profile.keys.ttlDays * 86_400_000),
        },
        account: {
          id: `usr_mock${id}`,
          email: spec.email ?? `${id}@mock.mockex`,
          kycStatus: spec.kycStatus ?? 'verified',
        },
        whitelist: whitelistOf(spec.ipWhitelist),
        revoked: false,
      });
    }
  }
  load();
  const byEmail = (email: string) =>
    [...bySecret.values()].find((e) => e.account.email.toLowerCase() === email.trim().toLowerCase());

  return {
    async verifyKey(secret, request): Promise<KeyVerification> {
      const entry = secret ? bySecret.get(secret) : undefined;
      const facts = !secret
        ? 'missing'
        : entry
          ? { ...entry, key: { ...entry.key }, account: { ...entry.account } }
          : 'unknown';
      return decideKeyAccess(facts, request, profile.keys);
    },
    accountOf: (secret) => bySecret.get(secret)?.account,
    findAccountByEmail: (email) => byEmail(email)?.account,
    setKycStatus(email, status) {
      const entry = byEmail(email);
      if (!entry) return false;
      entry.account = { ...entry.account, kycStatus: status };
      return true;
    },
    revoke(secret) {
      const entry = bySecret.get(secret);
      if (!entry) return false;
      entry.revoked = true;
      return true;
    },
    reset: load,
  };
}
