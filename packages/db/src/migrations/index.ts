import type { Migration } from 'kysely';
import * as init from './20261121T083000_init.ts';
import * as keys from './20261121T090000_keys.ts';
import * as sandbox from './20261121T090000_sandbox.ts';
import * as exchange from './20261121T091000_exchange.ts';
import * as exchangeTransfers from './20261129T150000_exchange_transfers.ts';

/**
 * Every migration, listed statically (no directory scanning, so bundling and tests see the same set).
 * Names are UTC timestamps; kysely applies them in name order. Add new ones at the end.
 */
export const migrations: Record<string, Migration> = {
  '20261121T083000_init': init,
  '20261121T090000_keys': keys,
  '20261121T090000_sandbox': sandbox,
  '20261121T091000_exchange': exchange,
  '20261129T150000_exchange_transfers': exchangeTransfers,
};
