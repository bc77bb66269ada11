export {};
export * from './exchange.ts';
export * from './key-api.ts';
