import type { MockexDatabase } from '@mockex/db';

type Listener = Pick<MockexDatabase, 'kind' | 'db' | 'listen'>;

/**
 * `database.listen`, safe to call while queries are in flight. PGlite has one session: its LISTEN
 * and UNLISTEN run on it directly, beside the pg pool that carries every query, and when one lands
 * while a pool query is waiting for its answer, that query gets the LISTEN's reply instead (a SELECT
 * then "returns" no rows). Holding the pool's one connection meanwhile keeps them apart. PostgreSQL
 * listens on a connection of its own and needs nothing.
 */
export async function listenSafely(
  database: Listener,
  channel: string,
  handler: (payload: string) => void,
): Promise<() => Promise<void>> {
  if (database.kind !== 'pglite') return database.listen(channel, handler);
  const exclusive = <T>(fn: () => Promise<T>) => database.db.connection().execute(fn);
  const unlisten = await exclusive(() => database.listen(channel, handler));
  // A database already closed cannot lend its connection; nothing is in flight on it either.
  return () => exclusive(unlisten).catch(() => unlisten());
}
