import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@mockex/db/testing';
import { createDbSandboxState, type SandboxState } from '../src/sandbox/state.ts';

let db: TestDatabase;
let a: SandboxState;
let b: SandboxState;
beforeAll(async () => {
  db = await createTestDatabase();
  // Two states on one database stand for two server processes.
  a = await createDbSandboxState(db);
  b = await createDbSandboxState(db);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await db?.destroy();
});

async function eventually(check: () => void, ms = 3_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe('sandbox state in the database (shared by every process)', () => {
  it('a fault armed in one process is seen by the other, and disarmed for both', async () => {
    const fault = await a.armFault({
      fault: 'maintenance',
      match: { path: '/fapi/v1/*' },
      probability: 0.25,
      latencyMs: 5,
    });
    expect(fault).toMatchObject({
      fault: 'maintenance',
      match: { path: '/fapi/v1/*' },
      probability: 0.25,
      latencyMs: 5,
      remaining: null,
    });
    await eventually(() => expect(b.faults().map((f) => f.id)).toEqual([fault.id]));
    expect(await b.listFaults()).toEqual([fault]);
    expect(await b.disarmFault(fault.id)).toBe(true);
    expect(await b.disarmFault(fault.id)).toBe(false);
    await eventually(() => expect(a.faults()).toEqual([]));
  });

  it('a counted fault fires exactly `times` across processes under concurrency', async () => {
    const fault = await a.armFault({ fault: 'server_error', times: 3 });
    await eventually(() => expect(b.faults()).toHaveLength(1));
    const takes = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).takeFault(fault)));
    expect(takes.filter(Boolean)).toHaveLength(3);
    expect(await a.listFaults()).toEqual([]);
  });

  it('the clock offset is shared and survives a new process', async () => {
    const before = a.clock.now().getTime();
    expect(await a.advanceClock(3_600)).toBe(3_600);
    expect(await b.advanceClock(60)).toBe(3_660);
    await eventually(() => expect(a.offsetSeconds()).toBe(3_660));
    expect(a.clock.now().getTime() - before).toBeGreaterThanOrEqual(3_660_000);
    const c = await createDbSandboxState(db);
    try {
      expect(c.offsetSeconds()).toBe(3_660);
      await c.reset();
      expect(c.offsetSeconds()).toBe(0);
      await eventually(() => expect(a.offsetSeconds()).toBe(0));
    } finally {
      await c.close();
    }
  });
});
