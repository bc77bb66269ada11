import { sql } from 'kysely';
import { MockexError, type Permission } from '@mockex/domain';
import { recordAudit } from './audit.ts';
import type { KeysContext } from './context.ts';
import { checkPermissionPolicy, normalizeLabel, normalizePermissions, normalizeWhitelist } from './policy.ts';
import { insertKey, isExpired, lockUser, toApiKey, type KeyRow, type NewKey, type Trx } from './rows.ts';
import { generateApiSecret, hashApiSecret, keyPrefixOf } from './secrets.ts';
import { checkOtp } from './two-factor.ts';
import type { ApiKey, AuditDetail, AuditEventType, RequestInfo } from './types.ts';

/**
 * The key lifecycle: create, update, rotate, revoke, revoke all. Every change runs through one skeleton
 * (`changeKeys`): transaction → guard (KYC, 2FA, code; a wrong code counted) → savepoint → [own key,
 * locked] → the change → its audit events → commit (a refused change rolls back to the savepoint, so its
 * code stays used) → forget the affected secrets in every process's cache.
 */
export interface CreateKeyInput {
  label: string;
  permissions?: readonly string[] | undefined;
  ipWhitelist?: readonly string[] | undefined;
  otp?: string | undefined;
}

export interface UpdateKeyInput {
  id: string;
  label?: string | undefined;
  permissions?: readonly string[] | undefined;
  ipWhitelist?: readonly string[] | undefined;
  otp?: string | undefined;
}

/** What a change did: its result, what to audit, and which secret hashes caches must forget. */
interface Change<T> {
  result: T;
  events: { type: AuditEventType; keyId: string; detail: AuditDetail }[];
  hashes: string[];
}

/**
 * The checks before any key change, in the contract's order: verified KYC, 2FA on, a valid current
 * code. The user row stays locked until the transaction ends, which serialises a user's key changes
 * (that is what makes the active-key limit and the wrong-code limit hold under concurrency). A wrong
 * code is returned (counted, to be committed), the other refusals thrown.
 */
async function guardKeyChange(
  ctx: KeysContext,
  trx: Trx,
  userId: string,
  otp: string | undefined,
): Promise<MockexError | null> {
  const user = await lockUser(trx, userId);
  if (ctx.profile.keys.requireKyc && user.kyc_status !== 'verified') {
    throw new MockexError('KYC_REQUIRED', { status: user.kyc_status }, { kycStatus: user.kyc_status });
  }
  if (ctx.profile.keys.requireTwoFactor) {
    if (!user.two_factor_enabled) throw new MockexError('TWO_FACTOR_REQUIRED');
    return checkOtp(ctx, trx, user, otp);
  }
  return null;
}

/** The one key-change skeleton. */
async function changeKeys<T>(
  ctx: KeysContext,
  userId: string,
  otp: string | undefined,
  info: RequestInfo,
  now: Date,
  apply: (trx: Trx) => Promise<Change<T>>,
): Promise<T> {
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const refusal = await guardKeyChange(ctx, trx, userId, otp);
    if (refusal) return { refusal };
    // The code is used up by the attempt it authorised, whether or not the change then succeeds
    // (RFC 6238 §5.2: a validated code is never accepted again): a refused change rolls back to here
    // and the transaction commits the code's use.
    await sql`savepoint key_change`.execute(trx);
    try {
      const done = await apply(trx);
      for (const event of done.events) {
        await recordAudit(trx, { userId, at: now, ip: info.ip, ...event });
      }
      return { change: done };
    } catch (error) {
      await sql`rollback to savepoint key_change`.execute(trx).catch(() => {
        throw error; // the transaction is beyond saving: it rolls back whole
      });
      return { refusal: error };
    }
  });
  if ('refusal' in outcome) throw outcome.refusal;
  const { change } = outcome;
  await ctx.invalidate(userId, change.hashes);
  return change.result;
}

