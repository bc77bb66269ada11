import { sql, type Kysely } from 'kysely';

// Server-level facts that outlive a process (for example the schema generation a sandbox reset bumps).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mockex_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('mockex_meta').execute();
}
