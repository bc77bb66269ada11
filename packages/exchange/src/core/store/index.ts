export type { ExchangeStore, AccountUpdate, HistoryQuery } from './types.ts';
export { createMemoryStore } from './memory.ts';
export { createPostgresStore } from './postgres.ts';
