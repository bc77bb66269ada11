import type { AccountState, HistoryKind } from '../engine/types.ts';
import type { PriceOverride } from '../engine/prices.ts';
import { recordsOf, type AccountUpdate, type ExchangeStore } from './types.ts';

/** History records kept per account and kind in memory (the oldest go first). */
export const MEMORY_HISTORY_LIMIT = 10_000;

interface History {
  list: unknown[];
  byId: Map<string, unknown>;
}

/**
 * In-memory store. JavaScript runs one callback at a time and `fn` is synchronous, so reading,
 * updating and writing an account happen without interleaving: no lock is needed. Documents are
 * copied in and out so callers can never alias the stored state.
 */
export function createMemoryStore(): ExchangeStore {
  const accounts = new Map<string, AccountState>();
  const histories = new Map<string, History>();
  const prices = new Map<string, PriceOverride>();

  function historyOf(userId: string, kind: HistoryKind): History {
    const key = `${userId}\u0000${kind}`;
    let history = histories.get(key);
    if (!history) histories.set(key, (history = { list: [], byId: new Map() }));
    return history;
  }

  return {
    kind: 'memory',
    async readAccount(userId) {
      const state = accounts.get(userId);
      return state ? structuredClone(state) : null;
    },
    async updateAccount<T>(
      userId: string,
      init: () => AccountState,
      fn: (state: AccountState) => AccountUpdate<T>,
    ) {
      const stored = accounts.get(userId);
      const current = stored ? structuredClone(stored) : init();
      const { state, archive, result } = fn(current);
      if (state) accounts.set(userId, structuredClone(state));
      else if (!stored) accounts.set(userId, current);
      for (const record of recordsOf(archive)) {
        const history = historyOf(userId, record.kind);
        const copy = structuredClone(record.data);
        const earlier = history.byId.get(record.id);
        history.byId.set(record.id, copy);
        // Archived again under its id: it replaces the first, in its place (as PostgreSQL's upsert does).
        if (earlier) history.list[history.list.indexOf(earlier)] = copy;
        else history.list.push(copy);
        if (history.list.length > MEMORY_HISTORY_LIMIT) {
          const dropped = history.list.shift() as { id: string };
          history.byId.delete(dropped.id);
        }
      }
      return result;
    },
    async history(userId, kind, { offset, limit }) {
      const { list } = historyOf(userId, kind);
      const end = list.length - offset;
      return list
        .slice(Math.max(0, end - limit), Math.max(0, end))
        .reverse()
        .map((r) => structuredClone(r));
    },
    async historyRecord(userId, kind, id) {
      const record = historyOf(userId, kind).byId.get(id);
      return record ? structuredClone(record) : null;
    },
    async listAccountIds() {
      return [...accounts.keys()];
    },
    async priceOverrides() {
      return [...prices.values()].map((o) => ({ ...o }));
    },
    async setPriceOverride(override) {
      prices.set(override.symbol, { ...override });
    },
    async reset() {
      accounts.clear();
      histories.clear();
      prices.clear();
    },
  };
}
