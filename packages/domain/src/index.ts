export * from './ids.ts';
export * from './money.ts';
export * from './errors.ts';
export * from './access.ts';
export * from './clock.ts';
export * from './venue.ts';
export * from './random.ts';
export * from './ip.ts';
