import { sql, type Kysely } from 'kysely';

/** Transfers into and out of the futures wallet join the account history (GET /futures/transactions). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table exchange_history drop constraint if exists exchange_history_kind_check`.execute(db);
  await sql`alter table exchange_history add constraint exchange_history_kind_check
    check (kind in ('order', 'position', 'fee', 'transfer'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from exchange_history where kind = 'transfer'`.execute(db);
  await sql`alter table exchange_history drop constraint if exists exchange_history_kind_check`.execute(db);
  await sql`alter table exchange_history add constraint exchange_history_kind_check
    check (kind in ('order', 'position', 'fee'))`.execute(db);
}
