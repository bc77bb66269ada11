/**
 * An in-memory key verifier for the in-process (MSW) mode: the keys a bot's test declares, each with
 * its own account, verified the way the key API verifies them (unknown secret, expiry after the venue
 * profile's TTL on the sandbox clock, IP whitelist with CIDR ranges).
 */
import { BlockList, isIP } from 'node:net';
import { createHash } from 'node:crypto';
import {
  type Clock,
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
  whitelist: BlockList | null;
  revoked: boolean;
}

/** A stable short digest, so ids and e-mails never contain the secret itself. */
function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

function whitelistOf(entries: readonly string[] | undefined): BlockList | null {
  if (!entries?.length) return null;
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    const [address = '', bits] = entry.split('/', 2);
    const family = isIP(address);
    if (!family) throw new Error(`ipWhitelist entry "${entry}" is not an IP address or CIDR range`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

function allowed(list: BlockList, ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  const address = mapped ?? ip;
  const family = isIP(address);
  if (!family) return false;
  return list.check(address, family === 6 ? 'ipv6' : 'ipv4');
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
    async verifyKey(secret, { ip, now }): Promise<KeyVerification> {
      const entry = bySecret.get(secret);
      if (!entry) return { valid: false, reason: 'AUTH_INVALID' };
      if (entry.revoked) return { valid: false, reason: 'KEY_REVOKED' };
      if (now.getTime() >= entry.key.expiresAt.getTime()) {
        return {
          valid: false,
          reason: 'KEY_EXPIRED',
          detail: { expiredAt: entry.key.expiresAt.toISOString() },
        };
      }
      if (entry.whitelist && !allowed(entry.whitelist, ip))
        return { valid: false, reason: 'IP_NOT_ALLOWED', detail: { ip } };
      return { valid: true, key: { ...entry.key }, account: { ...entry.account } };
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
