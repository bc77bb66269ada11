import { dec, MockexError, venueProfile } from '@mockex/domain';
import { expect } from 'vitest';
import { BTC, testMarket, type TestMarket } from '../testing.ts';
import { ledgerBalance, newAccount, totalEquity } from './account.ts';
import { execute, settle } from './commands.ts';
import type { AccountState, Command, PositionState } from './types.ts';

/**
 * The account the engine tests share: a fresh market and account per test (`beforeEach(openAccount)`),
 * read through the live bindings `market` and `state`, with 5000 USDT moved to the futures wallet.
 */
export let market: TestMarket;
export let state: AccountState;

export function openAccount(): void {
  market = testMarket({ BTCUSDT: '60000', ETHUSDT: '3000' });
  state = newAccount('usr_1', venueProfile('mudrex'), market.now);
  run({ type: 'transfer', from: 'SPOT', to: 'FUTURES', amount: d('5000') });
}

export function run<C extends Command>(command: C) {
  const out = execute(state, command, market.ctx());
  state = market.keep(out);
  return out;
}

export function tick() {
  const out = settle(state, market.ctx());
  state = market.keep(out);
  return out;
}

/** Every position, open or archived, in the order they were opened. */
export function positions(): PositionState[] {
  return [...market.history.positions, ...state.positions].sort((a, b) => a.id.localeCompare(b.id));
}

export function fees() {
  return market.history.fees;
}

export function error(fn: () => unknown): MockexError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MockexError) return e;
    throw e;
  }
  throw new Error('expected a MockexError');
}

export const d = (v: string) => dec(v);

/** A MARKET LONG of 0.1 BTC at 10× leverage: at 60000, 600 of margin and a 3 USDT taker fee. */
export function openLong() {
  return run({
    type: 'placeOrder',
    assetId: BTC,
    side: 'LONG',
    trigger: 'MARKET',
    quantity: d('0.1'),
    leverage: d('10'),
  });
}

export function expectConserved() {
  expect(totalEquity(state).toFixed()).toBe(ledgerBalance(state).toFixed());
}
