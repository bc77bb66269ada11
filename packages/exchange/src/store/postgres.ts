import type { Database, MockexDatabase } from '@mockex/db';
import DataLoader from 'dataloader';
import { sql, type Kysely } from 'kysely';
import type { AccountState } from '../engine/types.ts';
import type { PriceOverride } from '../engine/prices.ts';
import { createPriceOverrideCache } from './price-cache.ts';
import { recordsOf, type AccountUpdate, type ExchangeStore } from './types.ts';

/**
 * PostgreSQL store (also PGlite). Why one JSONB document per account rather than normalized tables:
 * every engine call needs everything live in the account (settling looks at all its open orders and
 * positions) and writes it back whole; one row per account makes that one read and one write.
 * Finished records go to an append-only table in the same statement, so the document's size tracks
 * what is open, not the account's age.
 *
 * Concurrent requests on one account (in one process or several) must never lose an update. An
 * update first runs optimistically, as two round trips: read the row with its version (`xmin`, the
 * id of the transaction that wrote it, new on every write), run the engine, and write only if the
 * row is still that version. Requests on different accounts, the usual case, never conflict; when
 * another request wrote in between, the update runs again under `SELECT … FOR UPDATE` in a
 * transaction, which serialises it behind the others, so it always makes progress. Either way the
 * engine ran on exactly the state it replaces. A process also remembers the rows it wrote last, with
 * their versions, so its next update of one goes straight to the conditional write: one round trip,
 * and a fresh read only if someone else wrote meanwhile. Reads never use that memory: another
 * process may have written.
 *
 * Reads and conditional writes that requests start in the same turn of the event loop travel
 * together: one query reads every row asked for, one statement writes every row (each under its own
 * version check, locked in `user_id` order). Under load that shares a round trip among many requests,
 * the largest cost of a request that is left; alone, a request still costs one round trip.
 *
 * The sandbox's price overrides, needed by every call, are kept in process (see price-cache.ts), so
 * a read costs one round trip.
 */
export interface PostgresStoreOptions {
  /** Age after which the in-process copy of the price overrides is reloaded without a notification. */
  priceCacheMaxAgeMs?: number | undefined;
}

type HistoryRow = ReturnType<typeof recordsOf>[number];

/** A conditional write of an account: its new state (as JSON text) and records, if the row is still at `version`. */
interface PendingWrite {
  userId: string;
  version: string;
  text: string;
  records: HistoryRow[];
}

