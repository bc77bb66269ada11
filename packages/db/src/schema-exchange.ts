import type { ColumnType } from 'kysely';

/** A timestamptz column with a `now()` default: optional on insert. */
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/**
 * Tables of the mock exchange. What is live in an account (wallets, leverage, open orders and
 * positions) is one JSONB document: the engine always reads and writes it whole, so one row per
 * account with a row lock (`SELECT … FOR UPDATE`) serialises concurrent requests on one account while
 * different accounts proceed in parallel. What finished (orders, positions, fee records) is appended
 * to `exchange_history` in the same transaction, so the live document stays small. The documents'
 * shapes belong to @mockex/exchange.
 */
export interface ExchangeAccountsTable {
  user_id: string;
  /** Read as the parsed document; written as its JSON text. */
  state: ColumnType<unknown, string, string>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

/** Append-only history: final versions of finished orders and positions, and fee records. */
export interface ExchangeHistoryTable {
  /** Insertion order (identity column); pages are newest first. */
  seq: ColumnType<string, never, never>;
  user_id: string;
  kind: 'order' | 'position' | 'fee' | 'transfer';
  record_id: string;
  data: ColumnType<unknown, string, string>;
  created_at: DefaultedTimestamp;
}

/** Mark prices set by the sandbox; the seeded walk continues from `price` after `at_seconds`. */
export interface ExchangePriceOverridesTable {
  symbol: string;
  price: string;
  /** Unix seconds (bigint, read back as a string by pg). */
  at_seconds: ColumnType<string, number, number>;
  updated_at: DefaultedTimestamp;
}

export interface ExchangeTables {
  exchange_accounts: ExchangeAccountsTable;
  exchange_history: ExchangeHistoryTable;
  exchange_price_overrides: ExchangePriceOverridesTable;
}
