export * from './types.ts';
export * from './errors.ts';
export * from './exchange.ts';
export * from './sandbox.ts';
export * from './key-api.ts';
