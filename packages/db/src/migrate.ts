import { Migrator, NO_MIGRATIONS, type Kysely, type MigrationResult } from 'kysely';
import { migrations } from './migrations/index.ts';

// Any schema type will do: the migrator only touches its own tables.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyKysely = Kysely<any>;

function migratorFor(db: AnyKysely): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

export interface MigrationReport {
  applied: string[];
  error?: unknown;
}

function report(results: MigrationResult[] | undefined, error: unknown): MigrationReport {
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  return error ? { applied, error } : { applied };
}

async function run(
  db: AnyKysely,
  step: (m: Migrator) => Promise<{ results?: MigrationResult[]; error?: unknown }>,
): Promise<MigrationReport> {
  const { results, error } = await step(migratorFor(db));
  const out = report(results, error);
  if (out.error) throw out.error instanceof Error ? out.error : new Error(String(out.error));
  return out;
}

/** Applies every pending migration. Safe to call from several processes at once (kysely locks). */
export function migrateToLatest(db: AnyKysely): Promise<MigrationReport> {
  return run(db, (m) => m.migrateToLatest());
}

/** Rolls back the most recent migration. */
export function migrateDown(db: AnyKysely): Promise<MigrationReport> {
  return run(db, (m) => m.migrateDown());
}

/** Rolls back every migration (an empty database again, but for kysely's bookkeeping tables). */
export function migrateToNothing(db: AnyKysely): Promise<MigrationReport> {
  return run(db, (m) => m.migrateTo(NO_MIGRATIONS));
}

export async function migrationStatus(db: AnyKysely): Promise<{ name: string; executedAt: Date | null }[]> {
  const list = await migratorFor(db).getMigrations();
  return list.map((m) => ({ name: m.name, executedAt: m.executedAt ?? null }));
}
