export {};
export * from './exchange.ts';
export * from './key-api.ts';
export * from './sandbox-accounts.ts';
