import { dec, toWire, type Decimal } from '@mockex/domain';
import type { InstrumentSpec } from './instruments.ts';
import { fundingBoundary } from './position-math.ts';
import { money } from './rules.ts';
import type { FeeRecord, OrderState, OrderType, PositionState, Side, TriggerType } from './types.ts';

/*
 * Fresh records as the engine writes them: an order when it is placed, a position when it opens, a fee
 * when one is charged. Pure builders; the ledger draft gives them their id and time and keeps them.
 */

/** What a new order is made of; everything else about it starts empty. */
export interface NewOrder {
  spec: InstrumentSpec;
  type: OrderType;
  trigger: TriggerType;
  quantity: Decimal;
  price: Decimal;
  leverage: Decimal;
  reduceOnly: boolean;
  positionId?: string | null;
  stopLoss?: Decimal | undefined;
  takeProfit?: Decimal | undefined;
}

/** A new order, resting (CREATED) with nothing filled or locked yet. */
export function orderRecord(id: string, at: string, fields: NewOrder): OrderState {
  return {
    id,
    asset_id: fields.spec.id,
    symbol: fields.spec.symbol,
    order_type: fields.type,
    trigger_type: fields.trigger,
    status: 'CREATED',
    quantity: toWire(fields.quantity),
    filled_quantity: '0',
    price: toWire(fields.price),
    filled_price: null,
    leverage: toWire(fields.leverage),
    reduce_only: fields.reduceOnly,
    actual_amount: '0',
    locked_margin: '0',
    locked_fee: '0',
    stoploss_price: fields.stopLoss ? toWire(fields.stopLoss) : null,
    takeprofit_price: fields.takeProfit ? toWire(fields.takeProfit) : null,
    position_id: fields.positionId ?? null,
    reason: null,
    created_at: at,
    updated_at: at,
  };
}

/** The stop-loss or take-profit order of `position`: reduce-only, for its whole size, triggering at `price`. */
export function riskOrder(
  spec: InstrumentSpec,
  position: PositionState,
  kind: 'STOPLOSS' | 'TAKEPROFIT',
  price: Decimal,
): NewOrder {
  return {
    spec,
    type: kind,
    trigger: 'MARKET',
    quantity: dec(position.quantity),
    price,
    leverage: dec(position.leverage),
    reduceOnly: true,
    positionId: position.id,
  };
}

/** What a fill opens or adds to a position with: `quantity` at `price`, putting up `margin`. */
export interface NewPosition {
  spec: InstrumentSpec;
  side: Side;
  quantity: Decimal;
  price: Decimal;
  leverage: Decimal;
  margin: Decimal;
}

/** A position opened at `now`, its funding settled up to the last boundary before it. */
export function positionRecord(id: string, now: Date, fields: NewPosition): PositionState {
  const at = now.toISOString();
  return {
    id,
    asset_id: fields.spec.id,
    symbol: fields.spec.symbol,
    side: fields.side,
    status: 'OPEN',
    quantity: toWire(fields.quantity),
    entry_price: toWire(fields.price),
    leverage: toWire(fields.leverage),
    margin: toWire(fields.margin),
    realised_pnl: '0',
    closed_price: null,
    stoploss_order_id: null,
    takeprofit_order_id: null,
    funding_at: fundingBoundary(now, fields.spec.funding_interval_hours),
    created_at: at,
    updated_at: at,
  };
}

/** A fee record's own fields; the draft adds the id, the asset and the time. */
export type FeeFields = Omit<FeeRecord, 'id' | 'asset_id' | 'symbol' | 'created_at'>;

/** The trading fee a fill of `order` paid: `fee` at `perc` percent of `notional`. */
export function tradingFee(
  order: OrderState,
  fee: Decimal,
  perc: string,
  notional: Decimal,
  positionId: string,
): FeeFields {
  return {
    fee_type: 'TRANSACTION',
    fee_amount: toWire(fee),
    fee_perc: perc,
    transaction_amount: toWire(money(notional)),
    order_type: order.order_type === 'LONG' || order.order_type === 'SHORT' ? order.order_type : null,
    trigger_type: order.trigger_type,
    order_id: order.id,
    position_id: positionId,
  };
}

/** The funding `position` paid (negative: received): `amount` on `notional` at the rate `perc`. */
export function fundingFee(
  position: PositionState,
  amount: Decimal,
  perc: string,
  notional: Decimal,
): FeeFields {
  return {
    fee_type: 'FUNDING',
    fee_amount: toWire(amount),
    fee_perc: perc,
    transaction_amount: toWire(notional),
    order_type: position.side,
    trigger_type: null,
    order_id: null,
    position_id: position.id,
  };
}
