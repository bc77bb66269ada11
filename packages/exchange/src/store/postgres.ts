import type { Database, MockexDatabase } from '@mockex/db';
import { createQueryId, sql, type Compilable, type CompiledQuery, type Kysely } from 'kysely';
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
 * The sandbox's price overrides, needed by every call, are kept in process (see price-cache.ts), so
 * a read costs one round trip.
 */
export interface PostgresStoreOptions {
  /** Age after which the in-process copy of the price overrides is reloaded without a notification. */
  priceCacheMaxAgeMs?: number | undefined;
}

type HistoryRow = ReturnType<typeof recordsOf>[number];

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
   * Stores the state and appends the records in one statement; with `version`, only if the row is
   * still at that version. Returns what was written and the row's new version, or null when the row
   * was not written (the records go only with it).
   */
  async function save(
    executor: Kysely<Database>,
    userId: string,
    state: AccountState,
    records: HistoryRow[],
    version?: string,
  ): Promise<KnownVersion | null> {
    const text = JSON.stringify(state);
    const current = version === undefined ? sql`true` : sql`xmin = ${version}::xid`;
    const saved = sql<{
      version: string;
    }>`update exchange_accounts set state = ${text}::jsonb, updated_at = ${new Date()}
      where user_id = ${userId} and ${current} returning xmin::text as version`;
    let written: string | undefined;
    if (records.length === 0) {
      written = (await saved.execute(executor)).rows[0]?.version;
    } else {
      // `ord` keeps the records' order in the identity column that orders history pages.
      const values = sql.join(
        records.map((r, i) => sql`(${i}::int, ${r.kind}, ${r.id}, ${JSON.stringify(r.data)}::jsonb)`),
      );
      const result = await sql<{ version: string }>`
        with saved as (${saved}),
        appended as (
          insert into exchange_history (user_id, kind, record_id, data)
          select ${userId}, v.kind, v.record_id, v.data
          from (values ${values}) as v (ord, kind, record_id, data)
          where exists (select 1 from saved)
          order by v.ord
          on conflict (user_id, kind, record_id) do update set data = excluded.data
        )
        select version from saved`.execute(executor);
      written = result.rows[0]?.version;
    }
    return written === undefined ? null : { version: written, text };
  }

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
            .select('state')
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
        const records = recordsOf(archive);
        let written: KnownVersion | null = null;
        if (state) written = await save(trx, userId, state, records);
        else if (records.length > 0) await appendHistory(trx, userId, records);
        return { result, written };
      })
      .then(({ result, written }) => {
        if (written) known.remember(userId, written); // committed: this is the row now
        return result;
      });
  }

  /**
   * A query compiled once, run with its one parameter bound: the reads every request makes skip
   * kysely's builder and compiler (a few percent of a request's time).
   */
  function prepared<R>(query: Compilable<R>): (param: string) => Promise<R | undefined> {
    const compiled = query.compile();
    return async (param) => {
      const run: CompiledQuery<R> = { ...compiled, queryId: createQueryId(), parameters: [param] };
      return (await db.executeQuery(run)).rows[0];
    };
  }
  const stateOf = prepared(
    db.selectFrom('exchange_accounts').select('state').where('user_id', '=', '$user_id'),
  );
  const versionedStateOf = prepared(
    db
      .selectFrom('exchange_accounts')
      .select(['state', sql<string>`xmin::text`.as('version')])
      .where('user_id', '=', '$user_id'),
  );

  return {
    kind: 'postgres',
    async readAccount(userId) {
      const row = await stateOf(userId);
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
          const written = await save(db, userId, update.state, recordsOf(update.archive), last.version);
          if (written) {
            known.remember(userId, written);
            return update.result;
          }
        }
      }
      const row = await versionedStateOf(userId);
      if (last && row?.version !== last.version) known.forget(userId);
      if (row) {
        const { state, archive, result } = fn(row.state as AccountState);
        const records = recordsOf(archive);
        if (!state && records.length === 0) return result; // nothing to write: the read was enough
        if (state) {
          const written = await save(db, userId, state, records, row.version);
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
