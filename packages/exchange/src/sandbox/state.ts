/**
 * The sandbox's own state: armed faults and the clock offset. On the server it lives in the database,
 * so every process on one database sees the same faults and the same time; each process keeps a copy
 * for the hot path and refreshes it when another process announces a change (LISTEN/NOTIFY). Counted
 * faults are used up with one atomic UPDATE, so `times: 1` fires exactly once across processes.
 * In memory for the in-process (MSW) mode and unit tests.
 */
import { sql, type Selectable } from 'kysely';
import { newId, offsetClock, type Clock } from '@mockex/domain';
import { createLiveCopy, type MockexDatabase, type SandboxFaultTable } from '@mockex/db';
import type { ArmedFault, FaultSpec } from './faults.ts';

export interface SandboxState {
  /** Reads the system time plus the sandbox offset; hand this one clock to the core and the key service. */
  readonly clock: Clock;
  offsetSeconds(): number;
  /** Moves the sandbox clock forward; returns the new offset. */
  advanceClock(seconds: number): Promise<number>;
  /** The armed faults as this process last saw them (the hot path reads this). */
  faults(): readonly ArmedFault[];
  /** The armed faults, read from the source of truth. */
  listFaults(): Promise<ArmedFault[]>;
  armFault(spec: FaultSpec): Promise<ArmedFault>;
  disarmFault(id: string): Promise<boolean>;
  /** Takes one use of a counted fault; false when another request used the last one meanwhile. */
  takeFault(fault: ArmedFault): Promise<boolean>;
  /** No faults, offset zero. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

function armed(spec: FaultSpec, id: string, createdAt: Date): ArmedFault {
  return { ...spec, id, remaining: spec.times ?? null, createdAt: createdAt.toISOString() };
}

export function createMemorySandboxState(base?: Clock): SandboxState {
  let offset = 0;
  let faults: ArmedFault[] = [];
  const clock = offsetClock(() => offset, base);
  return {
    clock,
    offsetSeconds: () => offset,
    async advanceClock(seconds) {
      offset += seconds;
      return offset;
    },
    faults: () => faults,
    async listFaults() {
      return faults.map((f) => ({ ...f }));
    },
    async armFault(spec) {
      const fault = armed(spec, newId('fault'), clock.now());
      faults = [...faults, fault];
      return { ...fault };
    },
    async disarmFault(id) {
      const before = faults.length;
      faults = faults.filter((f) => f.id !== id);
      return faults.length !== before;
    },
    async takeFault(fault) {
      const current = faults.find((f) => f.id === fault.id);
      if (!current) return false;
      if (current.remaining === null) return true;
      if (current.remaining <= 0) return false;
      const remaining = current.remaining - 1;
      faults =
        remaining === 0
          ? faults.filter((f) => f.id !== fault.id)
          : faults.map((f) => (f.id === fault.id ? { ...f, remaining } : f));
      return true;
    },
    async reset() {
      offset = 0;
      faults = [];
    },
    async close() {},
  };
}

const FAULTS_CHANNEL = 'mockex_sandbox_faults';
const CLOCK_CHANNEL = 'mockex_sandbox_clock';
const OFFSET_KEY = 'sandbox.clock_offset_seconds';

type FaultRow = Selectable<SandboxFaultTable>;

function fromRow(row: FaultRow): ArmedFault {
  const match: NonNullable<FaultSpec['match']> = {};
  if (row.match_method) match.method = row.match_method as NonNullable<typeof match.method>;
  if (row.match_path) match.path = row.match_path;
  if (row.match_key_prefix) match.keyPrefix = row.match_key_prefix;
  const fault: ArmedFault = {
    id: row.id,
    fault: row.fault as ArmedFault['fault'],
    remaining: row.remaining,
    createdAt: new Date(row.created_at).toISOString(),
  };
  if (Object.keys(match).length) fault.match = match;
  if (row.probability !== null) fault.probability = Number(row.probability);
  if (row.latency_ms !== null) fault.latencyMs = row.latency_ms;
  return fault;
}

/**
 * How stale another process's copy of the faults and the clock can be at worst. A change reaches the
 * other processes through NOTIFY within milliseconds; a notification can still be lost (the listening
 * connection drops and comes back), so every process also re-reads both copies this often.
 */
export const SANDBOX_RESYNC_MS = 1_000;

/** Database-backed sandbox state; resolves once the first copy is loaded and notifications flow. */
export async function createDbSandboxState(
  database: MockexDatabase,
  base?: Clock,
  options: { resyncMs?: number } = {},
): Promise<SandboxState> {
  const { db } = database;

  // Live copies (@mockex/db): every process reloads its copy as soon as another announces a change,
  // because the hot path reads them synchronously; the newest read or write always wins.
  const offsetCopy = createLiveCopy({
    database,
    channel: CLOCK_CHANNEL,
    eager: true,
    load: async () => {
      const row = await db
        .selectFrom('mockex_meta')
        .select('value')
        .where('key', '=', OFFSET_KEY)
        .executeTakeFirst();
      return row ? Number(row.value) : 0;
    },
  });
  const faultsCopy = createLiveCopy({
    database,
    channel: FAULTS_CHANNEL,
    eager: true,
    load: async () => {
      const rows = await db
        .selectFrom('sandbox_faults')
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(fromRow);
    },
  });
  await Promise.all([offsetCopy.reload(), faultsCopy.reload()]);
  // One embedded PGlite serves one process: nothing else can change the state behind its back.
  const resync =
    database.kind === 'postgres'
      ? setInterval(() => {
          offsetCopy.reload().catch(() => {});
          faultsCopy.reload().catch(() => {});
        }, options.resyncMs ?? SANDBOX_RESYNC_MS).unref()
      : null;
  const offset = () => offsetCopy.current() ?? 0;
  const faults = () => faultsCopy.current() ?? [];

  return {
    clock: offsetClock(offset, base),
    offsetSeconds: offset,
    async advanceClock(seconds) {
      const row = await sql<{ value: string }>`
        insert into mockex_meta (key, value) values (${OFFSET_KEY}, ${String(seconds)})
        on conflict (key) do update set value = ((mockex_meta.value)::double precision + ${seconds})::text, updated_at = now()
        returning value`.execute(db);
      const value = Number(row.rows[0]!.value);
      await offsetCopy.set(value);
      return value;
    },
    faults,
    async listFaults() {
      return (await faultsCopy.reload()).map((f) => ({ ...f }));
    },
    async armFault(spec) {
      const row = await db
        .insertInto('sandbox_faults')
        .values({
          id: newId('fault'),
          fault: spec.fault,
          match_method: spec.match?.method ?? null,
          match_path: spec.match?.path ?? null,
          match_key_prefix: spec.match?.keyPrefix ?? null,
          remaining: spec.times ?? null,
          probability: spec.probability ?? null,
          latency_ms: spec.latencyMs ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await faultsCopy.refresh();
      return fromRow(row);
    },
    async disarmFault(id) {
      const result = await db.deleteFrom('sandbox_faults').where('id', '=', id).executeTakeFirst();
      await faultsCopy.refresh();
      return Number(result.numDeletedRows) > 0;
    },
    async takeFault(fault) {
      if (fault.remaining === null) return true;
      const taken = await db
        .updateTable('sandbox_faults')
        .set((eb) => ({ remaining: eb('remaining', '-', 1) }))
        .where('id', '=', fault.id)
        .where('remaining', '>', 0)
        .returning('remaining')
        .executeTakeFirst();
      if (taken && taken.remaining === 0)
        await db.deleteFrom('sandbox_faults').where('id', '=', fault.id).execute();
      await faultsCopy.refresh();
      return taken !== undefined;
    },
    async reset() {
      await db.deleteFrom('sandbox_faults').execute();
      await db.deleteFrom('mockex_meta').where('key', '=', OFFSET_KEY).execute();
      await Promise.all([offsetCopy.set(0), faultsCopy.set([])]);
    },
    async close() {
      if (resync) clearInterval(resync);
      await Promise.all([offsetCopy.close(), faultsCopy.close()]);
    },
  };
}
