import type { Database, MockexDatabase } from '@mockex/db';
import { sql, type Kysely } from 'kysely';
import type { AccountState } from '../engine/types.ts';
import type { PriceOverride } from '../engine/prices.ts';
import { createPriceOverrideCache } from './price-cache.ts';
import { recordsOf, type AccountUpdate, type ExchangeStore } from './types.ts';
import { accountRows, knownVersions, pendingWrite, writeRows } from './account-rows.ts';

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
 * Reads and conditional writes that requests start in the same turn of the event loop share one
 * query (see account-rows.ts).
 *
 * The sandbox's price overrides, needed by every call, are kept in process (see price-cache.ts), so
 * a read costs one round trip.
 */
export interface PostgresStoreOptions {
  /** Age after which the in-process copy of the price overrides is reloaded without a notification. */
  priceCacheMaxAgeMs?: number | undefined;
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
        if (!state && recordsOf(archive).length === 0) return { result, written: null };
        // The row is locked: its version cannot have moved. Records alone go with the state unchanged.
        const next = state ?? (row.state as AccountState);
        const written = (await writeRows(trx, [pendingWrite(userId, next, archive, row.version)]))[0];
        if (!written) throw new Error(`exchange account ${userId} changed under its row lock`);
        return { result, written };
      })
      .then(({ result, written }) => {
        if (written) known.remember(userId, written); // committed: this is the row now
        return result;
      });
  }

  const accounts = accountRows(db);

  return {
    kind: 'postgres',
    async readAccount(userId) {
      const row = await accounts.read(userId);
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
          const written = await accounts.write(
            pendingWrite(userId, update.state, update.archive, last.version),
          );
          if (written) {
            known.remember(userId, written);
            return update.result;
          }
        }
      }
      const row = await accounts.read(userId);
      if (last && row?.version !== last.version) known.forget(userId);
      if (row) {
        const { state, archive, result } = fn(row.state as AccountState);
        if (!state && recordsOf(archive).length === 0) return result; // nothing to write: the read was enough
        // Records alone are written with the state as read, under the same version check.
        const next = state ?? (row.state as AccountState);
        const written = await accounts.write(pendingWrite(userId, next, archive, row.version));
        if (written) {
          known.remember(userId, written);
          return result;
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
