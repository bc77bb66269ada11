import { dec, toWire, ZERO, type Decimal } from '@mockex/domain';
import { lockedAmount } from '../engine/account.ts';
import { liquidationPrice, maintenanceMargin, unrealisedPnl } from '../engine/rules.ts';
import type { AccountState, FeeRecord, OrderState, PositionState, TransferRecord } from '../engine/types.ts';
import type { InstrumentBook, InstrumentSpec } from '../engine/instruments.ts';
import { candleFeed } from '../engine/candles.ts';
import type { PriceBook, PriceWalk } from '../engine/prices.ts';
import { END_TIME_OFFSET_FROM } from './schemas.ts';

/**
 * The venue's wire shapes, built from engine state. Field names follow the venue's documentation;
 * every number is a string; times are ISO-8601 UTC without milliseconds, as the venue writes them.
 */
export function wireTime(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z');
}

export function spotFundsView(state: AccountState) {
  const spot = toWire(state.spot);
  return {
    total: spot,
    rewards: '0',
    invested: '0',
    withdrawable: spot,
    coin_investable: spot,
    coinset_investable: spot,
    vault_investable: spot,
  };
}

export function futuresFundsView(state: AccountState, prices: PriceBook) {
  let pnl = ZERO;
  for (const p of state.positions)
    if (p.status === 'OPEN') pnl = pnl.plus(unrealisedPnl(p, prices.mark(p.symbol)));
  return {
    balance: toWire(state.futures),
    locked_amount: toWire(lockedAmount(state)),
    first_time_user: state.first_time_user,
    unrealized_pnl: toWire(pnl),
    trade_currency: 'USDT',
  };
}

export function instrumentView(
  spec: InstrumentSpec,
  book: InstrumentBook,
  walk: PriceWalk,
  now: Date,
  prices: PriceBook,
) {
  const second = Math.floor(now.getTime() / 1000);
  const price = prices.mark(spec.symbol);
  const override = prices.overrides.find((o) => o.symbol === spec.symbol);
  // The rolling day from the same feed as the candles: its marks, sandbox-set prices included.
  const day = candleFeed(walk).lastDay(spec, second, override);
  const dayAgo = day.dayAgo;
  const interval = spec.funding_interval_hours * 3600;
  const nextFunding = (Math.floor(second / interval) + 1) * interval;
  return {
    id: spec.id,
    name: spec.name,
    symbol: spec.symbol,
    min_contract: spec.min_contract,
    max_contract: spec.max_contract,
    quantity_step: spec.quantity_step,
    min_price: spec.min_price,
    max_price: spec.max_price,
    price_step: spec.price_step,
    max_market_contract: spec.max_market_contract,
    min_notional_value: spec.min_notional_value,
    funding_fee_perc: spec.funding_fee_perc,
    max_funding_rate: null,
    min_funding_rate: null,
    trading_fee_perc: spec.trading_fee_perc,
    maker_fee_perc: spec.maker_fee_perc,
    maintenance_margin_perc: toWire(dec(spec.maintenance_margin_rate).times(100)),
    leverage_step: spec.leverage_step,
    min_leverage: spec.min_leverage,
    max_leverage: spec.max_leverage,
    funding_interval: String(nextFunding),
    funding_interval_hours: String(spec.funding_interval_hours),
    price: toWire(price),
    mark_price: toWire(price),
    last_day_price: toWire(dayAgo),
    change_perc: toWire(price.minus(dayAgo).div(dayAgo).times(100).toDecimalPlaces(8)),
    volume: toWire(day.volume),
    '1d_high': toWire(day.high),
    '1d_low': toWire(day.low),
    '1d_volume': toWire(day.volume),
    popularity: String(book.popularity(spec.id)),
  };
}

function liqForOrder(state: AccountState | null, order: OrderState, instruments: InstrumentBook): string {
  const positionId = order.position_id;
  const position = positionId && state ? state.positions.find((p) => p.id === positionId) : undefined;
  const spec = instruments.byId(order.asset_id);
  if (!position || position.status !== 'OPEN' || !spec) return '0';
  return toWire(liquidationPrice(spec, position));
}

/** `state` (the live account) supplies the liquidation price of the order's open position, if any. */
export function orderView(state: AccountState | null, order: OrderState, instruments: InstrumentBook) {
  const risk = order.order_type === 'STOPLOSS' || order.order_type === 'TAKEPROFIT';
  return {
    id: order.id,
    created_at: wireTime(order.created_at),
    updated_at: wireTime(order.updated_at),
    reason: order.reason
      ? { message: order.reason }
      : order.status === 'CANCELLED'
        ? null
        : { message: 'OK' },
    actual_amount: toWire(order.actual_amount),
    desired_amount: toWire(order.actual_amount),
    quantity: toWire(order.quantity),
    filled_quantity: toWire(order.filled_quantity),
    price: toWire(order.price),
    filled_price: order.filled_price ? toWire(order.filled_price) : '0',
    leverage: toWire(order.leverage),
    liquidation_price: liqForOrder(state, order, instruments),
    order_type: order.order_type,
    trigger_type: order.trigger_type,
    status: order.status,
    reduce_only: order.reduce_only,
    stoploss_price: order.stoploss_price,
    takeprofit_price: order.takeprofit_price,
    asset_uuid: order.asset_id,
    symbol: order.symbol,
    future_position_uuid: risk || order.reduce_only ? order.position_id : null,
    trade_currency: 'USDT',
  };
}

