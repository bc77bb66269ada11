import type { Kysely } from 'kysely';
import {
  decideKeyAccess,
  ipMatcher,
  normalizeIp,
  type KeyRequest,
  type KeyVerification,
  type Permission,
  type VenueProfile,
} from '@mockex/domain';
import type { Database } from '@mockex/db';
import { hashApiSecret, looksLikeMockexSecret, type PepperKeys } from './secrets.ts';
import type { KeyServiceLogger } from './types.ts';
import type { CachedKey, VerifyCache } from './verify-cache.ts';

/**
 * Key verification, the exchange's hot path: a secret's key and owner come from the cache (no database
 * round trip while nothing changes) or one indexed join; `lastUsedAt` is written behind the answer, at
 * most once per key per `usageWriteIntervalMs` of real time.
 */
export interface KeyVerifierParts {
  verifyKey(secret: string | null | undefined, request: KeyRequest): Promise<KeyVerification>;
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
    // Frozen: every verification hands out these same objects.
    const value: CachedKey = row
      ? {
          kind: 'key',
          facts: Object.freeze({
            key: Object.freeze({
              id: row.id,
              keyPrefix: row.key_prefix,
              permissions: Object.freeze(row.permissions) as Permission[],
              expiresAt: row.expires_at,
            }),
            account: Object.freeze({ id: row.user_id, email: row.email, kycStatus: row.kyc_status }),
            revoked: row.status === 'revoked',
            whitelist: ipMatcher(row.ip_whitelist),
          }),
        }
      : { kind: 'unknown' };
    cache.set(hash, value, generation);
    return value;
  }

  async function verifyKey(secret: string | null | undefined, request: KeyRequest): Promise<KeyVerification> {
    if (!secret) return decideKeyAccess('missing', request, profile.keys);
    // A mistyped or made-up secret fails its checksum: refused without a look-up.
    if (!looksLikeMockexSecret(secret)) return decideKeyAccess('unknown', request, profile.keys);
    const hash = hashApiSecret(pepperKeys, secret);
    const entry = cache.get(hash) ?? (await loadKey(hash));
    const decision = decideKeyAccess(entry.kind === 'key' ? entry.facts : 'unknown', request, profile.keys);
    // The key was used from an allowed address, whatever the route then refused for.
    if (entry.kind === 'key' && (decision.valid || decision.reason === 'PERMISSION_DENIED'))
      recordUsage(entry.facts.key.id, normalizeIp(request.ip), request.now);
    return decision;
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