/** The skeleton for a change to one of the user's own keys, locked for the change. */
function changeOwnKey<T>(
  ctx: KeysContext,
  userId: string,
  input: { id: string; otp?: string | undefined },
  info: RequestInfo,
  now: Date,
  apply: (trx: Trx, key: KeyRow) => Promise<Change<T>>,
): Promise<T> {
  return changeKeys(ctx, userId, input.otp, info, now, async (trx) => {
    const key = await trx
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', input.id)
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!key) throw new MockexError('KEY_NOT_FOUND', {}, { field: 'id' });
    if (key.status === 'revoked') throw new MockexError('KEY_REVOKED');
    return apply(trx, key);
  });
}

async function assertBelowLimit(
  ctx: KeysContext,
  trx: Trx,
  userId: string,
  now: Date,
  exceptId?: string,
): Promise<void> {
  let query = trx
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .where('expires_at', '>', now);
  if (exceptId) query = query.where('id', '!=', exceptId);
  const { n } = await query.executeTakeFirstOrThrow();
  const limit = ctx.profile.keys.maxActiveKeysPerUser;
  if (Number(n) >= limit) throw new MockexError('KEY_LIMIT_REACHED', { limit }, { limit });
}

/**
 * A new key's settings, checked against the key rules, and its fresh secret: everything before the
 * first write, so bad input stores nothing. Every way of issuing a key starts here.
 */
export function prepareKey(
  ctx: Pick<KeysContext, 'profile' | 'pepperKeys'>,
  input: { label: string; permissions: readonly string[]; ipWhitelist?: readonly string[] | undefined },
): NewKey {
  const label = normalizeLabel(input.label, ctx.profile);
  const permissions = normalizePermissions(input.permissions);
  const ipWhitelist = normalizeWhitelist(input.ipWhitelist ?? []);
  checkPermissionPolicy(permissions, ipWhitelist);
  const secret = generateApiSecret();
  return { label, permissions, ipWhitelist, secret, secretHash: hashApiSecret(ctx.pepperKeys, secret) };
}

/** Stores a prepared key (active for the profile's TTL); returns its row and its `key.created` event. */
export async function issueKey(
  ctx: Pick<KeysContext, 'keyTtlMs'>,
  trx: Trx,
  userId: string,
  key: NewKey,
  now: Date,
): Promise<{ row: KeyRow; event: Change<unknown>['events'][number] }> {
  const row = await insertKey(trx, { ...key, userId, now, ttlMs: ctx.keyTtlMs });
  const { label, permissions, ipWhitelist } = key;
  const detail = { label, keyPrefix: row.key_prefix, permissions, ipWhitelist };
  return { row, event: { type: 'key.created', keyId: row.id, detail } };
}

export async function createKey(
  ctx: KeysContext,
  userId: string,
  input: CreateKeyInput,
  info: RequestInfo,
): Promise<{ key: ApiKey; secret: string }> {
  const key = prepareKey(ctx, {
    label: input.label,
    permissions: input.permissions ?? ['READ_ONLY'],
    ipWhitelist: input.ipWhitelist,
  });
  const now = ctx.clock.now();
  const row = await changeKeys(ctx, userId, input.otp, info, now, async (trx) => {
    await assertBelowLimit(ctx, trx, userId, now);
    const { row, event } = await issueKey(ctx, trx, userId, key, now);
    return { result: row, events: [event], hashes: [key.secretHash] };
  });
  ctx.logger?.info({ userId, keyId: row.id, keyPrefix: row.key_prefix }, 'api key created');
  return { key: toApiKey(row, now), secret: key.secret };
}

export async function listKeys(ctx: KeysContext, userId: string): Promise<ApiKey[]> {
  const now = ctx.clock.now();
  const rows = await ctx.db
    .selectFrom('api_keys')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => toApiKey(r, now));
}

