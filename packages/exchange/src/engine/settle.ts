import { dec } from '@mockex/domain';
import { fundingBoundary } from './position-math.ts';
import { isLiquidatable, opposite } from './rules.ts';
import type { OrderState, PositionState } from './types.ts';
import type { LedgerDraft } from './ledger-draft.ts';

/** Rounds of matching per settlement; a fill can arm a stop that the same mark already crosses. */
const MAX_ROUNDS = 8;

/**
 * Brings an account up to `ctx.now` and the current marks, in a fixed order so every process reaches
 * the same result: funding for every interval boundary passed, then (repeated until nothing changes)
 * liquidations, stop-loss / take-profit triggers, and resting limit orders the mark has crossed.
 * Runs at the start of every command and whenever the sandbox sets a price.
 */
export function settleDraft(w: LedgerDraft): void {
  chargeFunding(w);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const before = w.events.length;
    liquidate(w);
    triggerRiskOrders(w);
    fillCrossedLimits(w);
    if (w.events.length === before) break;
  }
}

function chargeFunding(w: LedgerDraft): void {
  for (const position of w.state.positions) {
    if (position.status !== 'OPEN') continue;
    const spec = w.spec(position.asset_id);
    const boundary = fundingBoundary(w.ctx.now, spec.funding_interval_hours);
    if (boundary <= position.funding_at) continue;
    const periods = (boundary - position.funding_at) / (spec.funding_interval_hours * 3600);
    // The mark at settlement stands in for the marks at each boundary passed since the last touch.
    w.chargeFunding(position, spec, w.mark(spec), periods);
    position.funding_at = boundary;
  }
}

function liquidate(w: LedgerDraft): void {
  for (const position of w.state.positions) {
    if (position.status !== 'OPEN') continue;
    const spec = w.spec(position.asset_id);
    const mark = w.mark(spec);
    if (isLiquidatable(spec, position, mark)) w.liquidate(position, mark);
  }
}

function riskCrossed(order: OrderState, position: PositionState, mark: ReturnType<typeof dec>): boolean {
  const trigger = dec(order.price);
  const long = position.side === 'LONG';
  if (order.order_type === 'STOPLOSS') return long ? mark.lte(trigger) : mark.gte(trigger);
  return long ? mark.gte(trigger) : mark.lte(trigger);
}

function triggerRiskOrders(w: LedgerDraft): void {
  for (const position of w.state.positions) {
    if (position.status !== 'OPEN') continue;
    const spec = w.spec(position.asset_id);
    const mark = w.mark(spec);
    for (const id of [position.stoploss_order_id, position.takeprofit_order_id]) {
      const order = id ? w.order(id) : undefined;
      if (!order || order.status !== 'CREATED' || !riskCrossed(order, position, mark)) continue;
      w.emit({
        type: 'risk.triggered',
        positionId: position.id,
        orderId: order.id,
        kind: order.order_type as 'STOPLOSS' | 'TAKEPROFIT',
      });
      w.fill(order, opposite(position.side), dec(position.quantity), mark, { maker: false, mayAbsorb: true });
      break; // the position is closed now
    }
  }
}

function fillCrossedLimits(w: LedgerDraft): void {
  for (const order of w.state.orders) {
    if (order.status !== 'CREATED' || order.trigger_type !== 'LIMIT') continue;
    if (order.order_type !== 'LONG' && order.order_type !== 'SHORT') continue;
    const spec = w.spec(order.asset_id);
    const mark = w.mark(spec);
    const limit = dec(order.price);
    const crossed = order.order_type === 'LONG' ? mark.lte(limit) : mark.gte(limit);
    if (!crossed) continue;
    let quantity = dec(order.quantity);
    if (order.reduce_only) {
      const position = w.openPosition(order.asset_id);
      if (!position || position.side === order.order_type) {
        w.cancelOrder(order, 'no position left to reduce');
        continue;
      }
      if (quantity.gt(position.quantity)) quantity = dec(position.quantity);
    }
    w.fill(order, order.order_type, quantity, limit, { maker: true, mayAbsorb: true });
  }
}
