import { Decimal, dec, MockexError, toWire, venueError, ZERO, type VenueTextName } from '@mockex/domain';
import type { InstrumentSpec } from './instruments.ts';
import {
  enlargement,
  fundingCharge,
  liquidation,
  marginFor,
  reduction,
  restingLock,
} from './position-math.ts';
import {
  fundingFee,
  orderRecord,
  positionRecord,
  riskOrder,
  tradingFee,
  type FeeFields,
  type NewOrder,
  type NewPosition,
} from './records.ts';
import { feeFor, positionNotOpen } from './rules.ts';
import type {
  AccountState,
  Archive,
  CommandName,
  EngineContext,
  EngineEvent,
  OrderState,
  PositionState,
  Side,
} from './types.ts';

/**
 * The account's ledger draft: a working copy of one account during one engine call. Every balance change goes through the
 * methods here, which keep the ledger in step, so conservation holds by construction and the
 * property tests check that construction. Throwing anywhere abandons the copy: no half-applied state.
 * The numbers come from pure functions (position-math.ts) and new records from builders (records.ts);
 * the draft applies them, moves the money, records the history and emits the events.
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

  /** Books a fee (trading or funding) of `spec` to the ledger total `field` and the history, stamped now. */
  private chargeFee(field: 'fees' | 'funding', spec: InstrumentSpec, amount: Decimal, fee: FeeFields): void {
    this.ledgerAdd(field, amount);
    const id = this.ctx.newId('fee');
    this.archive.fees.push({ id, asset_id: spec.id, symbol: spec.symbol, ...fee, created_at: this.at });
  }

  // Orders ------------------------------------------------------------------------------------

  newOrder(fields: NewOrder): OrderState {
    const order = orderRecord(this.ctx.newId('order'), this.at, fields);
    this.state.orders.push(order);
    this.emit({ type: 'order.created', orderId: order.id });
    return order;
  }

  /** Locks margin and the maker fee for a resting order from the free balance. */
  lockForRestingOrder(order: OrderState, spec: InstrumentSpec): void {
    const { margin, fee } = restingLock(order, spec.maker_fee_perc);
    this.takeFutures(margin.plus(fee));
    order.locked_margin = toWire(margin);
    order.locked_fee = toWire(fee);
    order.actual_amount = toWire(margin);
  }

  releaseLocks(order: OrderState): void {
    this.addFutures(this.unlock(order));
  }

  /** Clears what `order` locked while resting and returns it (margin and maker fee). */
  private unlock(order: OrderState): Decimal {
    const locked = dec(order.locked_margin).plus(order.locked_fee);
    order.locked_margin = '0';
    order.locked_fee = '0';
    return locked;
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
    // Change to the free futures balance. Funds this order locked while resting come back first;
    // what the fill needs is taken below.
    let net = this.unlock(order);
    let marginUsed = ZERO;
    let positionId = order.position_id ?? '';

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
      marginUsed = marginFor(rest, price, leverage);
      net = net.minus(marginUsed);
      const position = this.increase({ spec, side, quantity: rest, price, leverage, margin: marginUsed });
      positionId = position.id;
      const sl = order.stoploss_price;
      const tp = order.takeprofit_price;
      if (sl || tp) this.attachRiskOrders(position, sl ? dec(sl) : undefined, tp ? dec(tp) : undefined);
    }

    // A caller's order that opens exposure must be paid for; anything else (and settlement) may absorb.
    const opening = marginUsed.gt(0);
    this.settleFutures(net, opts.mayAbsorb || !opening);
    if (!fee.isZero())
      this.chargeFee('fees', spec, fee, tradingFee(order, fee, feePerc, notional, positionId));

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
    const { closes, released, pnl, fields } = reduction(position, quantity, price);
    Object.assign(position, fields, { updated_at: this.at });
    this.ledgerAdd('realised_pnl', pnl);
    if (closes) {
      this.cancelDependents(position, 'position closed');
      this.emit({
        type: 'position.closed',
        positionId: position.id,
        price: toWire(price),
        pnl: position.realised_pnl,
      });
    } else {
      this.emit({ type: 'position.changed', positionId: position.id });
    }
    return released.plus(pnl);
  }

  /** Opens a position or adds to the open one of the same side (entry price averaged). */
  private increase(fields: NewPosition): PositionState {
    const existing = this.openPosition(fields.spec.id);
    if (existing) {
      const enlarged = enlargement(existing, fields.quantity, fields.price, fields.margin);
      Object.assign(existing, enlarged, { updated_at: this.at });
      this.emit({ type: 'position.changed', positionId: existing.id });
      return existing;
    }
    const position = positionRecord(this.ctx.newId('position'), this.ctx.now, fields);
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
      const order = this.newOrder(riskOrder(spec, position, kind, price));
      if (kind === 'STOPLOSS') position.stoploss_order_id = order.id;
      else position.takeprofit_order_id = order.id;
    };
    if (stopLoss) make('STOPLOSS', stopLoss);
    if (takeProfit) make('TAKEPROFIT', takeProfit);
    position.updated_at = this.at;
  }

  /** Liquidation: the position's whole margin is lost; the venue takes over the position. */
  liquidate(position: PositionState, mark: Decimal): void {
    const { loss, fields } = liquidation(position, mark);
    this.ledgerAdd('realised_pnl', loss.neg());
    Object.assign(position, fields, { updated_at: this.at });
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
    const charge = fundingCharge(position, spec.funding_fee_perc, mark, periods);
    const amount = charge.amount;
    if (amount.isZero()) return;
    if (charge.shortfall.gt(0)) this.ledgerAdd('insurance', charge.shortfall);
    position.margin = toWire(charge.margin);
    position.updated_at = this.at;
    const fee = fundingFee(position, amount, spec.funding_fee_perc, charge.notional);
    this.chargeFee('funding', spec, amount, fee);
    this.emit({ type: 'funding', positionId: position.id, amount: toWire(amount) });
  }

  credit(wallet: 'SPOT' | 'FUTURES', amount: Decimal): void {
    if (wallet === 'SPOT') this.state.spot = toWire(dec(this.state.spot).plus(amount));
    else this.addFutures(amount);
    this.ledgerAdd('deposited', amount);
  }
}
