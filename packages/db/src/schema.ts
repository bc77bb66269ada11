import type { ColumnType, Generated } from 'kysely';

/**
 * Hand-written table types. Each area keeps its own interface below and adds it to `Database`;
 * migrations never import these (a migration must keep meaning what it meant when written).
 */

/** A timestamptz column: read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface MetaTable {
  key: string;
  value: string;
  updated_at: Generated<Timestamp>;
}

export interface Database {
  mockex_meta: MetaTable;
}
