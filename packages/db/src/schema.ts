import type { ColumnType, Generated } from 'kysely';
import type { ExchangeTables } from './schema-exchange.ts';
import type { KeysTables } from './schema-keys.ts';
import type { SandboxTables } from './schema-sandbox.ts';

/**
 * Hand-written table types. Each area keeps its tables in its own file (schema-keys.ts,
 * schema-exchange.ts) and `Database` joins them;
 * migrations never import these (a migration must keep meaning what it meant when written).
 */

/** A timestamptz column: read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface MetaTable {
  key: string;
  value: string;
  updated_at: Generated<Timestamp>;
}

export interface Database extends KeysTables, ExchangeTables, SandboxTables {
  mockex_meta: MetaTable;
}
