import type { Kysely, Selectable, Transaction } from 'kysely';
import { MockexError, newId, type Permission } from '@mockex/domain';
import type { ApiKeysTable, Database, UsersTable } from '@mockex/db';
import { keyPrefixOf } from './secrets.ts';
import type { ApiKey, Me } from './types.ts';

/**
 * The rows the key service reads, the handles it reads them through, and how the API shows them; the
 * lookups and the key insert more than one area shares.
 */
export type UserRow = Selectable<UsersTable>;
export type KeyRow = Selectable<ApiKeysTable>;
export type Trx = Transaction<Database>;
/** A repository function's first argument: the database or an open transaction. */
export type Db = Kysely<Database> | Trx;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function toMe(
  row: Pick<UserRow, 'id' | 'email' | 'kyc_status' | 'two_factor_enabled' | 'created_at'>,
): Me {
  return {
    id: row.id,
    email: row.email,
    kycStatus: row.kyc_status,
    twoFactorEnabled: row.two_factor_enabled,
    createdAt: row.created_at,
  };
}

export function isExpired(row: Pick<KeyRow, 'expires_at'>, now: Date): boolean {
  return row.expires_at.getTime() <= now.getTime();
}

export function toApiKey(row: KeyRow, now: Date): ApiKey {
  return {
    id: row.id,
    label: row.label,
    keyPrefix: row.key_prefix,
    permissions: row.permissions as Permission[],
    ipWhitelist: row.ip_whitelist,
    status: row.status === 'revoked' ? 'revoked' : isExpired(row, now) ? 'expired' : 'active',
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    lastUsedIp: row.last_used_ip,
  };
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export async function userById(db: Db, userId: string): Promise<UserRow> {
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!user) throw new MockexError('UNAUTHENTICATED');
  return user;
}

export async function userByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

/** The user row, locked until the transaction ends (serialises one user's 2FA and key changes). */
export async function lockUser(trx: Trx, userId: string): Promise<UserRow> {
  const user = await trx
    .selectFrom('users')
    .selectAll()
    .where('id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
  if (!user) throw new MockexError('UNAUTHENTICATED');
  return user;
}

/** A key about to be stored: its checked settings and its secret (kept only as `secretHash`). */
export interface NewKey {
  label: string;
  permissions: Permission[];
  ipWhitelist: string[];
  secret: string;
  secretHash: string;
}

/** Stores a new active key (its secret only as `secretHash`); the one insert every way of issuing a key uses. */
export function insertKey(
  trx: Trx,
  key: NewKey & { userId: string; now: Date; ttlMs: number },
): Promise<KeyRow> {
  const { now } = key;
  return trx
    .insertInto('api_keys')
    .values({
      id: newId('apiKey', now),
      user_id: key.userId,
      label: key.label,
      key_prefix: keyPrefixOf(key.secret),
      secret_hash: key.secretHash,
      permissions: key.permissions,
      ip_whitelist: key.ipWhitelist,
      status: 'active',
      created_at: now,
      expires_at: new Date(now.getTime() + key.ttlMs),
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
