import { manualClock, venueProfile } from '@mockex/domain';
import type { MockexDatabase } from '@mockex/db';
import { createTestDatabase, type TestDatabase } from '@mockex/db/testing';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExchangeCore, type ExchangeCore } from '../runtime.ts';
import { FAPI_ROUTES } from '../routes/index.ts';
import { fakeCaller } from '../testing.ts';
import { createPostgresStore } from './postgres.ts';

let database: TestDatabase;
const opened: ExchangeCore[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const core of opened) await core.close();
  await database?.destroy();
});

const profile = venueProfile('mudrex');
const clock = manualClock(new Date('2026-03-01T12:00:00Z'));

/** The same database seen through a handle that counts the queries run through it. */
function counted(db: MockexDatabase, overrides: Partial<MockexDatabase> = {}) {
  const seen: string[] = [];
  // Counted as they return: some hot queries are compiled once, before this sees them.
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    async transformResult(args) {
      seen.push(args.queryId.queryId);
      return args.result;
    },
  };
  const handle: MockexDatabase = {
    kind: db.kind,
    location: db.location,
    inMemory: db.inMemory,
    db: db.db.withPlugin(plugin),
    ping: (ms) => db.ping(ms),
    listen: (channel, handler) => db.listen(channel, handler),
    notify: (channel, payload) => db.notify(channel, payload),
    onReconnect: (handler) => db.onReconnect(handler),
    resync: () => db.resync(),
    close: () => db.close(),
    ...overrides,
  };
  return { handle, queries: () => seen.length };
}

/** A core standing for one server process on the shared database. */
function openProcess(handle: MockexDatabase, priceCacheMaxAgeMs?: number): ExchangeCore {
  const core = createExchangeCore({
    store: createPostgresStore(handle, { priceCacheMaxAgeMs }),
    clock,
    profile,
    seed: 3,
  });
  opened.push(core);
  return core;
}

/** Polls `read` until it returns `expected`; fails after `ms`. Resolves to the time it took. */
async function within(ms: number, read: () => Promise<string>, expected: string): Promise<number> {
  const start = performance.now();
  for (;;) {
    const value = await read();
    if (value === expected) return performance.now() - start;
    if (performance.now() - start > ms) expect(value).toBe(expected);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('price overrides kept in process, shared through the database', () => {
  it('a read costs one query once the prices are cached; a local change shows at once', async () => {
    const { handle, queries } = counted(database);
    const core = openProcess(handle);
    await core.reset();
    const funds = FAPI_ROUTES.find((r) => r.method === 'GET' && r.path === '/futures/funds')!;
    const read = () =>
      funds.handle(
        { caller: fakeCaller('usr_cache'), params: {}, query: {}, body: undefined, now: clock.now() },
        core.runtime,
      );
    await read(); // creates the account and loads the prices
    const before = queries();
    await read();
    expect(queries() - before).toBe(1); // the account only
    await core.setMarkPrice('ETHUSDT', '3210.5');
    const afterSet = queries();
    expect(await core.getMarkPrice('ETHUSDT')).toBe('3210.5');
    expect(queries()).toBe(afterSet);
  });

  it('another process sees a price set, and a reset, within a second', async () => {
    // A cache age far beyond the test: only the notification can make b see the change in time.
    const a = openProcess(database, 60_000);
    const b = openProcess(database, 60_000);
    const initial = await b.getMarkPrice('BTCUSDT'); // b now holds a copy
    await a.setMarkPrice('BTCUSDT', '61234.5');
    expect(await within(1_000, () => b.getMarkPrice('BTCUSDT'), '61234.5')).toBeLessThan(1_000);
    await a.reset();
    expect(initial).not.toBe('61234.5');
    await within(1_000, () => b.getMarkPrice('BTCUSDT'), initial);
    await b.setMarkPrice('SOLUSDT', '150');
    await within(1_000, () => a.getMarkPrice('SOLUSDT'), '150');
  });

  it('a process that misses the notification still catches up after the cache age', async () => {
    // `deaf` never hears a notification (a listening connection that dropped): only the age helps.
    const { handle: deafHandle, queries } = counted(database, {
      listen: async () => async () => {},
    });
    const deaf = openProcess(deafHandle, 300);
    const writer = openProcess(database);
    await deaf.getMarkPrice('XRPUSDT');
    await writer.setMarkPrice('XRPUSDT', '0.75');
    const before = queries();
    expect(await deaf.getMarkPrice('XRPUSDT')).not.toBe('0.75'); // still its copy: no query
    expect(queries()).toBe(before);
    const took = await within(2_000, () => deaf.getMarkPrice('XRPUSDT'), '0.75');
    expect(took).toBeLessThan(1_000);
  });

  it('a bare Kysely handle (no LISTEN) reads the overrides on every call', async () => {
    const { handle, queries } = counted(database);
    const core = createExchangeCore({ store: createPostgresStore(handle.db), clock, profile, seed: 3 });
    await core.getMarkPrice('BTCUSDT');
    const before = queries();
    await core.getMarkPrice('BTCUSDT');
    expect(queries() - before).toBe(1);
  });
});
