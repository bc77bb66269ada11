import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './schema.ts';

/** Tables of the key API (accounts, sessions, 2FA, KYC, API keys, audit). */
export interface KeysTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  audit_events: AuditEventsTable;
  auth_throttle: AuthThrottleTable;
}

/** A nullable timestamptz column. */
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;

export interface UsersTable {
  id: string;
  email: string;
  /** argon2id PHC string. */
  password_hash: string;
  kyc_status: Generated<'none' | 'pending' | 'verified' | 'rejected' | 'expired'>;
  kyc_legal_name: string | null;
  kyc_country: string | null;
  kyc_updated_at: NullableTimestamp;
  two_factor_enabled: Generated<boolean>;
  /** AES-256-GCM ciphertext of the base32 TOTP secret (see @mockex/keys secrets.ts). */
  totp_secret_enc: string | null;
  /** bigint: pg returns it as a string. */
  totp_last_step: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  /** SHA-256 hex of the bearer token. */
  token_hash: string;
  ip: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  user_id: string;
  label: string;
  key_prefix: string;
  /** HMAC-SHA256 hex of the secret under a key derived from the server pepper. */
  secret_hash: string;
  permissions: string[];
  ip_whitelist: ColumnType<string[], string[] | undefined, string[]>;
  status: 'active' | 'revoked';
  created_at: Timestamp;
  rotated_at: NullableTimestamp;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  updated_at: Timestamp;
  last_used_at: NullableTimestamp;
  last_used_ip: string | null;
}

export interface AuditEventsTable {
  /** bigint identity: pg returns it as a string. */
  seq: ColumnType<string, never, never>;
  id: string;
  user_id: string;
  type: string;
  at: Timestamp;
  ip: string | null;
  key_id: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface AuthThrottleTable {
  scope: string;
  subject: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: NullableTimestamp;
}
