import type { Migration } from 'kysely';
import * as init from './20261121T083000_init.ts';

/**
 * Every migration, listed statically (no directory scanning, so bundling and tests see the same set).
 * Names are UTC timestamps; kysely applies them in name order. Add new ones at the end.
 */
export const migrations: Record<string, Migration> = {
  '20261121T083000_init': init,
};
