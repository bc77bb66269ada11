import { dec, venueProfile, type DecimalInput, type IdKind } from '@mockex/domain';
import type { Caller } from './routes/route.ts';
import type { AccountState, Archive, EngineContext, EngineOutput } from './engine/types.ts';
import { createInstrumentBook, type InstrumentBook } from './engine/instruments.ts';
import type { PriceBook } from './engine/prices.ts';

/** Helpers for tests of the core (engine, stores, routes); not used at run time. */
export const BTC = '01903a7b-bf65-707d-a7dc-d7b84c3c756c';
export const ETH = '01903bc9-973a-7106-99e2-08287b632806';

/** A price book with fixed marks, changed by assignment (`marks.BTCUSDT = '60000'`). */
export function fixedPrices(marks: Record<string, string>, at = new Date('2026-01-01T00:00:00Z')): PriceBook {
  return {
    at,
    overrides: [],
    mark(symbol) {
      const price = marks[symbol];
      if (price === undefined) throw new Error(`no test price for ${symbol}`);
      return dec(price);
    },
  };
}

/** Deterministic ids: `ord_0001`, `pos_0002`, … */
export function counterIds(): (kind: IdKind) => string {
  let n = 0;
  const prefix: Record<string, string> = { order: 'ord', position: 'pos', fee: 'fee' };
  return (kind) => `${prefix[kind] ?? kind}_${String(++n).padStart(4, '0')}`;
}

export interface TestMarket {
  marks: Record<string, string>;
  now: Date;
  instruments: InstrumentBook;
  /** Everything the engine archived so far (as a store would keep it). */
  history: Archive;
  ctx(): EngineContext;
  advance(seconds: number): void;
  /** Appends an engine call's archive to `history` and returns its new state. */
  keep<R>(out: EngineOutput<R>): AccountState;
}

export function testMarket(
  marks: Record<string, string> = { BTCUSDT: '60000', ETHUSDT: '3000' },
): TestMarket {
  const instruments = createInstrumentBook();
  const ids = counterIds();
  const market: TestMarket = {
    marks,
    now: new Date('2026-01-01T00:00:00Z'),
    instruments,
    history: { orders: [], positions: [], fees: [] },
    ctx: () => ({
      now: market.now,
      prices: fixedPrices(market.marks, market.now),
      instruments,
      profile: venueProfile(),
      newId: ids,
    }),
    advance(seconds) {
      market.now = new Date(market.now.getTime() + seconds * 1000);
    },
    keep(out) {
      market.history.orders.push(...out.archive.orders);
      market.history.positions.push(...out.archive.positions);
      market.history.fees.push(...out.archive.fees);
      return out.state;
    },
  };
  return market;
}

export function fakeCaller(
  userId = 'usr_test',
  permissions: Caller['key']['permissions'] = ['READ_ONLY', 'TRADE'],
): Caller {
  return {
    key: {
      id: `key_${userId}`,
      keyPrefix: 'mx_test',
      permissions,
      expiresAt: new Date('2099-01-01T00:00:00Z'),
    },
    account: { id: userId, email: `${userId}@example.com`, kycStatus: 'verified' },
    ip: '127.0.0.1',
  };
}

/** Decimal equality for assertions on wire strings. */
export function same(a: DecimalInput, b: DecimalInput): boolean {
  return dec(a).eq(dec(b));
}

export type { AccountState };

export { exchangeRequests, sandboxRequests, type FuzzOptions, type FuzzRequest } from './fuzz.ts';
