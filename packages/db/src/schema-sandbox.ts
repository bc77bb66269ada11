import type { ColumnType } from 'kysely';

/** Sandbox control-plane state shared by every server process on one database. */
export interface SandboxFaultTable {
  id: string;
  fault: string;
  match_method: string | null;
  match_path: string | null;
  match_key_prefix: string | null;
  remaining: number | null;
  probability: number | null;
  latency_ms: number | null;
  /** Defaults to now() on insert. */
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SandboxTables {
  sandbox_faults: SandboxFaultTable;
}
