import type { Database, MockexDatabase } from '@mockex/db';
import type { Kysely } from 'kysely';
import type { AccountState } from '../engine/types.ts';
import type { PriceOverride } from '../prices.ts';
import { recordsOf, type AccountUpdate, type ExchangeStore } from './types.ts';

/**
 * PostgreSQL store (also PGlite). Why one JSONB document per account with a row lock rather than
 * normalized tables: every engine call needs everything live in the account (settling looks at all
 * its open orders and positions) and writes it back whole; one row per account makes that one read
 * and one write, and `SELECT … FOR UPDATE` inside the transaction serialises concurrent requests on
 * the same account (no lost update) while other accounts proceed in parallel. Two server processes
 * on one database therefore see, and serialise on, the same rows. Finished records go to an
 * append-only table in the same transaction, so the document's size tracks what is open, not the
 * account's age.
 */
export function createPostgresStore(database: MockexDatabase | Kysely<Database>): ExchangeStore {
  const db: Kysely<Database> = 'db' in database ? database.db : database;

  return {
    kind: 'postgres',
    async readAccount(userId) {
      const row = await db
        .selectFrom('exchange_accounts')
        .select('state')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row ? (row.state as AccountState) : null;
    },

    async updateAccount<T>(
      userId: string,
      init: () => AccountState,
      fn: (state: AccountState) => AccountUpdate<T>,
    ) {
      return db.transaction().execute(async (trx) => {
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
        if (state) {
          await trx
            .updateTable('exchange_accounts')
            .set({ state: JSON.stringify(state), updated_at: new Date() })
            .where('user_id', '=', userId)
            .execute();
        }
        const records = recordsOf(archive);
        if (records.length > 0) {
          await trx
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
              oc
                .columns(['user_id', 'kind', 'record_id'])
                .doUpdateSet((eb) => ({ data: eb.ref('excluded.data') })),
            )
            .execute();
        }
        return result;
      });
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

    async priceOverrides() {
      const rows = await db
        .selectFrom('exchange_price_overrides')
        .select(['symbol', 'price', 'at_seconds'])
        .execute();
      return rows.map((r) => ({ symbol: r.symbol, price: r.price, at: Number(r.at_seconds) }));
    },

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
    },

    async reset() {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('exchange_accounts').execute();
        await trx.deleteFrom('exchange_history').execute();
        await trx.deleteFrom('exchange_price_overrides').execute();
      });
    },
  };
}
