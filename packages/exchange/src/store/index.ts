export type { ExchangeStore, AccountUpdate, HistoryQuery } from './types.ts';
export { createMemoryStore } from './memory.ts';
export { createPostgresStore, type PostgresStoreOptions } from './postgres.ts';
export { PRICE_CACHE_MAX_AGE_MS } from './price-cache.ts';
