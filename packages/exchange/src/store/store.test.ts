import { manualClock, MockexError, venueProfile } from '@mockex/domain';
import { createTestDatabase, testBackend, type TestDatabase } from '@mockex/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExchangeCore } from '../runtime.ts';
import { newAccount } from '../engine/account.ts';
import { FAPI_ROUTES } from '../routes/index.ts';
import { fakeCaller } from '../testing.ts';
import { createMemoryStore } from './memory.ts';
import { createPostgresStore } from './postgres.ts';
import type { ExchangeStore } from './types.ts';

// The contract every store keeps (memory and PostgreSQL alike); postgres.test.ts covers what only the
// PostgreSQL store does (other processes on the database, optimistic and batched writes).
let database: TestDatabase;
beforeAll(async () => void (database = await createTestDatabase()));
afterAll(() => database?.destroy());

const profile = venueProfile('mudrex');
const at = new Date('2026-01-01T00:00:00Z');

const backends: Array<[string, () => ExchangeStore]> = [
  ['memory', () => createMemoryStore()],
  [`postgres (${testBackend()})`, () => createPostgresStore(database)],
];

describe.each(backends)('%s store', (_name, make) => {
  let store: ExchangeStore;
  beforeAll(async () => {
    store = make();
    await store.reset();
  });

  it('creates an account on first update, stores what the callback returns, and nothing when it throws', async () => {
    expect(await store.readAccount('usr_a')).toBeNull();
    const seen = await store.updateAccount(
      'usr_a',
      () => newAccount('usr_a', profile, at),
      (state) => ({ result: state.spot }),
    );
    expect(seen).toBe('10000');
    expect((await store.readAccount('usr_a'))?.spot).toBe('10000');
    await store.updateAccount(
      'usr_a',
      () => newAccount('usr_a', profile, at),
      (state) => ({ state: { ...state, spot: '9000' }, result: null }),
    );
    expect((await store.readAccount('usr_a'))?.spot).toBe('9000');
    await expect(
      store.updateAccount(
        'usr_a',
        () => newAccount('usr_a', profile, at),
        (state) => {
          state.spot = '1';
          throw new MockexError('INSUFFICIENT_BALANCE', { detail: 'test' });
        },
      ),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
    expect((await store.readAccount('usr_a'))?.spot).toBe('9000');
    expect(await store.listAccountIds()).toContain('usr_a');
  });

  it('appends history with the state, pages it newest first, and finds a record by id', async () => {
    const fee = (n: number) => ({
      id: `fee_${n}`,
      asset_id: 'a',
      symbol: 'BTCUSDT',
      fee_type: 'TRANSACTION' as const,
      fee_amount: String(n),
      fee_perc: '0.05',
      transaction_amount: '1',
      order_type: null,
      trigger_type: null,
      order_id: null,
      position_id: null,
      created_at: at.toISOString(),
    });
    for (let batch = 0; batch < 3; batch++) {
      await store.updateAccount(
        'usr_h',
        () => newAccount('usr_h', profile, at),
        () => ({
          archive: { orders: [], positions: [], fees: [fee(batch * 2 + 1), fee(batch * 2 + 2)] },
          result: null,
        }),
      );
    }
    const ids = (rows: unknown[]) => rows.map((r) => (r as { id: string }).id);
    expect(ids(await store.history('usr_h', 'fee', { offset: 0, limit: 4 }))).toEqual([
      'fee_6',
      'fee_5',
      'fee_4',
      'fee_3',
    ]);
    expect(ids(await store.history('usr_h', 'fee', { offset: 4, limit: 4 }))).toEqual(['fee_2', 'fee_1']);
    expect(await store.history('usr_h', 'order', { offset: 0, limit: 4 })).toEqual([]);
    expect(await store.historyRecord('usr_h', 'fee', 'fee_3')).toMatchObject({
      id: 'fee_3',
      fee_amount: '3',
    });
    expect(await store.historyRecord('usr_h', 'fee', 'fee_9')).toBeNull();
    await expect(
      store.updateAccount(
        'usr_h',
        () => newAccount('usr_h', profile, at),
        () => {
          throw new MockexError('INSUFFICIENT_BALANCE', { detail: 'test' });
        },
      ),
    ).rejects.toBeInstanceOf(MockexError);
    expect(await store.history('usr_h', 'fee', { offset: 0, limit: 100 })).toHaveLength(6);

    // A record archived again under its id replaces the first, in its place: one record per id.
    await store.updateAccount(
      'usr_h',
      () => newAccount('usr_h', profile, at),
      () => ({
        archive: { orders: [], positions: [], fees: [{ ...fee(3), fee_amount: '33' }] },
        result: null,
      }),
    );
    const all = await store.history('usr_h', 'fee', { offset: 0, limit: 100 });
    expect(ids(all)).toEqual(['fee_6', 'fee_5', 'fee_4', 'fee_3', 'fee_2', 'fee_1']);
    expect(all[3]).toMatchObject({ id: 'fee_3', fee_amount: '33' });
    expect(await store.historyRecord('usr_h', 'fee', 'fee_3')).toMatchObject({ fee_amount: '33' });
  });

  it('keeps one price override per symbol', async () => {
    await store.setPriceOverride({ symbol: 'BTCUSDT', price: '50000', at: 100 });
    await store.setPriceOverride({ symbol: 'BTCUSDT', price: '51000', at: 200 });
    await store.setPriceOverride({ symbol: 'ETHUSDT', price: '3000', at: 150 });
    const overrides = await store.priceOverrides();
    expect(overrides.sort((a, b) => a.symbol.localeCompare(b.symbol))).toEqual([
      { symbol: 'BTCUSDT', price: '51000', at: 200 },
      { symbol: 'ETHUSDT', price: '3000', at: 150 },
    ]);
  });

  it('never loses an update: 20 parallel transfers on one account end at the exact balance', async () => {
    const clock = manualClock(at);
    const core = createExchangeCore({ store, clock, profile, seed: 1 });
    const transfer = FAPI_ROUTES.find((r) => r.path === '/wallet/futures/transfer')!;
    const funds = FAPI_ROUTES.find((r) => r.method === 'GET' && r.path === '/futures/funds')!;
    const caller = fakeCaller('usr_parallel');
    const body = { from_wallet_type: 'SPOT' as const, to_wallet_type: 'FUTURES' as const, amount: '12.5' };
    const input = { caller, params: {}, query: {}, now: clock.now(), body: transfer.body!.parse(body) };
    const results = await Promise.all(Array.from({ length: 20 }, () => transfer.handle(input, core.runtime)));
    expect(results).toHaveLength(20);
    const after = (await funds.handle(
      { caller, params: {}, query: {}, body: undefined, now: clock.now() },
      core.runtime,
    )) as { balance: string };
    expect(after.balance).toBe('250');
    expect((await store.readAccount('usr_parallel'))?.spot).toBe('9750');
  });

  it('reset wipes every account and price', async () => {
    await store.reset();
    expect(await store.listAccountIds()).toEqual([]);
    expect(await store.priceOverrides()).toEqual([]);
    expect(await store.history('usr_h', 'fee', { offset: 0, limit: 10 })).toEqual([]);
  });
});
