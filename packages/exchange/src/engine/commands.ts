import { dec, invalidRequest, MockexError, toWire, venueError, type Decimal } from '@mockex/domain';
import { archiveFinished } from './account.ts';
import {
  checkLeverage,
  checkNotional,
  checkPrice,
  checkQuantity,
  defaultLeverage,
  liquidationPrice,
  money,
  opposite,
} from './rules.ts';
import { settleDraft } from './settle.ts';
import type {
  AccountState,
  Command,
  CommandName,
  CommandResults,
  Commands,
  EngineContext,
  EngineOutput,
  PositionState,
  Side,
} from './types.ts';
import { LedgerDraft } from './ledger-draft.ts';

/**
 * The engine's two entry points. Both are pure: the input state is not touched; the output holds the
 * new state, what happened (events) and the command's result. A MockexError leaves nothing changed.
 */
export function settle(state: AccountState, ctx: EngineContext): EngineOutput<null> {
  const w = new LedgerDraft(structuredClone(state), ctx);
  settleDraft(w);
  finish(w);
  return { state: w.state, events: w.events, result: null, archive: w.archive };
}

export function execute<C extends Command>(
  state: AccountState,
  command: C,
  ctx: EngineContext,
): EngineOutput<CommandResults[C['type']]> {
  const w = new LedgerDraft(structuredClone(state), ctx);
  settleDraft(w);
  const handler = handlers[command.type] as unknown as (w: LedgerDraft, c: C) => CommandResults[C['type']];
  const result = handler(w, command);
  settleDraft(w); // what the command did may already be crossed by the current marks
  finish(w);
  return { state: w.state, events: w.events, result, archive: w.archive };
}

function finish(w: LedgerDraft): void {
  if (w.events.length > 0) w.state.updated_at = w.at;
  archiveFinished(w.state, w.archive);
}

type Handlers = { [K in CommandName]: (w: LedgerDraft, c: Commands[K]) => CommandResults[K] };

function positive(value: Decimal, field: string): Decimal {
  if (value.lte(0)) throw invalidRequest(field, 'must be greater than 0');
  return value;
}

function wallets(w: LedgerDraft) {
  return { spot: w.state.spot, futures: w.state.futures };
}

/** Stop-loss below and take-profit above the reference price for a LONG (mirrored for a SHORT). */
function checkRiskPrices(
  w: LedgerDraft,
  assetId: string,
  side: Side,
  reference: Decimal,
  stopLoss: Decimal | undefined,
  takeProfit: Decimal | undefined,
  liquidation?: Decimal,
): void {
  const spec = w.spec(assetId);
  const long = side === 'LONG';
  if (stopLoss) {
    checkPrice(spec, stopLoss, 'stoploss_price');
    // The venue's one text for a stop on the wrong side of the mark or past the liquidation price.
    if (long ? stopLoss.gte(reference) : stopLoss.lte(reference))
      throw venueError('RISK_ORDER_FAILED', { field: 'stoploss_price' });
    if (liquidation && liquidation.gt(0) && (long ? stopLoss.lte(liquidation) : stopLoss.gte(liquidation)))
      throw venueError('RISK_ORDER_FAILED', { field: 'stoploss_price' });
  }
  if (takeProfit) {
    checkPrice(spec, takeProfit, 'takeprofit_price');
    if (long ? takeProfit.lte(reference) : takeProfit.gte(reference))
      throw venueError('RISK_ORDER_FAILED', { field: 'takeprofit_price' });
  }
}

/** A reduce-only or closing order must match the open position the caller believes in. */
function positionToReduce(w: LedgerDraft, assetId: string, side: Side, quantity: Decimal): PositionState {
  const position = w.openPosition(assetId);
  if (!position || position.side === side || quantity.gt(position.quantity))
    throw new MockexError('POSITION_OUT_OF_SYNC');
  return position;
}

