import { manualClock, venueProfile } from '@mockex/domain';
import { describe, expect, it } from 'vitest';
import { newAccount } from '../engine/account.ts';
import type { FeeRecord } from '../engine/types.ts';
import { parseWith } from '../http/validation.ts';
import { createExchangeCore } from '../runtime.ts';
import { createMemoryStore } from '../store/memory.ts';
import { fakeCaller } from '../testing.ts';
import { FAPI_ROUTES } from './index.ts';
import { END_TIME_OFFSET_FROM } from './schemas.ts';

// A history read settles the account once, however many kinds and pages it then reads.

const at = new Date('2026-01-01T00:00:00Z');
const profile = venueProfile('mudrex');

async function exchangeCountingReads() {
  const store = createMemoryStore();
  const counted = { ...store, reads: 0 };
  counted.readAccount = (userId) => {
    counted.reads++;
    return store.readAccount(userId);
  };
  const core = createExchangeCore({ store: counted, clock: manualClock(at), profile, seed: 1 });
  const caller = fakeCaller('usr_history');
  // More fees than one page of an end-time read (200) holds.
  const fees: FeeRecord[] = Array.from({ length: 250 }, (_, i) => ({
    id: `fee_${i}`,
    asset_id: 'a',
    symbol: 'BTCUSDT',
    fee_type: 'TRANSACTION',
    fee_amount: '1',
    fee_perc: '0.05',
    transaction_amount: '1',
    order_type: null,
    trigger_type: null,
    order_id: null,
    position_id: null,
    created_at: at.toISOString(),
  }));
  await store.updateAccount(
    caller.account.id,
    () => newAccount(caller.account.id, profile, at),
    () => ({ archive: { orders: [], positions: [], fees }, result: null }),
  );
  async function get(path: string, query: object) {
    const route = FAPI_ROUTES.find((r) => r.method === 'GET' && r.path === path)!;
    counted.reads = 0;
    const data = (await route.handle(
      { caller, params: {}, query: await parseWith(route.query, query, 'query'), body: undefined, now: at },
      core.runtime,
    )) as unknown[];
    return { rows: data.length, reads: counted.reads };
  }
  return { get };
}

describe('history routes', () => {
  it('read the account once for transfers and fees together', async () => {
    const { get } = await exchangeCountingReads();
    expect(await get('/futures/transactions', {})).toEqual({ rows: 20, reads: 1 });
  });

  it('read the account once however many pages an end-time offset reads', async () => {
    const { get } = await exchangeCountingReads();
    // An end time before every fee: every page is read, none qualifies.
    expect(await get('/futures/fee/history', { offset: String(END_TIME_OFFSET_FROM) })).toEqual({
      rows: 0,
      reads: 1,
    });
    expect(await get('/futures/fee/history', { offset: String(at.getTime()) })).toEqual({
      rows: 20,
      reads: 1,
    });
  });
});
