export * from './schema.ts';
export * from './schema-keys.ts';
export * from './schema-exchange.ts';
export * from './schema-sandbox.ts';
export * from './create-database.ts';
export * from './migrate.ts';
export { migrations } from './migrations/index.ts';
export type { NotificationHandler } from './notify.ts';
export {
  createLiveCopy,
  notifyChannel,
  type LiveCopy,
  type LiveCopyOptions,
  type NotifyChannel,
} from './live-copy.ts';
