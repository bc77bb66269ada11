import type { Kysely } from 'kysely';
import type { KeyVerification, Permission, VenueProfile } from '@mockex/domain';
import type { Database } from '@mockex/db';
import { ipMatcher, normalizeIp } from './ip-rules.ts';
import { hashApiSecret, looksLikeMockexSecret, type PepperKeys } from './secrets.ts';
import type { KeyServiceLogger } from './types.ts';
import type { CachedKey, VerifyCache } from './verify-cache.ts';

/**
 * Key verification, the exchange's hot path: a secret's key and owner come from the cache (no database
 * round trip while nothing changes) or one indexed join; `lastUsedAt` is written behind the answer, at
 * most once per key per `usageWriteIntervalMs` of real time.
 */
export interface KeyVerifierParts {
  verifyKey(secret: string, context: { ip: string; now: Date }): Promise<KeyVerification>;
  /** Waits for pending lastUsedAt writes. */
  flushUsage(): Promise<void>;
  /** Forgets when each key's usage was last written (sandbox reset). */
  resetUsage(): void;
}

export function createKeyVerification(options: {
  db: Kysely<Database>;
  profile: VenueProfile;
  pepperKeys: PepperKeys;
  cache: VerifyCache;
  usageWriteIntervalMs: number;
  logger: KeyServiceLogger | undefined;
}): KeyVerifierParts {
  const { db, profile, pepperKeys, cache, logger } = options;
  const lastUsageWrite = new Map<string, number>();
  const pendingWrites = new Set<Promise<void>>();

  function recordUsage(keyId: string, ip: string, now: Date): void {
    const t = performance.now();
    const last = lastUsageWrite.get(keyId);
    if (last !== undefined && t - last < options.usageWriteIntervalMs) return;
    lastUsageWrite.set(keyId, t);
    const write = db
      .updateTable('api_keys')
      .set({ last_used_at: now, last_used_ip: ip || null })
      .where('id', '=', keyId)
      .execute()
      .then(
        () => undefined,
        (error: unknown) => logger?.warn({ err: error, keyId }, 'could not record API key usage'),
      )
      .finally(() => pendingWrites.delete(write));
    pendingWrites.add(write);
  }

  async function loadKey(hash: string): Promise<CachedKey> {
    const generation = cache.begin();
    const row = await db
      .selectFrom('api_keys as k')
      .innerJoin('users as u', 'u.id', 'k.user_id')
      .select([
        'k.id',
        'k.user_id',
        'k.key_prefix',
        'k.permissions',
        'k.ip_whitelist',
        'k.status',
        'k.expires_at',
        'u.email',
        'u.kyc_status',
      ])
      .where('k.secret_hash', '=', hash)
      .executeTakeFirst();
    const value: CachedKey = row
      ? {
          kind: 'key',
          keyId: row.id,
          userId: row.user_id,
          keyPrefix: row.key_prefix,
          permissions: row.permissions as Permission[],
          matcher: ipMatcher(row.ip_whitelist),
          revoked: row.status === 'revoked',
          expiresAt: row.expires_at,
          email: row.email,
          kycStatus: row.kyc_status,
        }
      : { kind: 'unknown' };
    cache.set(hash, value, generation);
    return value;
  }

  async function verifyKey(secret: string, context: { ip: string; now: Date }): Promise<KeyVerification> {
    if (!looksLikeMockexSecret(secret)) return { valid: false, reason: 'AUTH_INVALID' };
    const hash = hashApiSecret(pepperKeys, secret);
    const entry = cache.get(hash) ?? (await loadKey(hash));
    if (entry.kind === 'unknown') return { valid: false, reason: 'AUTH_INVALID' };
    if (entry.revoked) return { valid: false, reason: 'KEY_REVOKED' };
    if (entry.expiresAt.getTime() <= context.now.getTime()) {
      return { valid: false, reason: 'KEY_EXPIRED', detail: { expiredAt: entry.expiresAt.toISOString() } };
    }
    const ip = normalizeIp(context.ip);
    if (!entry.matcher.allows(ip)) return { valid: false, reason: 'IP_NOT_ALLOWED', detail: { ip } };
    if (profile.keys.requireKyc && entry.kycStatus !== 'verified') {
      return {
        valid: false,
        reason: 'KYC_REQUIRED',
        detail: { status: entry.kycStatus },
        permissions: entry.permissions,
      };
    }
    recordUsage(entry.keyId, ip, context.now);
    return {
      valid: true,
      key: {
        id: entry.keyId,
        keyPrefix: entry.keyPrefix,
        permissions: entry.permissions,
        expiresAt: entry.expiresAt,
      },
      account: { id: entry.userId, email: entry.email, kycStatus: entry.kycStatus },
    };
  }

  return {
    verifyKey,
    async flushUsage() {
      await Promise.all([...pendingWrites]);
    },
    resetUsage() {
      lastUsageWrite.clear();
    },
  };
}
