import { createTestDatabase, testBackend, type TestDatabase } from './testing.ts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.destroy();
});

describe(`listen (${testBackend()})`, () => {
  it('subscribing and unsubscribing while queries are in flight leaves their answers alone', async () => {
    const answers: unknown[] = [];
    let running = true;
    const traffic = Promise.all(
      Array.from({ length: 4 }, async (_, worker) => {
        while (running) {
          const { rows } = await sql<{ n: number }>`select ${worker}::int as n`.execute(database.db);
          answers.push(rows[0]?.n === worker ? 'ok' : rows);
        }
      }),
    );
    const heard: string[] = [];
    for (let i = 0; i < 10; i++) {
      const stop = await database.listen('mockex_listen_test', (payload) => heard.push(payload));
      await database.notify('mockex_listen_test', String(i));
      await expect.poll(() => heard.at(-1)).toBe(String(i));
      await stop();
    }
    running = false;
    await traffic;
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.filter((a) => a !== 'ok')).toEqual([]);
  });
});
