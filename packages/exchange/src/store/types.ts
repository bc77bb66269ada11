import type { AccountState, Archive, HistoryKind } from '../engine/types.ts';
import type { PriceOverride } from '../engine/prices.ts';

/** What an update callback returns: the state to store (omit it when nothing changed), history to append, a result. */
export interface AccountUpdate<T> {
  state?: AccountState | undefined;
  archive?: Archive | undefined;
  result: T;
}

/** One page of an account's history, newest first. */
export interface HistoryQuery {
  offset: number;
  limit: number;
}

/**
 * Where the exchange keeps its state: one small document per account with what is live (balances,
 * open orders and positions), an append-only history per account (finished orders, closed
 * positions, fees), and the sandbox's price overrides. Implementations: in memory (tests, the
 * in-process MSW mode) and PostgreSQL (the server).
 */
export interface ExchangeStore {
  readonly kind: 'memory' | 'postgres';
  /** The account as last stored, without locking; null when it was never created. */
  readAccount(userId: string): Promise<AccountState | null>;
  /**
   * Runs `fn` on the account (created from `init()` first when it does not exist), then stores the
   * state `fn` returns and appends its archive, atomically, as if it held the account exclusively:
   * what is stored was computed from exactly the state it replaces, whatever runs concurrently. If
   * `fn` throws, nothing is written. `fn` is synchronous and pure on purpose (the engine is): a store
   * may run it more than once and keep only the run whose state was still current (PostgreSQL's
   * optimistic path), and no I/O may happen while the account is held.
   */
  updateAccount<T>(
    userId: string,
    init: () => AccountState,
    fn: (state: AccountState) => AccountUpdate<T>,
  ): Promise<T>;
  /** Newest-first page of one kind of history record. */
  history(userId: string, kind: HistoryKind, query: HistoryQuery): Promise<unknown[]>;
  /** One history record by id (an order or position that is no longer live), or null. */
  historyRecord(userId: string, kind: HistoryKind, id: string): Promise<unknown | null>;
  /** Every account id, for settling all accounts when the sandbox moves a price. */
  listAccountIds(): Promise<string[]>;
  priceOverrides(): Promise<PriceOverride[]>;
  setPriceOverride(override: PriceOverride): Promise<void>;
  /** Wipes every account, its history and every price override (sandbox reset). */
  reset(): Promise<void>;
  /** Releases what the store holds besides the database (the price cache's subscription). */
  close?(): Promise<void>;
}

/** The id and the time of a history record, whatever its kind. */
export function recordsOf(
  archive: Archive | undefined,
): Array<{ kind: HistoryKind; id: string; data: { id: string } }> {
  if (!archive) return [];
  return [
    ...archive.orders.map((data) => ({ kind: 'order' as const, id: data.id, data })),
    ...archive.positions.map((data) => ({ kind: 'position' as const, id: data.id, data })),
    ...archive.fees.map((data) => ({ kind: 'fee' as const, id: data.id, data })),
    ...(archive.transfers ?? []).map((data) => ({ kind: 'transfer' as const, id: data.id, data })),
  ];
}