function riskView(state: AccountState, id: string | null, side: 'LONG' | 'SHORT') {
  const order = id ? state.orders.find((o) => o.id === id && o.status === 'CREATED') : undefined;
  if (!order) return null;
  return { price: toWire(order.price), order_id: order.id, order_type: side === 'LONG' ? 'SHORT' : 'LONG' };
}

export function positionView(
  state: AccountState,
  position: PositionState,
  instruments: InstrumentBook,
  mark: Decimal,
) {
  const spec = instruments.byId(position.asset_id)!;
  return {
    id: position.id,
    created_at: wireTime(position.created_at),
    updated_at: wireTime(position.updated_at),
    stoploss: riskView(state, position.stoploss_order_id, position.side),
    takeprofit: riskView(state, position.takeprofit_order_id, position.side),
    entry_price: toWire(position.entry_price),
    quantity: toWire(position.quantity),
    leverage: toWire(position.leverage),
    liquidation_price: toWire(liquidationPrice(spec, position)),
    initial_margin: toWire(position.margin),
    maintenance_margin: toWire(maintenanceMargin(spec, position)),
    mark_price: toWire(mark),
    pnl: toWire(unrealisedPnl(position, mark)),
    realized_pnl: toWire(position.realised_pnl),
    order_type: position.side,
    status: position.status,
    asset_uuid: position.asset_id,
    symbol: position.symbol,
    trade_currency: 'USDT',
  };
}

export function positionHistoryView(position: PositionState) {
  return {
    id: position.id,
    position_type: position.side,
    status: position.status,
    leverage: toWire(position.leverage),
    entry_price: toWire(position.entry_price),
    closed_price: position.closed_price ? toWire(position.closed_price) : '0',
    quantity: toWire(position.quantity),
    pnl: toWire(position.realised_pnl),
    created_at: wireTime(position.created_at),
    updated_at: wireTime(position.updated_at),
    asset_uuid: position.asset_id,
    symbol: position.symbol,
    trade_currency: 'USDT',
  };
}

export function feeView(fee: FeeRecord) {
  return {
    id: fee.id,
    symbol: fee.symbol,
    asset_uuid: fee.asset_id,
    fee_amount: toWire(fee.fee_amount),
    fee_perc: fee.fee_perc,
    fee_type: fee.fee_type,
    transaction_amount: toWire(fee.transaction_amount),
    order_type: fee.order_type,
    trigger_type: fee.trigger_type,
    order_id: fee.order_id,
    position_id: fee.position_id,
    created_at: wireTime(fee.created_at),
    trade_currency: 'USDT',
  };
}

/**
 * `/futures/transactions` rows, newest first: transfers move `amount` into (DEPOSIT) or out of
 * (WITHDRAW) the futures wallet; fills (TRADE) and funding (FUNDING) show what they cost the wallet
 * (a fee, or funding paid; negative when funding was received).
 */
export function transactionViews(transfers: readonly TransferRecord[], fees: readonly FeeRecord[]) {
  const rows = [
    ...transfers.map((t) => ({
      id: t.id,
      wallet_transaction_id: '',
      transaction_type: t.transaction_type,
      amount: t.amount,
      status: 'Completed' as const,
      symbol: null as string | null,
      trade_currency: t.trade_currency,
      created_at: wireTime(t.created_at),
      updated_at: wireTime(t.created_at),
    })),
    ...fees.map((f) => ({
      id: f.id,
      wallet_transaction_id: '',
      transaction_type: f.fee_type === 'FUNDING' ? ('FUNDING' as const) : ('TRADE' as const),
      amount: toWire(f.fee_amount),
      status: 'Completed' as const,
      symbol: f.symbol as string | null,
      trade_currency: 'USDT',
      created_at: wireTime(f.created_at),
      updated_at: wireTime(f.created_at),
    })),
  ];
  // Stable on equal times: history pages are newest first already.
  return rows.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
}

/** Newest first, then a page of it (`offset`: rows to skip, or an end time in Unix ms; see timePageQuery). */
export function page<T extends { created_at: string }>(
  items: readonly T[],
  offset: number,
  limit: number,
): T[] {
  const newest = [...items].reverse();
  if (offset < END_TIME_OFFSET_FROM) return newest.slice(offset, offset + limit);
  return newest.filter((i) => Date.parse(i.created_at) <= offset).slice(0, limit);
}

/** A history page where `offset` may be an end time in Unix ms: reads pages until `limit` rows qualify. */
export async function historyPage<T extends { created_at: string }>(
  read: (query: { offset: number; limit: number }) => Promise<T[]>,
  query: { offset: number; limit: number },
): Promise<T[]> {
  if (query.offset < END_TIME_OFFSET_FROM) return read(query);
  const out: T[] = [];
  const chunk = 200;
  for (let skip = 0; out.length < query.limit && skip < 50 * chunk; skip += chunk) {
    const rows = await read({ offset: skip, limit: chunk });
    out.push(...rows.filter((r) => Date.parse(r.created_at) <= query.offset));
    if (rows.length < chunk) break;
  }
  return out.slice(0, query.limit);
}
