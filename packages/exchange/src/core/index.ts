/** The exchange core: instruments, prices, the pure engine, state stores and the `/fapi/v1` routes. */
export * from './instruments.ts';
export * from './prices.ts';
export * from './engine/index.ts';
export * from './store/index.ts';
export { createFapiRoutes } from './routes/index.ts';
export * as fapiSchemas from './routes/schemas.ts';
export { createRuntime, creditAccount, type ExchangeRuntime, type RuntimeOptions } from './runtime.ts';
export { createExchangeCore, DEFAULT_SEED, type ExchangeCore, type ExchangeCoreOptions } from './core.ts';