const handlers: Handlers = {
  transfer(w, c) {
    if (c.from === c.to) throw venueError('SAME_WALLET', { field: 'to_wallet_type' });
    const amount = positive(c.amount, 'amount');
    const field = c.from === 'SPOT' ? 'spot' : 'futures';
    const free = dec(w.state[field]);
    if (free.lt(amount)) throw new MockexError('INSUFFICIENT_BALANCE', {}, { field: 'amount' });
    w.state[field] = toWire(free.minus(amount));
    const target = c.to === 'SPOT' ? 'spot' : 'futures';
    w.state[target] = toWire(dec(w.state[target]).plus(amount));
    w.emit({ type: 'transfer', from: c.from, to: c.to, amount: toWire(amount) });
    w.archive.transfers?.push({
      id: w.ctx.newId('transfer'),
      transaction_type: c.to === 'FUTURES' ? 'DEPOSIT' : 'WITHDRAW',
      amount: toWire(amount),
      trade_currency: 'USDT',
      created_at: w.at,
    });
    return wallets(w);
  },

  credit(w, c) {
    w.credit(c.wallet, positive(c.amount, 'amount'));
    w.emit({ type: 'credit', wallet: c.wallet, amount: toWire(c.amount) });
    return wallets(w);
  },

  setLeverage(w, c) {
    const spec = w.spec(c.assetId);
    checkLeverage(spec, c.leverage);
    w.state.leverage[c.currency === 'INR' ? `${spec.id}:INR` : spec.id] = toWire(c.leverage);
    w.emit({ type: 'leverage', assetId: spec.id, leverage: toWire(c.leverage) });
    return { assetId: spec.id, leverage: toWire(c.leverage) };
  },

  placeOrder(w, c) {
    const spec = w.spec(c.assetId);
    const market = c.trigger === 'MARKET';
    const reduceOnly = c.reduceOnly ?? false;
    const leverage = c.leverage ?? dec(w.state.leverage[spec.id] ?? defaultLeverage(spec));
    checkLeverage(spec, leverage);
    checkQuantity(spec, c.quantity, 'quantity', market);
    // A MARKET order's price is the client's reference only (bots send dummies): never checked.
    if (!market) {
      if (!c.price) throw venueError('PARAMS_ERROR', { field: 'order_price' });
      checkPrice(spec, c.price, 'order_price');
    }
    const mark = w.mark(spec);
    const limit = market ? undefined : c.price!;
    const reference = limit ?? mark;
    if (!reduceOnly) checkNotional(spec, c.quantity, reference);
    if (reduceOnly && (c.stopLoss || c.takeProfit))
      throw invalidRequest(
        c.stopLoss ? 'is_stoploss' : 'is_takeprofit',
        'cannot be combined with reduce_only',
      );
    checkRiskPrices(w, spec.id, c.side, reference, c.stopLoss, c.takeProfit);
    if (reduceOnly) positionToReduce(w, spec.id, c.side, c.quantity);

    w.state.leverage[spec.id] = toWire(leverage);
    const order = w.newOrder({
      spec,
      type: c.side,
      trigger: c.trigger,
      quantity: c.quantity,
      price: reference,
      leverage,
      reduceOnly,
      stopLoss: c.stopLoss,
      takeProfit: c.takeProfit,
    });
    // A limit the mark has already crossed fills at once, at the mark, as a taker.
    const marketable = !limit || (c.side === 'LONG' ? limit.gte(mark) : limit.lte(mark));
    if (marketable) w.fill(order, c.side, c.quantity, mark, { maker: false, mayAbsorb: false });
    else w.lockForRestingOrder(order, spec);
    return { order };
  },

  amendOrder(w, c) {
    const order = w.openOrder(c.orderId);
    if (order.order_type !== 'LONG' && order.order_type !== 'SHORT')
      throw invalidRequest(
        'order_id',
        'is a stop-loss or take-profit order: change it with PATCH /futures/positions/:id/riskorder',
      );
    const spec = w.spec(order.asset_id);
    // Either may be left out (the official SDK amends the price alone): the order keeps the other.
    const price = c.price ?? dec(order.price);
    const quantity = c.quantity ?? dec(order.quantity);
    if (!c.price && !c.quantity) throw venueError('PARAMS_ERROR', { field: 'order_price' });
    checkPrice(spec, price, 'order_price');
    checkQuantity(spec, quantity, 'quantity', false);
    if (!order.reduce_only) checkNotional(spec, quantity, price);
    if (order.reduce_only) positionToReduce(w, spec.id, order.order_type, quantity);
    w.releaseLocks(order);
    order.price = toWire(price);
    order.quantity = toWire(quantity);
    order.updated_at = w.at;
    w.emit({ type: 'order.amended', orderId: order.id });
    const mark = w.mark(spec);
    const marketable = order.order_type === 'LONG' ? price.gte(mark) : price.lte(mark);
    if (marketable) w.fill(order, order.order_type, quantity, mark, { maker: false, mayAbsorb: false });
    else w.lockForRestingOrder(order, spec);
    return { order };
  },

  cancelOrder(w, c) {
    const order = w.openOrder(c.orderId);
    w.cancelOrder(order, 'cancelled by user');
    return { order };
  },

  closePosition(w, c) {
    const position = w.livePosition(c.positionId, 'closePosition');
    const spec = w.spec(position.asset_id);
    const mark = w.mark(spec);
    const side = opposite(position.side);
    const order = w.newOrder({
      spec,
      type: side,
      trigger: 'MARKET',
      quantity: dec(position.quantity),
      price: mark,
      leverage: dec(position.leverage),
      reduceOnly: true,
      positionId: position.id,
    });
    w.fill(order, side, dec(position.quantity), mark, { maker: false, mayAbsorb: true });
    return { position, order };
  },

  partialClose(w, c) {
    const position = w.livePosition(c.positionId, 'partialClose');
    const spec = w.spec(position.asset_id);
    checkQuantity(spec, c.quantity, 'quantity', false);
    if (c.quantity.gt(position.quantity)) throw new MockexError('POSITION_OUT_OF_SYNC');
    const side = opposite(position.side);
    const mark = w.mark(spec);
    if (c.trigger === 'LIMIT') {
      if (!c.price) throw venueError('PARAMS_ERROR', { field: 'limit_price' });
      checkPrice(spec, c.price, 'limit_price');
    }
    const limit = c.trigger === 'LIMIT' ? c.price! : undefined;
    const order = w.newOrder({
      spec,
      type: side,
      trigger: c.trigger,
      quantity: c.quantity,
      price: limit ?? mark,
      leverage: dec(position.leverage),
      reduceOnly: true,
      positionId: position.id,
    });
    const marketable = !limit || (side === 'LONG' ? limit.gte(mark) : limit.lte(mark));
    if (marketable) w.fill(order, side, c.quantity, mark, { maker: false, mayAbsorb: true });
    return { position, order };
  },

  reversePosition(w, c) {
    const position = w.livePosition(c.positionId, 'reversePosition');
    const spec = w.spec(position.asset_id);
    const mark = w.mark(spec);
    const side = opposite(position.side);
    const size = dec(position.quantity);
    // One order of twice the size: the first half closes the position, the second opens the reverse.
    const order = w.newOrder({
      spec,
      type: side,
      trigger: 'MARKET',
      quantity: size.times(2),
      price: mark,
      leverage: dec(position.leverage),
      reduceOnly: false,
    });
    w.fill(order, side, size.times(2), mark, { maker: false, mayAbsorb: false });
    return { closed: position, order, position: w.openPosition(spec.id) ?? null };
  },

  addMargin(w, c) {
    const position = w.livePosition(c.positionId, 'addMargin');
    const spec = w.spec(position.asset_id);
    if (c.margin.isZero()) throw invalidRequest('margin', 'must not be 0');
    const amount = money(c.margin);
    const after = dec(position.margin).plus(amount);
    if (amount.gt(0)) {
      w.takeFutures(amount, 'INSUFFICIENT_FUNDS');
    } else {
      // Reducing margin may not take the position past the venue's highest leverage, nor to liquidation.
      const floor = money(dec(position.quantity).times(position.entry_price).div(spec.max_leverage));
      if (after.lt(floor))
        throw invalidRequest(
          'margin',
          `would leave ${toWire(after)} USDT, below the minimum ${toWire(floor)} USDT`,
        );
      const probe = { ...position, margin: toWire(after) };
      const liq = liquidationPrice(spec, probe);
      const mark = w.mark(spec);
      if (position.side === 'LONG' ? mark.lte(liq) : mark.gte(liq))
        throw invalidRequest('margin', 'would put the liquidation price past the mark price');
      w.addFutures(amount.neg());
    }
    position.margin = toWire(after);
    position.updated_at = w.at;
    w.emit({ type: 'position.changed', positionId: position.id });
    return { position, liquidationPrice: toWire(liquidationPrice(spec, position)) };
  },

  setRiskOrders(w, c) {
    const position = w.livePosition(c.positionId, 'setRiskOrders');
    if (!c.stopLoss && !c.takeProfit) throw venueError('PARAMS_ERROR', { field: 'is_stoploss' });
    if (c.mode === 'edit') {
      // Editing a risk order that exists needs its id (the venue's `risk order id missing`).
      if (c.stopLoss && position.stoploss_order_id && !c.expectStopLossId)
        throw venueError('RISK_ORDER_ID_MISSING', { field: 'stoploss_order_id' });
      if (c.takeProfit && position.takeprofit_order_id && !c.expectTakeProfitId)
        throw venueError('RISK_ORDER_ID_MISSING', { field: 'takeprofit_order_id' });
      // The caller names the risk orders it saw; if they were replaced or fired, its view is stale.
      if (c.expectStopLossId && c.expectStopLossId !== position.stoploss_order_id)
        throw new MockexError('POSITION_OUT_OF_SYNC');
      if (c.expectTakeProfitId && c.expectTakeProfitId !== position.takeprofit_order_id)
        throw new MockexError('POSITION_OUT_OF_SYNC');
    }
    const spec = w.spec(position.asset_id);
    checkRiskPrices(
      w,
      spec.id,
      position.side,
      w.mark(spec),
      c.stopLoss,
      c.takeProfit,
      liquidationPrice(spec, position),
    );
    w.attachRiskOrders(position, c.stopLoss, c.takeProfit);
    return { position };
  },
};
