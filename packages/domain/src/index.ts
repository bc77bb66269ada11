export * from './ids.ts';
export * from './money.ts';
export * from './errors.ts';
