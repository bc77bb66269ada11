import { sql, type Kysely } from 'kysely';

// Armed sandbox faults, shared by every server process on this database. `remaining` counts down the
// uses of a fault armed with `times` (null: until disarmed). The sandbox clock's offset lives in
// mockex_meta (key `sandbox.clock_offset_seconds`).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sandbox_faults')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('fault', 'text', (c) => c.notNull())
    .addColumn('match_method', 'text')
    .addColumn('match_path', 'text')
    .addColumn('match_key_prefix', 'text')
    .addColumn('remaining', 'integer', (c) => c.check(sql`remaining is null or remaining >= 0`))
    .addColumn('probability', 'double precision')
    .addColumn('latency_ms', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sandbox_faults').execute();
}
