import { Decimal, dec, isMultipleOf, MockexError, venueError, ZERO, type DecimalInput } from '@mockex/domain';
import type { InstrumentSpec } from './instruments.ts';
import type { CommandName, PositionState, Side } from './types.ts';

/** USDT amounts (margins, fees, PnL, funding) are kept to 8 places, so sums of them stay exact. */
export function money(value: Decimal): Decimal {
  return value.toDecimalPlaces(8, Decimal.ROUND_HALF_EVEN);
}

/** +1 for LONG, −1 for SHORT: the sign of PnL per unit of price rise. */
export function direction(side: Side): 1 | -1 {
  return side === 'LONG' ? 1 : -1;
}

export function opposite(side: Side): Side {
  return side === 'LONG' ? 'SHORT' : 'LONG';
}

/** How the venue refuses `command` on a position that is no longer open (see `livePosition`). */
export function positionNotOpen(command: CommandName): MockexError {
  if (command === 'closePosition' || command === 'partialClose') return new MockexError('POSITION_NOT_OPEN');
  if (command === 'setRiskOrders') return venueError('POSITION_NOT_OPEN_STATE');
  return new MockexError('POSITION_OUT_OF_SYNC');
}

/** Quantity checks, each refused with the venue's text for it (the field is kept for the caller's logs). */
export function checkQuantity(spec: InstrumentSpec, quantity: Decimal, field: string, market: boolean): void {
  const max = market ? spec.max_market_contract : spec.max_contract;
  if (quantity.lte(0) || quantity.lt(spec.min_contract) || quantity.gt(max))
    throw venueError('QUANTITY_RANGE', { field });
  if (!isMultipleOf(quantity, spec.quantity_step)) throw venueError('QUANTITY_STEP', { field });
}

export function checkPrice(spec: InstrumentSpec, price: Decimal, field: string): void {
  if (
    price.lte(0) ||
    price.lt(spec.min_price) ||
    price.gt(spec.max_price) ||
    !isMultipleOf(price, spec.price_step)
  )
    throw venueError('PRICE_RANGE', { field });
}

export function checkLeverage(spec: InstrumentSpec, leverage: Decimal, field = 'leverage'): void {
  if (
    leverage.lt(spec.min_leverage) ||
    leverage.gt(spec.max_leverage) ||
    !isMultipleOf(leverage, spec.leverage_step)
  )
    throw venueError('LEVERAGE_OUT_OF_RANGE', { field });
}

/** An order worth less than `min_notional_value`: the venue's nearest text is the quantity range one. */
export function checkNotional(
  spec: InstrumentSpec,
  quantity: Decimal,
  price: Decimal,
  field = 'quantity',
): void {
  if (quantity.times(price).lt(spec.min_notional_value)) throw venueError('QUANTITY_RANGE', { field });
}

/** The leverage an asset trades at before the account chose one. */
export function defaultLeverage(spec: InstrumentSpec): Decimal {
  return Decimal.min(dec(10), dec(spec.max_leverage));
}

/** Fee for a notional at a percent rate. */
export function feeFor(notional: Decimal, percent: DecimalInput): Decimal {
  return money(notional.times(percent).div(100));
}

/**
 * Isolated-margin liquidation price: where equity (margin + unrealised PnL) falls to the maintenance
 * margin (notional × rate). LONG: (e·q − M) / (q·(1 − r)); SHORT: (e·q + M) / (q·(1 + r)). Rounded
 * to the tick on the cautious side (up for LONG, down for SHORT); 0 means it cannot be liquidated.
 */
export function liquidationPrice(
  spec: InstrumentSpec,
  position: PositionState,
  extraMargin: Decimal = ZERO,
): Decimal {
  const q = dec(position.quantity);
  if (q.isZero()) return ZERO;
  const e = dec(position.entry_price);
  const m = dec(position.margin).plus(extraMargin);
  const rate = dec(spec.maintenance_margin_rate);
  const step = dec(spec.price_step);
  if (position.side === 'LONG') {
    const raw = e
      .times(q)
      .minus(m)
      .div(q.times(dec(1).minus(rate)));
    if (raw.lte(0)) return ZERO;
    return raw.div(step).ceil().times(step);
  }
  const raw = e
    .times(q)
    .plus(m)
    .div(q.times(dec(1).plus(rate)));
  return raw.div(step).floor().times(step);
}

export function maintenanceMargin(spec: InstrumentSpec, position: PositionState): Decimal {
  return money(dec(position.quantity).times(position.entry_price).times(spec.maintenance_margin_rate));
}

export function unrealisedPnl(position: PositionState, mark: Decimal): Decimal {
  return money(mark.minus(position.entry_price).times(position.quantity).times(direction(position.side)));
}

/** True when the mark has reached the liquidation price. */
export function isLiquidatable(spec: InstrumentSpec, position: PositionState, mark: Decimal): boolean {
  const liq = liquidationPrice(spec, position);
  if (position.side === 'LONG') return liq.gt(0) && mark.lte(liq);
  return mark.gte(liq);
}
