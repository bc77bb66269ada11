import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { isMockexError } from '@mockex/domain';
import {
  cachedMigratedDump,
  createDatabase,
  isDatabaseUnavailable,
  migrateToLatest,
  migrateToNothing,
  migrationStatus,
  migrations,
} from './index.ts';
import { createProxiedScratchDatabase, createTestDatabase, type TestDatabase } from './testing.ts';

// The same suite runs on every back-end available: PGlite always, PostgreSQL when DATABASE_URL is set.
const backends = process.env.DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

describe.each(backends)('database on %s', (backend) => {
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((d) => d.destroy()));
  });
  async function open(): Promise<TestDatabase> {
    const d = await createTestDatabase({ backend });
    opened.push(d);
    return d;
  }

  it('opens on the requested back-end, migrated to the latest version', async () => {
    const d = await open();
    expect(d.kind).toBe(backend);
    expect(await d.ping()).toBe(true);
    const status = await migrationStatus(d.db);
    expect(status.map((s) => s.name)).toEqual(Object.keys(migrations));
    expect(status.every((s) => s.executedAt instanceof Date)).toBe(true);
  });

  it('stores and reads rows through kysely', async () => {
    const d = await open();
    await d.db.insertInto('mockex_meta').values({ key: 'greeting', value: 'hello' }).execute();
    const row = await d.db
      .selectFrom('mockex_meta')
      .selectAll()
      .where('key', '=', 'greeting')
      .executeTakeFirstOrThrow();
    expect(row.value).toBe('hello');
    expect(row.updated_at).toBeInstanceOf(Date);
  });

  it('rolls every migration back and applies them again', async () => {
    const d = await open();
    const down = await migrateToNothing(d.db);
    expect(down.applied).toEqual(Object.keys(migrations).reverse());
    const tables = await sql<{
      n: number;
    }>`select count(*)::int as n from information_schema.tables where table_name = 'mockex_meta'`.execute(
      d.db,
    );
    expect(tables.rows[0]?.n).toBe(0);
    const up = await migrateToLatest(d.db);
    expect(up.applied).toEqual(Object.keys(migrations));
    expect((await migrateToLatest(d.db)).applied).toEqual([]);
  });

  it('rolls a failed transaction back completely', async () => {
    const d = await open();
    await expect(
      d.db.transaction().execute(async (trx) => {
        await trx.insertInto('mockex_meta').values({ key: 'half', value: 'written' }).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = await d.db.selectFrom('mockex_meta').selectAll().where('key', '=', 'half').execute();
    expect(rows).toEqual([]);
  });

  it('delivers NOTIFY to listeners and stops after unsubscribe', async () => {
    const d = await open();
    const got: string[] = [];
    const unsubscribe = await d.listen('mockex_test', (p) => got.push(p));
    await d.notify('mockex_test', 'one');
    await expect.poll(() => got).toEqual(['one']);
    await unsubscribe();
    await d.notify('mockex_test', 'two');
    await new Promise((r) => setTimeout(r, 150));
    expect(got).toEqual(['one']);
    await expect(d.listen('bad channel; drop', () => {})).rejects.toThrow(/invalid notification channel/);
  });
});

describe('embedded PGlite data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mockex-db-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts a new directory from a migrated dump, and keeps data across close and reopen', async () => {
    // The seed is used for the new directory (no initdb), and ignored once the directory holds a database.
    let seeded = 0;
    const seed = async () => {
      seeded++;
      return cachedMigratedDump();
    };
    const first = await createDatabase({ dataDir: dir, seed });
    expect((await migrationStatus(first.db)).filter((m) => !m.executedAt)).toEqual([]);
    await first.db.insertInto('mockex_meta').values({ key: 'kept', value: 'yes' }).execute();
    await first.close();
    expect(await first.ping()).toBe(false);
    const second = await createDatabase({ dataDir: dir, seed });
    expect(seeded).toBe(1);
    const row = await second.db
      .selectFrom('mockex_meta')
      .select('value')
      .where('key', '=', 'kept')
      .executeTakeFirst();
    expect(row?.value).toBe('yes');
    await second.close();
  });
});

describe.runIf(process.env.DATABASE_URL)('PostgreSQL that goes away', () => {
  it('answers ping false while the server is unreachable and true again when it returns', async () => {
    const scratch = await createProxiedScratchDatabase(process.env.DATABASE_URL!);
    const { proxy } = scratch;
    const errors: Error[] = [];
    const d = await createDatabase({ url: scratch.url, onError: (e) => errors.push(e) });
    try {
      expect(await d.ping()).toBe(true);
      await proxy.stop();
      expect(await d.ping(1_000)).toBe(false);
      await proxy.start();
      await expect.poll(() => d.ping(1_000), { timeout: 10_000 }).toBe(true);
    } finally {
      await d.close();
      await scratch.drop();
    }
  });
});

describe('PostgreSQL that stops answering with its connections open (a partition)', () => {
  // The partition is made by the loopback proxy between the pool and PostgreSQL: PGlite has no network.
  it.skipIf(!process.env.DATABASE_URL)(
    'bounds every call: queries and connection waits fail as DATABASE_UNAVAILABLE, then recover without a restart',
    { timeout: 30_000 },
    async () => {
      const scratch = await createProxiedScratchDatabase(process.env.DATABASE_URL!);
      const { proxy } = scratch;
      const d = await createDatabase({
        url: scratch.url,
        poolSize: 2,
        statementTimeoutMs: 300,
        acquireTimeoutMs: 300,
        onError: () => {},
      });
      const query = () => sql<{ one: number }>`select 1 as one`.execute(d.db);
      const failure = async () => {
        try {
          await query();
          return 'answered';
        } catch (error) {
          return isDatabaseUnavailable(error) && isMockexError(error) ? error.status : String(error);
        }
      };
      try {
        expect((await query()).rows).toEqual([{ one: 1 }]);
        proxy.partition();
        // Open connections time out on the answer; more callers than connections time out waiting.
        expect(await Promise.all([failure(), failure(), failure(), failure()])).toEqual([503, 503, 503, 503]);
        // A transaction fails the same way, and nothing it held stays blocked.
        await expect(d.db.transaction().execute((trx) => sql`select 1`.execute(trx))).rejects.toMatchObject({
          code: 'DATABASE_UNAVAILABLE',
        });
        proxy.heal();
        await expect.poll(failure, { timeout: 10_000 }).toBe('answered');
      } finally {
        proxy.heal();
        await d.close();
        await scratch.drop();
      }
    },
  );

  it.skipIf(!process.env.DATABASE_URL)(
    'answers DATABASE_UNAVAILABLE when the server refuses connections',
    { timeout: 20_000 },
    async () => {
      const scratch = await createProxiedScratchDatabase(process.env.DATABASE_URL!);
      const { proxy } = scratch;
      const d = await createDatabase({ url: scratch.url, acquireTimeoutMs: 300, onError: () => {} });
      try {
        await proxy.stop();
        await expect(sql`select 1`.execute(d.db)).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
      } finally {
        await d.close();
        await scratch.drop();
      }
    },
  );
});