export async function updateKey(
  ctx: KeysContext,
  userId: string,
  input: UpdateKeyInput,
  info: RequestInfo,
): Promise<ApiKey> {
  const label = input.label === undefined ? undefined : normalizeLabel(input.label, ctx.profile);
  const permissions = input.permissions === undefined ? undefined : normalizePermissions(input.permissions);
  const ipWhitelist = input.ipWhitelist === undefined ? undefined : normalizeWhitelist(input.ipWhitelist);
  const now = ctx.clock.now();
  const row = await changeOwnKey(ctx, userId, input, info, now, async (trx, key) => {
    const next = {
      label: label ?? key.label,
      permissions: permissions ?? (key.permissions as Permission[]),
      ip_whitelist: ipWhitelist ?? key.ip_whitelist,
    };
    checkPermissionPolicy(next.permissions, next.ip_whitelist);
    const changed = (['label', 'permissions', 'ip_whitelist'] as const).filter(
      (f) => JSON.stringify(next[f]) !== JSON.stringify(key[f]),
    );
    if (changed.length === 0) return { result: key, events: [], hashes: [key.secret_hash] };
    const updated = await trx
      .updateTable('api_keys')
      .set({ ...next, updated_at: now })
      .where('id', '=', key.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const detail = {
      changed: changed.map((f) => (f === 'ip_whitelist' ? 'ipWhitelist' : f)),
      label: next.label,
      permissions: next.permissions,
      ipWhitelist: next.ip_whitelist,
    };
    return {
      result: updated,
      events: [{ type: 'key.updated', keyId: key.id, detail }],
      hashes: [key.secret_hash],
    };
  });
  return toApiKey(row, now);
}

export async function rotateKey(
  ctx: KeysContext,
  userId: string,
  input: { id: string; otp?: string | undefined },
  info: RequestInfo,
): Promise<{ key: ApiKey; secret: string }> {
  const secret = generateApiSecret();
  const secretHash = hashApiSecret(ctx.pepperKeys, secret);
  const now = ctx.clock.now();
  const row = await changeOwnKey(ctx, userId, input, info, now, async (trx, key) => {
    // Rotating an expired key brings it back, so it must fit under the limit again.
    if (isExpired(key, now)) await assertBelowLimit(ctx, trx, userId, now, key.id);
    const updated = await trx
      .updateTable('api_keys')
      .set({
        secret_hash: secretHash,
        key_prefix: keyPrefixOf(secret),
        rotated_at: now,
        expires_at: new Date(now.getTime() + ctx.keyTtlMs),
        updated_at: now,
      })
      .where('id', '=', key.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const detail = { previousKeyPrefix: key.key_prefix, keyPrefix: updated.key_prefix };
    return {
      result: updated,
      events: [{ type: 'key.rotated', keyId: key.id, detail }],
      hashes: [key.secret_hash, secretHash],
    };
  });
  ctx.logger?.info({ userId, keyId: row.id, keyPrefix: row.key_prefix }, 'api key rotated');
  return { key: toApiKey(row, now), secret };
}

export async function revokeKey(
  ctx: KeysContext,
  userId: string,
  input: { id: string; otp?: string | undefined },
  info: RequestInfo,
): Promise<ApiKey> {
  const now = ctx.clock.now();
  const row = await changeOwnKey(ctx, userId, input, info, now, async (trx, key) => {
    const updated = await trx
      .updateTable('api_keys')
      .set({ status: 'revoked', revoked_at: now, updated_at: now })
      .where('id', '=', key.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      result: updated,
      events: [{ type: 'key.revoked', keyId: key.id, detail: { keyPrefix: key.key_prefix } }],
      hashes: [key.secret_hash],
    };
  });
  ctx.logger?.info({ userId, keyId: row.id }, 'api key revoked');
  return toApiKey(row, now);
}

export async function revokeAllKeys(
  ctx: KeysContext,
  userId: string,
  input: { otp?: string | undefined },
  info: RequestInfo,
): Promise<number> {
  const now = ctx.clock.now();
  return changeKeys(ctx, userId, input.otp, info, now, async (trx) => {
    const rows = await trx
      .updateTable('api_keys')
      .set({ status: 'revoked', revoked_at: now, updated_at: now })
      .where('user_id', '=', userId)
      .where('status', '=', 'active')
      .returning(['id', 'key_prefix', 'secret_hash'])
      .execute();
    return {
      result: rows.length,
      events: rows.map((key) => ({
        type: 'key.revoked' as const,
        keyId: key.id,
        detail: { keyPrefix: key.key_prefix, all: true },
      })),
      hashes: rows.map((r) => r.secret_hash),
    };
  });
}
