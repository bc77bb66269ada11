import { Decimal, dec, MockexError, toWire, venueError, ZERO, type VenueTextName } from '@mockex/domain';
import type { InstrumentSpec } from './instruments.ts';
import { direction, feeFor, money, opposite } from './rules.ts';
import type {
  AccountState,
  Archive,
  CommandName,
  EngineContext,
  EngineEvent,
  OrderState,
  OrderType,
  PositionState,
  Side,
  TriggerType,
} from './types.ts';

/** How the venue refuses `command` on a position that is no longer open (see `livePosition`). */
export function positionNotOpen(command: CommandName): MockexError {
  if (command === 'closePosition' || command === 'partialClose') return new MockexError('POSITION_NOT_OPEN');
  if (command === 'setRiskOrders') return venueError('POSITION_NOT_OPEN_STATE');
  return new MockexError('POSITION_OUT_OF_SYNC');
}

/**
 * The account's ledger draft: a working copy of one account during one engine call. Every balance change goes through the
 * methods here, which keep the ledger in step, so conservation holds by construction and the
 * property tests check that construction. Throwing anywhere abandons the copy: no half-applied state.
 */
export class LedgerDraft {
  readonly events: EngineEvent[] = [];
  readonly archive: Archive = { orders: [], positions: [], fees: [], transfers: [] };
  readonly at: string;

  constructor(
    readonly state: AccountState,
    readonly ctx: EngineContext,
  ) {
    this.at = ctx.now.toISOString();
  }

  spec(assetId: string): InstrumentSpec {
    const spec = this.ctx.instruments.byId(assetId);
    if (!spec) throw new MockexError('ASSET_NOT_FOUND', { asset: assetId });
    return spec;
  }

  mark(spec: InstrumentSpec): Decimal {
    return this.ctx.prices.mark(spec.symbol);
  }

  openPosition(assetId: string): PositionState | undefined {
    return this.state.positions.find((p) => p.asset_id === assetId && p.status === 'OPEN');
  }

  order(id: string): OrderState | undefined {
    return this.state.orders.find((o) => o.id === id);
  }

  /**
   * A position of this account by id; 404 when unknown. One still here but no longer open is refused as
   * the venue refuses it on that route (`positionNotOpen`); one that was archived is unknown here: the
   * runtime tells it apart from the history (explainMissing) and answers the same way.
   */
  livePosition(id: string, command: CommandName): PositionState {
    const position = this.state.positions.find((p) => p.id === id);
    if (position?.status === 'OPEN') return position;
    if (position) throw positionNotOpen(command);
    throw new MockexError('POSITION_NOT_FOUND', { id });
  }

  /** An open order of this account by id; 404 when unknown, ORDER_NOT_OPEN when it finished (as above). */
  openOrder(id: string): OrderState {
    const order = this.order(id);
    if (order?.status === 'CREATED') return order;
    if (order) throw new MockexError('ORDER_NOT_OPEN', { id, status: order.status });
    throw new MockexError('ORDER_NOT_FOUND', { id });
  }

  emit(event: EngineEvent): void {
    this.events.push(event);
  }

  // Money -------------------------------------------------------------------------------------

  addFutures(amount: Decimal): void {
    this.state.futures = toWire(dec(this.state.futures).plus(amount));
  }

  /** Takes `amount` from the free futures balance or refuses with INSUFFICIENT_BALANCE (or the route's venue text for it). */
  takeFutures(amount: Decimal, text?: VenueTextName): void {
    const free = dec(this.state.futures);
    if (free.lt(amount)) {
      if (text) throw venueError(text);
      throw new MockexError('INSUFFICIENT_BALANCE');
    }
    this.state.futures = toWire(free.minus(amount));
  }

  private ledgerAdd(field: keyof AccountState['ledger'], amount: Decimal): void {
    this.state.ledger[field] = toWire(dec(this.state.ledger[field]).plus(amount));
  }

