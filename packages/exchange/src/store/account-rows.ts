/**
 * The PostgreSQL store's account rows: read and written with their version (`xmin`), in batches.
 *
 * Reads and conditional writes that requests start in the same turn of the event loop travel
 * together: one query reads every row asked for, one statement writes every row (each under its own
 * version check). Each request's read is still sent after it arrived, so it sees every write committed
 * before it, by this process or another; batching only shares the round trip, which under load costs
 * more than the rest of a request. Alone, a request still costs one round trip.
 */
import type { Database } from '@mockex/db';
import DataLoader from 'dataloader';
import { sql, type Kysely } from 'kysely';
import type { AccountState } from '../engine/types.ts';
import { recordsOf, type AccountUpdate } from './types.ts';

type HistoryRow = ReturnType<typeof recordsOf>[number];

/** A conditional write of an account: its new state (as JSON text) and records, if the row is still at `version`. */
export interface PendingWrite {
  userId: string;
  version: string;
  text: string;
  records: HistoryRow[];
}

/** An account row: its state and its version. */
export interface VersionedRow {
  state: unknown;
  version: string;
}

/** An account row as written: its new version and its state as stored. */
export interface KnownVersion {
  version: string;
  text: string;
}

export function pendingWrite(
  userId: string,
  state: AccountState,
  archive: AccountUpdate<unknown>['archive'],
  version: string,
): PendingWrite {
  return { userId, version, text: JSON.stringify(state), records: recordsOf(archive) };
}

/**
 * Stores each account's state and appends its records, in one statement for the whole batch, each
 * only if its row is still at the version the state was computed from. Returns, per write, what was
 * written and the row's new version, or null when that row was not written (its records go only
 * with it). Rows are locked in `user_id` order, so two batches (of this process or another) that
 * share accounts wait for each other rather than deadlock.
 */
export async function writeRows(
  executor: Kysely<Database>,
  writes: readonly PendingWrite[],
): Promise<Array<KnownVersion | null>> {
  // One write per account per statement: a second one for the same row could not hold anyway (it was
  // computed from the same version), so it reports "not written" and its caller reads afresh.
  const first = new Map<string, PendingWrite>();
  for (const write of writes) if (!first.has(write.userId)) first.set(write.userId, write);
  // One JSON parameter carries the batch: the states are already JSON text, spliced in as they are.
  const input = `[${[...first.values()]
    .map(
      (w) =>
        `{"user_id":${JSON.stringify(w.userId)},"version":${JSON.stringify(w.version)},"state":${w.text},"records":${JSON.stringify(w.records)}}`,
    )
    .join(',')}]`;
  const { rows } = await sql<{ user_id: string; version: string }>`
    with input as materialized (
      select * from jsonb_to_recordset(${input}::jsonb)
        as i (user_id text, version text, state jsonb, records jsonb)
    ),
    locked as materialized (
      select a.user_id from exchange_accounts a join input i on i.user_id = a.user_id
      where a.xmin = i.version::xid
      order by a.user_id
      for update of a
    ),
    saved as (
      update exchange_accounts a set state = i.state, updated_at = ${new Date()}
      from input i
      where a.user_id = i.user_id and a.user_id in (select user_id from locked)
      returning a.user_id, a.xmin::text as version
    ),
    appended as (
      insert into exchange_history (user_id, kind, record_id, data)
      select i.user_id, e.record->>'kind', e.record->>'id', e.record->'data'
      from input i
      join saved on saved.user_id = i.user_id
      cross join lateral jsonb_array_elements(i.records) with ordinality as e (record, ord)
      order by i.user_id, e.ord
      on conflict (user_id, kind, record_id) do update set data = excluded.data
    )
    select user_id, version from saved`.execute(executor);
  const versions = new Map(rows.map((r) => [r.user_id, r.version]));
  return writes.map((w) => {
    const version = first.get(w.userId) === w ? versions.get(w.userId) : undefined;
    return version === undefined ? null : { version, text: w.text };
  });
}

/**
 * Batches collect what is asked in one turn of the event loop (`setImmediate` runs after every socket
 * that was ready has been read), not just one chain of promises; no cache: every load is a fresh read.
 */
const BATCH_OPTIONS = {
  cache: false,
  maxBatchSize: 100,
  batchScheduleFn: (run: () => void) => void setImmediate(run),
} as const;

/** Batched reads and conditional writes of account rows, outside any transaction. */
export function accountRows(db: Kysely<Database>) {
  const reader = new DataLoader<string, VersionedRow | null>(async (userIds) => {
    const { rows } = await sql<VersionedRow & { user_id: string }>`
      select user_id, state, xmin::text as version from exchange_accounts
      where user_id = any(${[...new Set(userIds)]}::text[])`.execute(db);
    const byId = new Map(rows.map((row) => [row.user_id, row]));
    return userIds.map((id) => byId.get(id) ?? null);
  }, BATCH_OPTIONS);
  const writer = new DataLoader<PendingWrite, KnownVersion | null>(
    (writes) => writeRows(db, writes),
    BATCH_OPTIONS,
  );
  return {
    /** The row as it is now (null when the account was never created). */
    read: (userId: string) => reader.load(userId),
    /** The write if the row is still at its version: the row's new version, or null. */
    write: (write: PendingWrite) => writer.load(write),
  };
}

/** Rows this process wrote last, so its next update of one can skip the read (bounded in size and age). */
export function knownVersions(maxEntries = 10_000, maxAgeMs = 60_000) {
  const entries = new Map<string, KnownVersion & { at: number }>();
  return {
    get(userId: string): KnownVersion | undefined {
      const entry = entries.get(userId);
      if (entry && performance.now() - entry.at > maxAgeMs) {
        entries.delete(userId);
        return undefined;
      }
      return entry;
    },
    remember(userId: string, written: KnownVersion): void {
      entries.delete(userId); // re-inserted last: the oldest go first when full
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(userId, { ...written, at: performance.now() });
    },
    forget(userId: string): void {
      entries.delete(userId);
    },
    clear(): void {
      entries.clear();
    },
  };
}
