import { dec, toWire, ZERO, type Decimal, type DecimalInput } from '@mockex/domain';
import { direction, feeFor, money } from './rules.ts';
import type { OrderState, PositionState } from './types.ts';

/*
 * Position arithmetic as pure functions over decimals: the margin an order or a fill puts up, and what
 * adding to, reducing, liquidating and funding a position does to its numbers. They change nothing;
 * the ledger draft (ledger-draft.ts) applies their results to the account, keeps the ledger in step
 * and emits the events.
 */

/** Margin that `quantity` at `price` puts up at `leverage`, in USDT. */
export function marginFor(quantity: Decimal, price: DecimalInput, leverage: DecimalInput): Decimal {
  return money(quantity.times(price).div(leverage));
}

/** What a resting order locks from the free balance: its margin and the maker fee (nothing when reduce-only). */
export function restingLock(order: OrderState, makerFeePerc: string): { margin: Decimal; fee: Decimal } {
  if (order.reduce_only) return { margin: ZERO, fee: ZERO };
  const quantity = dec(order.quantity);
  return {
    margin: marginFor(quantity, order.price, order.leverage),
    fee: feeFor(quantity.times(order.price), makerFeePerc),
  };
}

/** Unix seconds of the last funding boundary at or before `now`, for an interval of `hours`. */
export function fundingBoundary(now: Date, hours: number): number {
  const interval = hours * 3600;
  return Math.floor(Math.floor(now.getTime() / 1000) / interval) * interval;
}

/**
 * What adding `quantity` at `price` (putting up `margin`) makes of an open position: the entry price
 * averaged, the leverage recomputed from the margin held.
 */
export function enlargement(
  position: PositionState,
  quantity: Decimal,
  price: Decimal,
  margin: Decimal,
): Pick<PositionState, 'entry_price' | 'quantity' | 'margin' | 'leverage'> {
  const size = dec(position.quantity);
  const total = size.plus(quantity);
  const entry = size.times(position.entry_price).plus(quantity.times(price)).div(total).toDecimalPlaces(12);
  const held = dec(position.margin).plus(margin);
  return {
    entry_price: toWire(entry),
    quantity: toWire(total),
    margin: toWire(held),
    leverage: toWire(total.times(entry).div(held).toDecimalPlaces(2)),
  };
}

/**
 * Reducing `position` by `quantity` at `price`: the margin released (all of it when that closes the
 * position, else its share), the PnL realised, and the position's fields after it. A closed position
 * keeps the size it had.
 */
export function reduction(
  position: PositionState,
  quantity: Decimal,
  price: Decimal,
): { closes: boolean; released: Decimal; pnl: Decimal; fields: Partial<PositionState> } {
  const size = dec(position.quantity);
  const margin = dec(position.margin);
  const closes = quantity.gte(size);
  const released = closes ? margin : money(margin.times(quantity).div(size));
  const pnl = money(price.minus(position.entry_price).times(quantity).times(direction(position.side)));
  const kept = {
    margin: toWire(margin.minus(released)),
    realised_pnl: toWire(dec(position.realised_pnl).plus(pnl)),
  };
  const fields: Partial<PositionState> = closes
    ? { ...kept, status: 'CLOSED', closed_price: toWire(price) }
    : { ...kept, quantity: toWire(size.minus(quantity)) };
  return { closes, released, pnl, fields };
}

/** Liquidation at `mark`: the position's whole margin is lost (the loss), and its fields after it. */
export function liquidation(
  position: PositionState,
  mark: Decimal,
): { loss: Decimal; fields: Pick<PositionState, 'realised_pnl' | 'margin' | 'status' | 'closed_price'> } {
  const loss = dec(position.margin);
  return {
    loss,
    fields: {
      realised_pnl: toWire(dec(position.realised_pnl).minus(loss)),
      margin: '0',
      status: 'LIQUIDATED',
      closed_price: toWire(mark),
    },
  };
}

/**
 * Funding for `periods` intervals at `mark` (rate `fundingFeePerc`, a fraction): the notional, the amount
 * the position pays (negative: receives), and the margin left after it, floored at zero with what it
 * could not cover as the shortfall.
 */
export function fundingCharge(
  position: PositionState,
  fundingFeePerc: string,
  mark: Decimal,
  periods: number,
): { notional: Decimal; amount: Decimal; margin: Decimal; shortfall: Decimal } {
  const notional = money(dec(position.quantity).times(mark));
  const perPeriod = money(notional.times(fundingFeePerc)).times(direction(position.side));
  const amount = perPeriod.times(periods);
  const margin = dec(position.margin).minus(amount);
  if (margin.lt(0)) return { notional, amount, margin: ZERO, shortfall: margin.neg() };
  return { notional, amount, margin, shortfall: ZERO };
}