  /**
   * Credits `amount` (may be negative) to the free futures balance. A negative result is only
   * allowed when `absorb` is set (closing and settling must always succeed): the venue absorbs the
   * shortfall, recorded as insurance, so no balance is ever negative.
   */
  private settleFutures(amount: Decimal, absorb: boolean): void {
    const after = dec(this.state.futures).plus(amount);
    if (after.gte(0)) {
      this.state.futures = toWire(after);
      return;
    }
    if (!absorb) this.takeFutures(amount.neg()); // throws INSUFFICIENT_BALANCE
    this.ledgerAdd('insurance', after.neg());
    this.state.futures = '0';
  }

  private recordFee(
    spec: InstrumentSpec,
    fee: Decimal,
    perc: string,
    notional: Decimal,
    order: OrderState,
    positionId: string,
  ): void {
    if (fee.isZero()) return;
    this.ledgerAdd('fees', fee);
    this.archive.fees.push({
      id: this.ctx.newId('fee'),
      asset_id: spec.id,
      symbol: spec.symbol,
      fee_type: 'TRANSACTION',
      fee_amount: toWire(fee),
      fee_perc: perc,
      transaction_amount: toWire(money(notional)),
      order_type: order.order_type === 'LONG' || order.order_type === 'SHORT' ? order.order_type : null,
      trigger_type: order.trigger_type,
      order_id: order.id,
      position_id: positionId,
      created_at: this.at,
    });
  }

  // Orders ------------------------------------------------------------------------------------

  newOrder(fields: {
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
  }): OrderState {
    const order: OrderState = {
      id: this.ctx.newId('order'),
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
      created_at: this.at,
      updated_at: this.at,
    };
    this.state.orders.push(order);
    this.emit({ type: 'order.created', orderId: order.id });
    return order;
  }

  /** Locks margin and the maker fee for a resting order from the free balance. */
  lockForRestingOrder(order: OrderState, spec: InstrumentSpec): void {
    const notional = dec(order.quantity).times(order.price);
    const margin = order.reduce_only ? ZERO : money(notional.div(order.leverage));
    const fee = order.reduce_only ? ZERO : feeFor(notional, spec.maker_fee_perc);
    this.takeFutures(margin.plus(fee));
    order.locked_margin = toWire(margin);
    order.locked_fee = toWire(fee);
    order.actual_amount = toWire(margin);
  }

  releaseLocks(order: OrderState): void {
    this.addFutures(dec(order.locked_margin).plus(order.locked_fee));
    order.locked_margin = '0';
    order.locked_fee = '0';
  }

  cancelOrder(order: OrderState, reason: string): void {
    this.releaseLocks(order);
    order.status = 'CANCELLED';
    order.reason = reason;
    order.updated_at = this.at;
    if (order.position_id && (order.order_type === 'STOPLOSS' || order.order_type === 'TAKEPROFIT')) {
      const position = this.state.positions.find((p) => p.id === order.position_id);
      if (position?.stoploss_order_id === order.id) position.stoploss_order_id = null;
      if (position?.takeprofit_order_id === order.id) position.takeprofit_order_id = null;
    }
    this.emit({ type: 'order.cancelled', orderId: order.id, reason });
  }

  /** Cancels the risk orders and resting reduce-only orders that only made sense for `position`. */
  cancelDependents(position: PositionState, reason: string): void {
    for (const o of this.state.orders) {
      if (o.status !== 'CREATED') continue;
      const riskOfIt = o.position_id === position.id;
      const reducesIt = o.reduce_only && o.asset_id === position.asset_id;
      if (riskOfIt || reducesIt) this.cancelOrder(o, reason);
    }
    position.stoploss_order_id = null;
    position.takeprofit_order_id = null;
  }

  // Fills -------------------------------------------------------------------------------------

