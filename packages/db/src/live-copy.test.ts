import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, type MockexDatabase } from './create-database.ts';
import { createLiveCopy, type LiveCopy, type LiveCopyOptions } from './live-copy.ts';
import { createProxiedScratchDatabase, createTestDatabase, type TestDatabase } from './testing.ts';

// The same suite runs on every back-end available: PGlite always, PostgreSQL when DATABASE_URL is set.
const backends = process.env.DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

/** A stored value that the test changes "in the database", and counts the reads of. */
function source(initial: number) {
  const s = { value: initial, reads: 0, load: async () => (s.reads++, s.value) };
  return s;
}

/** A load the test finishes by hand, to order it against other loads and writes. */
function gatedLoad<T>() {
  const gates: Array<(value: T) => void> = [];
  return {
    load: () => new Promise<T>((resolve) => gates.push(resolve)),
    release: (index: number, value: T) => gates[index]!(value),
    started: () => gates.length,
  };
}

describe.each(backends)('live copy on %s', (backend) => {
  let database: TestDatabase;
  const copies: Array<LiveCopy<unknown>> = [];
  afterAll(async () => {
    for (const copy of copies) await copy.close();
    await database?.destroy();
  });
  let n = 0;
  async function copyOf<T>(options: Omit<LiveCopyOptions<T>, 'database'>): Promise<LiveCopy<T>> {
    database ??= await createTestDatabase({ backend });
    const copy = createLiveCopy({ database, ...options });
    copies.push(copy as LiveCopy<unknown>);
    return copy;
  }
  /** A fresh channel per test, and two copies on it standing for two processes. */
  async function twoProcesses(options: Omit<LiveCopyOptions<number>, 'database' | 'channel'>) {
    const channel = `mockex_live_copy_test_${++n}`;
    return [await copyOf({ ...options, channel }), await copyOf({ ...options, channel })] as const;
  }

  it('reads the database once, then answers from memory', async () => {
    const stored = source(1);
    const [a] = await twoProcesses({ load: stored.load });
    expect(a.current()).toBeUndefined();
    expect(await a.get()).toBe(1);
    stored.value = 2; // changed behind its back, unannounced
    expect(await a.get()).toBe(1);
    expect(a.current()).toBe(1);
    expect(stored.reads).toBe(1);
  });

  it('a local write shows at once; the other process reloads on its next read', async () => {
    const stored = source(10);
    const [a, b] = await twoProcesses({ load: stored.load });
    expect([await a.get(), await b.get()]).toEqual([10, 10]);
    stored.value = 11;
    await a.update((v) => v + 1);
    expect(a.current()).toBe(11);
    await expect.poll(() => b.current()).toBeUndefined();
    expect(await b.get()).toBe(11);
    expect(stored.reads).toBe(3); // a once, b twice: a did not reload after its own write or notice
  });

  it('eager copies reload as soon as another process announces a change', async () => {
    const stored = source(1);
    const [a, b] = await twoProcesses({ load: stored.load, eager: true });
    await Promise.all([a.reload(), b.reload()]);
    stored.value = 5;
    await a.set(5);
    await expect.poll(() => b.current()).toBe(5);
    stored.value = 6;
    expect(await a.refresh()).toBe(6);
    await expect.poll(() => b.current()).toBe(6);
  });

  it('newest wins: a read that started before a write never overwrites it', async () => {
    const gate = gatedLoad<number>();
    const [a] = await twoProcesses({ load: gate.load });
    const slow = a.reload();
    await expect.poll(() => gate.started()).toBe(1);
    await a.set(2);
    gate.release(0, 1); // the stale read finishes last
    expect(await slow).toBe(1);
    expect(a.current()).toBe(2);
  });

  it('newest wins among reads: an older read finishing last is not kept', async () => {
    const gate = gatedLoad<number>();
    const [a] = await twoProcesses({ load: gate.load });
    const older = a.reload();
    await expect.poll(() => gate.started()).toBe(1);
    const newer = a.reload();
    await expect.poll(() => gate.started()).toBe(2);
    gate.release(1, 2);
    await newer;
    gate.release(0, 1);
    await older;
    expect(a.current()).toBe(2);
  });

  it('concurrent reads of a missing copy share one load', async () => {
    const stored = source(7);
    const [a] = await twoProcesses({ load: stored.load });
    expect(await Promise.all([a.get(), a.get(), a.get()])).toEqual([7, 7, 7]);
    expect(stored.reads).toBe(1);
  });

  it('a copy older than maxAgeMs is read again without a notification', async () => {
    const stored = source(1);
    const [a] = await twoProcesses({ load: stored.load, maxAgeMs: 0 });
    expect(await a.get()).toBe(1);
    stored.value = 2;
    expect(await a.get()).toBe(2);
  });

  it('resync (what a lost connection calls for) drops a lazy copy and reloads an eager one', async () => {
    const stored = source(1);
    const [lazy] = await twoProcesses({ load: stored.load });
    const [eager] = await twoProcesses({ load: stored.load, eager: true });
    await Promise.all([lazy.get(), eager.reload()]);
    stored.value = 2;
    lazy.resync();
    eager.resync();
    expect(lazy.current()).toBeUndefined();
    await expect.poll(() => eager.current()).toBe(2);
    expect(await lazy.get()).toBe(2);
  });
});

describe.runIf(process.env.DATABASE_URL)('live copy on PostgreSQL that goes away', () => {
  it('reloads once the listening connection is back (notifications may have been missed)', async () => {
    const scratch = await createProxiedScratchDatabase(process.env.DATABASE_URL!);
    const { proxy } = scratch;
    const d: MockexDatabase = await createDatabase({ url: scratch.url, onError: () => {} });
    const stored = source(1);
    const copy = createLiveCopy({
      database: d,
      channel: 'mockex_live_copy_reconnect',
      load: stored.load,
      eager: true,
    });
    try {
      expect(await copy.reload()).toBe(1);
      await proxy.stop();
      stored.value = 2; // changed while this process could not hear of it
      await proxy.start();
      await expect.poll(() => copy.current(), { timeout: 15_000 }).toBe(2);
    } finally {
      await copy.close();
      await d.close();
      await scratch.drop();
    }
  });
});
