import { sql, type Kysely } from 'kysely';

/**
 * The key API's tables: accounts, sessions, API keys, audit events and sign-in throttling.
 * Every secret is stored only in a form that cannot be turned back into it: argon2id password hashes,
 * SHA-256 of session tokens, HMAC-SHA256 (server pepper) of API secrets, AES-256-GCM for TOTP secrets.
 * Times come from the service's injected clock (the sandbox can move it), so columns have no now() defaults.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Stored trimmed and lower-cased: one account per address whatever its spelling.
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('kyc_status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('none')
        .check(sql`kyc_status in ('none', 'pending', 'verified', 'rejected', 'expired')`),
    )
    .addColumn('kyc_legal_name', 'text')
    .addColumn('kyc_country', 'text')
    .addColumn('kyc_updated_at', 'timestamptz')
    .addColumn('two_factor_enabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('totp_secret_enc', 'text')
    // The last TOTP time step accepted: a code of that step or earlier is a replay.
    .addColumn('totp_last_step', 'bigint')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('ip', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('permissions', sql`text[]`, (c) => c.notNull())
    .addColumn('ip_whitelist', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    // 'expired' is not stored: it follows from expires_at and the (sandbox) clock.
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'revoked')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('rotated_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('last_used_ip', 'text')
    .execute();
  await db.schema.createIndex('api_keys_user_id').on('api_keys').columns(['user_id', 'status']).execute();

  await db.schema
    .createTable('audit_events')
    // Insertion order, for newest-first listing and cursors even when the sandbox clock jumps.
    .addColumn('seq', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('key_id', 'text')
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema
    .createIndex('audit_events_user_seq')
    .on('audit_events')
    .columns(['user_id', 'seq desc'])
    .execute();

  await db.schema
    .createTable('auth_throttle')
    // scope: 'account' (subject = email), 'ip' (subject = address) or 'otp' (subject = user id).
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('locked_until', 'timestamptz')
    .addPrimaryKeyConstraint('auth_throttle_pk', ['scope', 'subject'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['auth_throttle', 'audit_events', 'api_keys', 'sessions', 'users']) {
    await db.schema.dropTable(table).execute();
  }
}