  /**
   * Fills `quantity` of `order` (acting as `side`) at `price`, one-way per asset: it first reduces an
   * opposite open position, and what is left (unless reduce-only) opens or adds to a `side` position.
   * `maker` fills pay the maker fee from the order's lock; taker fills pay from the free balance.
   * With `mayAbsorb` (closes, risk orders and settlement) a shortfall is absorbed rather than refused.
   */
  fill(
    order: OrderState,
    side: Side,
    quantity: Decimal,
    price: Decimal,
    opts: { maker: boolean; mayAbsorb: boolean },
  ): void {
    const spec = this.spec(order.asset_id);
    const leverage = dec(order.leverage);
    const feePerc = opts.maker ? spec.maker_fee_perc : spec.trading_fee_perc;
    let net = ZERO; // change to the free futures balance
    let marginUsed = ZERO;
    let positionId = order.position_id ?? '';

    // Funds this order locked while resting come back first; what the fill needs is taken below.
    if (dec(order.locked_margin).plus(order.locked_fee).gt(0)) {
      net = net.plus(order.locked_margin).plus(order.locked_fee);
      order.locked_margin = '0';
      order.locked_fee = '0';
    }

    const notional = quantity.times(price);
    const fee = feeFor(notional, feePerc);
    net = net.minus(fee);

    let rest = quantity;
    const existing = this.openPosition(order.asset_id);
    if (existing && existing.side !== side) {
      const reduce = Decimal.min(rest, dec(existing.quantity));
      net = net.plus(this.reduce(existing, reduce, price));
      positionId = existing.id;
      rest = rest.minus(reduce);
    }
    if (rest.gt(0) && !order.reduce_only) {
      marginUsed = money(rest.times(price).div(leverage));
      net = net.minus(marginUsed);
      const position = this.increase(spec, side, rest, price, leverage, marginUsed);
      positionId = position.id;
      const sl = order.stoploss_price;
      const tp = order.takeprofit_price;
      if (sl || tp) this.attachRiskOrders(position, sl ? dec(sl) : undefined, tp ? dec(tp) : undefined);
    }

    // A caller's order that opens exposure must be paid for; anything else (and settlement) may absorb.
    const opening = marginUsed.gt(0);
    this.settleFutures(net, opts.mayAbsorb || !opening);
    this.recordFee(spec, fee, feePerc, notional, order, positionId);

    order.status = 'FILLED';
    order.filled_quantity = toWire(quantity);
    order.filled_price = toWire(price);
    order.actual_amount = toWire(marginUsed);
    order.position_id = order.position_id ?? (positionId || null);
    order.updated_at = this.at;
    this.state.first_time_user = false;
    this.emit({
      type: 'order.filled',
      orderId: order.id,
      price: toWire(price),
      quantity: toWire(quantity),
      maker: opts.maker,
    });
  }

  /** Reduces `position` by `quantity` at `price`; returns what goes back to the wallet (margin + PnL). */
  private reduce(position: PositionState, quantity: Decimal, price: Decimal): Decimal {
    const size = dec(position.quantity);
    const margin = dec(position.margin);
    const full = quantity.gte(size);
    const released = full ? margin : money(margin.times(quantity).div(size));
    const pnl = money(price.minus(position.entry_price).times(quantity).times(direction(position.side)));
    position.margin = toWire(margin.minus(released));
    position.realised_pnl = toWire(dec(position.realised_pnl).plus(pnl));
    position.updated_at = this.at;
    this.ledgerAdd('realised_pnl', pnl);
    if (full) {
      position.status = 'CLOSED';
      position.closed_price = toWire(price);
      this.cancelDependents(position, 'position closed');
      this.emit({
        type: 'position.closed',
        positionId: position.id,
        price: toWire(price),
        pnl: position.realised_pnl,
      });
    } else {
      position.quantity = toWire(size.minus(quantity));
      this.emit({ type: 'position.changed', positionId: position.id });
    }
    return released.plus(pnl);
  }

  /** Opens a position or adds to the open one of the same side (entry price averaged). */
  private increase(
    spec: InstrumentSpec,
    side: Side,
    quantity: Decimal,
    price: Decimal,
    leverage: Decimal,
    margin: Decimal,
  ): PositionState {
    const existing = this.openPosition(spec.id);
    if (existing) {
      const size = dec(existing.quantity);
      const total = size.plus(quantity);
      const entry = size
        .times(existing.entry_price)
        .plus(quantity.times(price))
        .div(total)
        .toDecimalPlaces(12);
      const newMargin = dec(existing.margin).plus(margin);
      existing.entry_price = toWire(entry);
      existing.quantity = toWire(total);
      existing.margin = toWire(newMargin);
      existing.leverage = toWire(total.times(entry).div(newMargin).toDecimalPlaces(2));
      existing.updated_at = this.at;
      this.emit({ type: 'position.changed', positionId: existing.id });
      return existing;
    }
    const intervalSeconds = spec.funding_interval_hours * 3600;
    const position: PositionState = {
      id: this.ctx.newId('position'),
      asset_id: spec.id,
      symbol: spec.symbol,
      side,
      status: 'OPEN',
      quantity: toWire(quantity),
      entry_price: toWire(price),
      leverage: toWire(leverage),
      margin: toWire(margin),
      realised_pnl: '0',
      closed_price: null,
      stoploss_order_id: null,
      takeprofit_order_id: null,
      funding_at: Math.floor(this.ctx.now.getTime() / 1000 / intervalSeconds) * intervalSeconds,
      created_at: this.at,
      updated_at: this.at,
    };
    this.state.positions.push(position);
    this.emit({ type: 'position.opened', positionId: position.id });
    return position;
  }

