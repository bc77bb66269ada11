import { afterAll, beforeAll } from 'vitest';
import { manualClock, venueProfile, type VenueProfile } from '@mockex/domain';
import type { MockexDatabase } from '@mockex/db';
import { createTestDatabase, type TestDatabase } from '@mockex/db/testing';
import { createKeyService, type KeyService } from '../src/index.ts';
import { totpCode } from '../src/testing.ts';
import type { KeyServiceOptions } from '../src/types.ts';

export { totpCode };

export const PEPPER = 'test-pepper-0123456789-abcdefghijklmnop';
export const IP = { ip: '203.0.113.7' };

export type TestClock = ReturnType<typeof manualClock>;

/**
 * A key service on manual clocks. Unless a test passes its own `realClock`, real time and the sandbox
 * clock are the same manual clock, so a test moves both at once; tests of what the sandbox clock must
 * not move pass a separate one.
 */
export async function makeService(
  database: MockexDatabase,
  overrides: Partial<KeyServiceOptions> & { profile?: VenueProfile } = {},
): Promise<{ service: KeyService; clock: TestClock }> {
  const clock = (overrides.clock as TestClock | undefined) ?? manualClock('2026-03-01T00:00:00Z');
  const service = await createKeyService({
    database,
    profile: venueProfile('mudrex'),
    pepper: PEPPER,
    ...overrides,
    clock,
    realClock: overrides.realClock ?? clock,
  });
  return { service, clock };
}

export interface KeyServiceFixture {
  database: TestDatabase;
  service: KeyService;
  clock: TestClock;
}

/**
 * A test file's own database and key service (see makeService): created before its tests run, closed
 * and removed after them. Its fields are set once the file's `beforeAll` has run, so read them inside
 * tests and hooks, not at module level.
 */
export function useKeyService(): KeyServiceFixture {
  const fixture = {} as KeyServiceFixture;
  beforeAll(async () => {
    fixture.database = await createTestDatabase();
    Object.assign(fixture, await makeService(fixture.database));
  });
  afterAll(async () => {
    await fixture.service.close();
    await fixture.database.destroy();
  });
  return fixture;
}

let counter = 0;
export const uniqueEmail = (name = 'user') => `${name}.${Date.now()}.${counter++}@example.com`;

export interface ReadyUser {
  id: string;
  email: string;
  password: string;
  totpSecret: string;
  /** Moves the clock to the next 30 s step and returns its code (each code is accepted once). */
  nextCode(): string;
}

/** Signs a user up, verifies KYC and enables 2FA: ready to manage keys. */
export async function readyUser(service: KeyService, clock: TestClock, name?: string): Promise<ReadyUser> {
  const email = uniqueEmail(name);
  const password = 'correct horse battery';
  const me = await service.signUp({ email, password }, IP);
  await service.submitKyc(me.id, { legalName: 'Ada Lovelace', country: 'GB' }, IP);
  const { secret } = await service.beginTwoFactor(me.id, IP);
  const nextCode = () => {
    clock.advance(30);
    return totpCode(secret, clock.now());
  };
  await service.enableTwoFactor(me.id, { otp: nextCode() }, IP);
  return { id: me.id, email, password, totpSecret: secret, nextCode };
}

/** Runs `fn` and returns the MockexError code it threw. */
export async function codeOf(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  return 'no error';
}
