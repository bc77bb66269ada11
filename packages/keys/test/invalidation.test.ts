import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type MockexDatabase } from '@mockex/db';
import { createTestDatabase, type TestDatabase } from '@mockex/db/testing';
import type { KeyService } from '../src/index.ts';
import { IP, makeService, readyUser, type TestClock } from './support.ts';

/**
 * verifyKey caches keys in memory; a change made through one service instance must reach the others
 * within a second. On PostgreSQL the second instance has its own connection pool and LISTEN connection,
 * exactly like a second server process; on PGlite both share the embedded database.
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

async function pair(
  second: MockexDatabase,
): Promise<{ a: KeyService; b: KeyService; clock: TestClock; close(): Promise<void> }> {
  const { service: a, clock } = await makeService(database);
  const { service: b } = await makeService(second, { clock });
  return { a, b, clock, close: async () => Promise.all([a.close(), b.close()]).then(() => {}) };
}

async function expectWithinOneSecond(check: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  await expect.poll(check, { timeout: 1_000, interval: 10 }).toBe(true);
  return performance.now() - started;
}

function scenarios(openSecond: () => Promise<{ db: MockexDatabase; close(): Promise<void> }>) {
  it('a rotation, a revocation and a KYC change in one instance reach the other within a second', async () => {
    const second = await openSecond();
    const { a, b, clock, close } = await pair(second.db);
    try {
      const user = await readyUser(a, clock);
      const { key, secret } = await a.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP);
      const ctx = () => ({ ip: '1.1.1.1', now: clock.now(), needs: 'READ_ONLY' as const });
      // b caches the key as valid.
      expect((await b.verifyKey(secret, ctx())).valid).toBe(true);
      expect((await b.verifyKey(secret, ctx())).valid).toBe(true);

      const rotated = await a.rotateKey(user.id, { id: key.id, otp: user.nextCode() }, IP);
      const tRotate = await expectWithinOneSecond(
        async () => (await b.verifyKey(secret, ctx())).valid === false,
      );
      expect(await b.verifyKey(secret, ctx())).toEqual({ valid: false, reason: 'AUTH_INVALID' });
      expect((await b.verifyKey(rotated.secret, ctx())).valid).toBe(true);

      await a.setKycStatus(user.email, 'expired');
      await expectWithinOneSecond(async () => (await b.verifyKey(rotated.secret, ctx())).valid === false);
      expect(await b.verifyKey(rotated.secret, ctx())).toMatchObject({ reason: 'KYC_REQUIRED' });
      await a.setKycStatus(user.email, 'verified');
      await expectWithinOneSecond(async () => (await b.verifyKey(rotated.secret, ctx())).valid === true);

      await a.revokeKey(user.id, { id: key.id, otp: user.nextCode() }, IP);
      await expectWithinOneSecond(async () => (await b.verifyKey(rotated.secret, ctx())).valid === false);
      expect(await b.verifyKey(rotated.secret, ctx())).toMatchObject({ reason: 'KEY_REVOKED' });
      expect(tRotate).toBeLessThan(1_000);
    } finally {
      await close();
      await second.close();
    }
  });

  it("a sandbox reset in one instance empties the other's cache", async () => {
    const second = await openSecond();
    const { a, b, clock, close } = await pair(second.db);
    try {
      const user = await readyUser(a, clock);
      const { secret } = await a.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP);
      expect((await b.verifyKey(secret, { ip: '1.1.1.1', now: clock.now(), needs: 'READ_ONLY' })).valid).toBe(
        true,
      );
      await a.reset();
      await expectWithinOneSecond(
        async () =>
          (await b.verifyKey(secret, { ip: '1.1.1.1', now: clock.now(), needs: 'READ_ONLY' })).valid ===
          false,
      );
    } finally {
      await close();
      await second.close();
    }
  });
}

describe.runIf(process.env.DATABASE_URL)('two processes on one PostgreSQL database', () => {
  scenarios(async () => {
    const db = await createDatabase({ url: database.url!, poolSize: 2 });
    return { db, close: () => db.close() };
  });
});

describe.skipIf(process.env.DATABASE_URL)('two service instances on one embedded database', () => {
  scenarios(async () => ({ db: database, close: async () => {} }));
});