  /** Sets (replacing) the position's stop-loss and/or take-profit orders. */
  attachRiskOrders(
    position: PositionState,
    stopLoss: Decimal | undefined,
    takeProfit: Decimal | undefined,
  ): void {
    const spec = this.spec(position.asset_id);
    const make = (kind: 'STOPLOSS' | 'TAKEPROFIT', price: Decimal) => {
      const currentId = kind === 'STOPLOSS' ? position.stoploss_order_id : position.takeprofit_order_id;
      const current = currentId ? this.order(currentId) : undefined;
      if (current?.status === 'CREATED') this.cancelOrder(current, 'replaced');
      const order = this.newOrder({
        spec,
        type: kind,
        trigger: 'MARKET',
        quantity: dec(position.quantity),
        price,
        leverage: dec(position.leverage),
        reduceOnly: true,
        positionId: position.id,
      });
      if (kind === 'STOPLOSS') position.stoploss_order_id = order.id;
      else position.takeprofit_order_id = order.id;
    };
    if (stopLoss) make('STOPLOSS', stopLoss);
    if (takeProfit) make('TAKEPROFIT', takeProfit);
    position.updated_at = this.at;
  }

  /** Liquidation: the position's whole margin is lost; the venue takes over the position. */
  liquidate(position: PositionState, mark: Decimal): void {
    const loss = dec(position.margin);
    position.realised_pnl = toWire(dec(position.realised_pnl).minus(loss));
    this.ledgerAdd('realised_pnl', loss.neg());
    position.margin = '0';
    position.status = 'LIQUIDATED';
    position.closed_price = toWire(mark);
    position.updated_at = this.at;
    this.cancelDependents(position, 'position liquidated');
    this.emit({
      type: 'position.liquidated',
      positionId: position.id,
      price: toWire(mark),
      loss: toWire(loss),
    });
  }

  /** Funding for `periods` intervals at `mark`, paid from (or into) the position's margin. */
  chargeFunding(position: PositionState, spec: InstrumentSpec, mark: Decimal, periods: number): void {
    const notional = money(dec(position.quantity).times(mark));
    const perPeriod = money(notional.times(spec.funding_fee_perc)).times(direction(position.side));
    const amount = perPeriod.times(periods);
    if (amount.isZero()) return;
    let margin = dec(position.margin).minus(amount);
    if (margin.lt(0)) {
      this.ledgerAdd('insurance', margin.neg());
      margin = ZERO;
    }
    position.margin = toWire(margin);
    position.updated_at = this.at;
    this.ledgerAdd('funding', amount);
    this.archive.fees.push({
      id: this.ctx.newId('fee'),
      asset_id: spec.id,
      symbol: spec.symbol,
      fee_type: 'FUNDING',
      fee_amount: toWire(amount),
      fee_perc: spec.funding_fee_perc,
      transaction_amount: toWire(notional),
      order_type: position.side,
      trigger_type: null,
      order_id: null,
      position_id: position.id,
      created_at: this.at,
    });
    this.emit({ type: 'funding', positionId: position.id, amount: toWire(amount) });
  }

  credit(wallet: 'SPOT' | 'FUTURES', amount: Decimal): void {
    if (wallet === 'SPOT') this.state.spot = toWire(dec(this.state.spot).plus(amount));
    else this.addFutures(amount);
    this.ledgerAdd('deposited', amount);
  }

  /** The opposite side of a position, as the side of an order that closes it. */
  closingSide(position: PositionState): Side {
    return opposite(position.side);
  }
}
