import { sql, type Kysely } from 'kysely';

// The mock exchange: a JSONB document of what is live per account, the append-only history of what
// finished (orders, positions, fees), and the sandbox's mark-price overrides.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('exchange_accounts')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('state', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('exchange_history')
    .addColumn('seq', 'bigint', (c) => c.generatedAlwaysAsIdentity())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('order', 'position', 'fee')`))
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('exchange_history_pk', ['user_id', 'kind', 'record_id'])
    .execute();
  // Pages are newest first per account and kind.
  await db.schema
    .createIndex('exchange_history_page')
    .on('exchange_history')
    .columns(['user_id', 'kind', 'seq desc'])
    .execute();
  await db.schema
    .createTable('exchange_price_overrides')
    .addColumn('symbol', 'text', (c) => c.primaryKey())
    .addColumn('price', 'text', (c) => c.notNull())
    .addColumn('at_seconds', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('exchange_price_overrides').execute();
  await db.schema.dropTable('exchange_history').execute();
  await db.schema.dropTable('exchange_accounts').execute();
}
