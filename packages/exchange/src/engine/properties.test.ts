import { dec, isMockexError, venueProfile, ZERO, type Decimal } from '@mockex/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundToTick } from './instruments.ts';
import { testMarket, type TestMarket } from '../testing.ts';
import { ledgerBalance, newAccount, totalEquity } from './account.ts';
import { execute, settle } from './commands.ts';
import type { AccountState, Archive, Command, EngineEvent } from './types.ts';

/**
 * Invariants over random sequences of operations, price moves and time:
 *  - funds are conserved: spot + futures + locked = deposits + realised PnL − fees − funding (+ what
 *    the venue absorbed), and the fee and PnL records add up to the same totals;
 *  - no balance, lock or margin is ever negative;
 *  - an order fills at most once, and a finished order never becomes open again;
 *  - a refused command changes nothing.
 */
const SYMBOLS = ['BTCUSDT', 'DOGEUSDT'] as const;

const action = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('mark' as const),
      symbol: fc.constantFrom(...SYMBOLS),
      factor: fc.double({ min: 0.85, max: 1.15, noNaN: true }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('time' as const),
      seconds: fc.integer({ min: 1, max: 40_000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      toFutures: fc.boolean(),
      amount: fc.integer({ min: 1, max: 6000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('credit' as const),
      spot: fc.boolean(),
      amount: fc.integer({ min: 1, max: 2000 }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('place' as const),
      symbol: fc.constantFrom(...SYMBOLS),
      long: fc.boolean(),
      limit: fc.boolean(),
      steps: fc.integer({ min: 1, max: 400 }),
      priceFactor: fc.double({ min: 0.9, max: 1.1, noNaN: true }),
      leverage: fc.integer({ min: 1, max: 60 }),
      reduceOnly: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      sl: fc.option(fc.double({ min: 0.5, max: 0.99, noNaN: true })),
      tp: fc.option(fc.double({ min: 1.01, max: 1.5, noNaN: true })),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('amend' as const),
      pick: fc.nat(),
      priceFactor: fc.double({ min: 0.9, max: 1.1, noNaN: true }),
      steps: fc.integer({ min: 1, max: 400 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('close' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('partial' as const),
      pick: fc.nat(),
      steps: fc.integer({ min: 1, max: 400 }),
      limit: fc.boolean(),
      priceFactor: fc.double({ min: 0.95, max: 1.05, noNaN: true }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('margin' as const),
      pick: fc.nat(),
      amount: fc.integer({ min: -300, max: 300 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('risk' as const),
      pick: fc.nat(),
      sl: fc.option(fc.double({ min: 0.5, max: 0.999, noNaN: true })),
      tp: fc.option(fc.double({ min: 1.001, max: 1.5, noNaN: true })),
    }),
  },
);
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

function scaled(market: TestMarket, symbol: string, factor: number): Decimal {
  const spec = market.instruments.bySymbol(symbol)!;
  return roundToTick(spec, dec(market.marks[symbol]!).times(factor.toFixed(6)));
}

/** Mostly a live item (open order, open position), sometimes any, to also hit finished ones. */
function pickOf<T extends { status: string }>(items: T[], pick: number): T | undefined {
  const live = items.filter((i) => i.status === 'OPEN' || i.status === 'CREATED');
  const from = live.length > 0 && pick % 4 !== 0 ? live : items;
  return from.length ? from[Math.floor(pick / 4) % from.length] : undefined;
}

/** Turns a random action into an engine command (or moves prices/time and returns null). */
function toCommand(a: Action, market: TestMarket, state: AccountState): Command | null {
  const spec = (symbol: string) => market.instruments.bySymbol(symbol)!;
  switch (a.kind) {
    case 'mark':
      market.marks[a.symbol] = scaled(market, a.symbol, a.factor).toFixed();
      return null;
    case 'time':
      market.advance(a.seconds);
      return null;
    case 'transfer':
      return {
        type: 'transfer',
        from: a.toFutures ? 'SPOT' : 'FUTURES',
        to: a.toFutures ? 'FUTURES' : 'SPOT',
        amount: dec(a.amount),
      };
    case 'credit':
      return { type: 'credit', wallet: a.spot ? 'SPOT' : 'FUTURES', amount: dec(a.amount) };
    case 'place': {
      const s = spec(a.symbol);
      const mark = dec(market.marks[a.symbol]!);
      return {
        type: 'placeOrder',
        assetId: s.id,
        side: a.long ? 'LONG' : 'SHORT',
        trigger: a.limit ? 'LIMIT' : 'MARKET',
        quantity: dec(s.quantity_step).times(a.steps * (a.symbol === 'DOGEUSDT' ? 50 : 1)),
        price: a.limit ? scaled(market, a.symbol, a.priceFactor) : undefined,
        leverage: dec(a.leverage),
        reduceOnly: a.reduceOnly,
        stopLoss:
          a.sl === null || a.reduceOnly
            ? undefined
            : roundToTick(s, mark.times((a.long ? a.sl : 2 - a.sl).toFixed(6))),
        takeProfit:
          a.tp === null || a.reduceOnly
            ? undefined
            : roundToTick(s, mark.times((a.long ? a.tp : 2 - a.tp).toFixed(6))),
      };
    }
    case 'cancel': {
      const order = pickOf([...market.history.orders, ...state.orders], a.pick);
      return order ? { type: 'cancelOrder', orderId: order.id } : null;
    }
    case 'amend': {
      const order = pickOf([...market.history.orders, ...state.orders], a.pick);
      if (!order) return null;
      const s = spec(order.symbol);
      return {
        type: 'amendOrder',
        orderId: order.id,
        price: scaled(market, order.symbol, a.priceFactor),
        quantity: dec(s.quantity_step).times(a.steps),
      };
    }
    case 'close': {
      const position = pickOf([...market.history.positions, ...state.positions], a.pick);
      return position ? { type: 'closePosition', positionId: position.id } : null;
    }
    case 'partial': {
      const position = pickOf([...market.history.positions, ...state.positions], a.pick);
      if (!position) return null;
      const s = spec(position.symbol);
      return {
        type: 'partialClose',
        positionId: position.id,
        quantity: dec(s.quantity_step).times(a.steps),
        trigger: a.limit ? 'LIMIT' : 'MARKET',
        price: a.limit ? scaled(market, position.symbol, a.priceFactor) : undefined,
      };
    }
    case 'reverse': {
      const position = pickOf([...market.history.positions, ...state.positions], a.pick);
      return position ? { type: 'reversePosition', positionId: position.id } : null;
    }
    case 'margin': {
      const position = pickOf([...market.history.positions, ...state.positions], a.pick);
      return position && a.amount !== 0
        ? { type: 'addMargin', positionId: position.id, margin: dec(a.amount) }
        : null;
    }
    case 'risk': {
      const position = pickOf([...market.history.positions, ...state.positions], a.pick);
      if (!position) return null;
      const s = spec(position.symbol);
      const mark = dec(market.marks[position.symbol]!);
      const long = position.side === 'LONG';
      return {
        type: 'setRiskOrders',
        positionId: position.id,
        stopLoss: a.sl === null ? undefined : roundToTick(s, mark.times((long ? a.sl : 2 - a.sl).toFixed(6))),
        takeProfit:
          a.tp === null ? undefined : roundToTick(s, mark.times((long ? a.tp : 2 - a.tp).toFixed(6))),
        mode: 'create',
      };
    }
  }
}

function sum(values: string[]): Decimal {
  return values.reduce((acc, v) => acc.plus(v), ZERO);
}

function checkInvariants(state: AccountState, history: Archive): void {
  expect(totalEquity(state).toFixed(), 'funds conserved').toBe(ledgerBalance(state).toFixed());
  expect(dec(state.spot).gte(0), 'spot ≥ 0').toBe(true);
  expect(dec(state.futures).gte(0), 'futures ≥ 0').toBe(true);
  for (const o of state.orders) {
    expect(dec(o.locked_margin).gte(0) && dec(o.locked_fee).gte(0), 'locks ≥ 0').toBe(true);
    if (o.status !== 'CREATED')
      expect([o.locked_margin, o.locked_fee], 'finished orders lock nothing').toEqual(['0', '0']);
  }
  for (const p of state.positions) {
    expect(dec(p.margin).gte(0), 'margin ≥ 0').toBe(true);
    if (p.status === 'OPEN') expect(dec(p.quantity).gt(0), 'open size > 0').toBe(true);
  }
  for (const o of state.orders) expect(o.status, 'the live document holds open orders only').toBe('CREATED');
  for (const p of state.positions)
    expect(p.status, 'the live document holds open positions only').toBe('OPEN');
  const fees = history.fees.filter((f) => f.fee_type === 'TRANSACTION').map((f) => f.fee_amount);
  const funding = history.fees.filter((f) => f.fee_type === 'FUNDING').map((f) => f.fee_amount);
  expect(sum(fees).toFixed(), 'fee records = ledger fees').toBe(dec(state.ledger.fees).toFixed());
  expect(sum(funding).toFixed(), 'funding records = ledger funding').toBe(
    dec(state.ledger.funding).toFixed(),
  );
  const everyPosition = [...history.positions, ...state.positions];
  expect(sum(everyPosition.map((p) => p.realised_pnl)).toFixed(), 'position PnL = ledger PnL').toBe(
    dec(state.ledger.realised_pnl).toFixed(),
  );
}

describe('engine invariants (property-based)', () => {
  it('conserves funds, keeps balances non-negative and fills each order at most once', () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 20, maxLength: 80 }), (actions) => {
        const market = testMarket({ BTCUSDT: '60000', ETHUSDT: '3000', DOGEUSDT: '0.15' });
        let state = newAccount('usr_prop', venueProfile('mudrex'), market.now);
        state = execute(
          state,
          { type: 'transfer', from: 'SPOT', to: 'FUTURES', amount: dec(5000) },
          market.ctx(),
        ).state;
        const filled = new Set<string>();
        const finished = new Set<string>();
        const record = (events: EngineEvent[]) => {
          for (const e of events) {
            if (e.type !== 'order.filled') continue;
            expect(filled.has(e.orderId), `order ${e.orderId} filled twice`).toBe(false);
            filled.add(e.orderId);
          }
        };
        for (const a of actions) {
          const command = toCommand(a, market, state);
          const before = JSON.stringify(state);
          try {
            const out = command ? execute(state, command, market.ctx()) : settle(state, market.ctx());
            expect(JSON.stringify(state), 'input state untouched').toBe(before);
            record(out.events);
            state = market.keep(out);
          } catch (error) {
            if (!isMockexError(error)) throw error;
            expect(error.status, `${error.code} is a client error`).toBeLessThan(500);
            expect(JSON.stringify(state), 'a refused command changes nothing').toBe(before);
          }
          checkInvariants(state, market.history);
          for (const o of market.history.orders) finished.add(o.id);
          for (const o of state.orders)
            expect(finished.has(o.id), 'a finished order never opens again').toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  }, 180_000); // 300 random histories: ~10 s on a quiet machine, several times that under load
});