/** An account row: its state and its version (`xmin`). */
interface VersionedRow {
  state: unknown;
  version: string;
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

/** An account row as this process last wrote it: its version (`xmin`) and its state as stored. */
interface KnownVersion {
  version: string;
  text: string;
}

/** Rows this process wrote last, so its next update of one can skip the read (bounded in size and age). */
function knownVersions(maxEntries = 10_000, maxAgeMs = 60_000) {
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

export function createPostgresStore(
  database: MockexDatabase | Kysely<Database>,
  options: PostgresStoreOptions = {},
): ExchangeStore {
  const db: Kysely<Database> = 'db' in database ? database.db : database;

  async function readPriceOverrides(): Promise<PriceOverride[]> {
    const rows = await db
      .selectFrom('exchange_price_overrides')
      .select(['symbol', 'price', 'at_seconds'])
      .execute();
    return rows.map((r) => ({ symbol: r.symbol, price: r.price, at: Number(r.at_seconds) }));
  }
  // Kept in process when the handle can LISTEN (a bare Kysely cannot: it reads them on every call).
  const prices =
    'listen' in database
      ? createPriceOverrideCache({
          database,
          load: readPriceOverrides,
          maxAgeMs: options.priceCacheMaxAgeMs,
        })
      : null;

  const known = knownVersions();

  /**
   * Stores each account's state and appends its records, in one statement for the whole batch, each
   * only if its row is still at the version the state was computed from. Returns, per write, what was
   * written and the row's new version, or null when that row was not written (its records go only
   * with it). Rows are locked in `user_id` order, so two batches (of this process or another) that
   * share accounts wait for each other rather than deadlock.
   */
  async function writeRows(executor: Kysely<Database>, writes: readonly PendingWrite[]) {
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
    return writes.map((w): KnownVersion | null => {
      const version = first.get(w.userId) === w ? versions.get(w.userId) : undefined;
      return version === undefined ? null : { version, text: w.text };
    });
  }
  // Conditional writes outside a transaction are batched like the reads (one round trip for many).
  const rowWriter = new DataLoader<PendingWrite, KnownVersion | null>(
    (writes) => writeRows(db, writes),
    BATCH_OPTIONS,
  );
  const pendingWrite = (
    userId: string,
    state: AccountState,
    archive: AccountUpdate<unknown>['archive'],
    version: string,
  ): PendingWrite => ({ userId, version, text: JSON.stringify(state), records: recordsOf(archive) });

  async function appendHistory(executor: Kysely<Database>, userId: string, records: HistoryRow[]) {
    await executor
      .insertInto('exchange_history')
      .values(
        records.map((r) => ({
          user_id: userId,
          kind: r.kind,
          record_id: r.id,
          data: JSON.stringify(r.data),
        })),
      )
      .onConflict((oc) =>
        oc.columns(['user_id', 'kind', 'record_id']).doUpdateSet((eb) => ({ data: eb.ref('excluded.data') })),
      )
      .execute();
  }

  /** The update under the row lock: the way when the optimistic one met a concurrent write. */
  function lockedUpdate<T>(
    userId: string,
    init: () => AccountState,
    fn: (state: AccountState) => AccountUpdate<T>,
  ): Promise<T> {
    return db
      .transaction()
      .execute(async (trx) => {
        const lock = () =>
          trx
            .selectFrom('exchange_accounts')
            .select(['state', sql<string>`xmin::text`.as('version')])
            .where('user_id', '=', userId)
            .forUpdate()
            .executeTakeFirst();
        let row = await lock();
        if (!row) {
          // Two first requests may race here: the loser's insert waits for the winner and does nothing.
          const initial = init();
          await trx
            .insertInto('exchange_accounts')
            .values({ user_id: userId, state: JSON.stringify(initial) })
            .onConflict((oc) => oc.column('user_id').doNothing())
            .execute();
          row = await lock();
          if (!row) throw new Error(`exchange account ${userId} vanished while being created`);
        }
        const { state, archive, result } = fn(row.state as AccountState);
        let written: KnownVersion | null = null;
        if (state) {
          // The row is locked: its version cannot have moved.
          written = (await writeRows(trx, [pendingWrite(userId, state, archive, row.version)]))[0] ?? null;
          if (!written) throw new Error(`exchange account ${userId} changed under its row lock`);
        } else if (recordsOf(archive).length > 0) await appendHistory(trx, userId, recordsOf(archive));
        return { result, written };
      })
      .then(({ result, written }) => {
        if (written) known.remember(userId, written); // committed: this is the row now
        return result;
      });
  }

  /**
   * Account rows are read in batches: the reads that requests start in one turn of the event loop go
   * out as one query (`user_id = any(...)`). Each request's read is still sent after it arrived, so it
   * sees every write committed before it, by this process or another; batching only shares the round
   * trip, which costs more than the rest of a read.
   */
  const rowReader = new DataLoader<string, VersionedRow | null>(async (userIds) => {
    const { rows } = await sql<VersionedRow & { user_id: string }>`
        select user_id, state, xmin::text as version from exchange_accounts
        where user_id = any(${[...new Set(userIds)]}::text[])`.execute(db);
    const byId = new Map(rows.map((row) => [row.user_id, row]));
    return userIds.map((id) => byId.get(id) ?? null);
  }, BATCH_OPTIONS);
  const readRow = (userId: string) => rowReader.load(userId);

  return {
    kind: 'postgres',
    async readAccount(userId) {
      const row = await readRow(userId);
      return row ? (row.state as AccountState) : null;
    },

    async updateAccount<T>(
      userId: string,
      init: () => AccountState,
      fn: (state: AccountState) => AccountUpdate<T>,
    ) {
      // The engine is pure: running it again after an attempt that did not write is harmless.
      const last = known.get(userId);
      if (last) {
        // Straight to the write, on the state this process last wrote: it counts only if the row is
        // still that version. Anything else (an error, nothing to write) is decided on a fresh read.
        let update: AccountUpdate<T> | undefined;
        try {
          update = fn(JSON.parse(last.text) as AccountState);
        } catch {
          update = undefined;
        }
        if (update?.state) {
          const written = await rowWriter.load(
            pendingWrite(userId, update.state, update.archive, last.version),
          );
          if (written) {
            known.remember(userId, written);
            return update.result;
          }
        }
      }
      const row = await readRow(userId);
      if (last && row?.version !== last.version) known.forget(userId);
      if (row) {
        const { state, archive, result } = fn(row.state as AccountState);
        if (!state && recordsOf(archive).length === 0) return result; // nothing to write: the read was enough
        if (state) {
          const written = await rowWriter.load(pendingWrite(userId, state, archive, row.version));
          if (written) {
            known.remember(userId, written);
            return result;
          }
        }
      }
      return lockedUpdate(userId, init, fn);
    },

    async history(userId, kind, { offset, limit }) {
      const rows = await db
        .selectFrom('exchange_history')
        .select('data')
        .where('user_id', '=', userId)
        .where('kind', '=', kind)
        .orderBy('seq', 'desc')
        .offset(offset)
        .limit(limit)
        .execute();
      return rows.map((r) => r.data);
    },

    async historyRecord(userId, kind, id) {
      const row = await db
        .selectFrom('exchange_history')
        .select('data')
        .where('user_id', '=', userId)
        .where('kind', '=', kind)
        .where('record_id', '=', id)
        .executeTakeFirst();
      return row ? row.data : null;
    },

    async listAccountIds() {
      const rows = await db.selectFrom('exchange_accounts').select('user_id').orderBy('user_id').execute();
      return rows.map((r) => r.user_id);
    },

    priceOverrides: () => (prices ? prices.get() : readPriceOverrides()),

    async setPriceOverride(override: PriceOverride) {
      await db
        .insertInto('exchange_price_overrides')
        .values({ symbol: override.symbol, price: override.price, at_seconds: override.at })
        .onConflict((oc) =>
          oc
            .column('symbol')
            .doUpdateSet({ price: override.price, at_seconds: override.at, updated_at: new Date() }),
        )
        .execute();
      await prices?.stored(override);
    },

    async reset() {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('exchange_accounts').execute();
        await trx.deleteFrom('exchange_history').execute();
        await trx.deleteFrom('exchange_price_overrides').execute();
      });
      known.clear();
      await prices?.cleared();
    },

    async close() {
      await prices?.close();
    },
  };
}
