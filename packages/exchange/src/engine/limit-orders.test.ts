import { beforeEach, describe, expect, it } from 'vitest';
import { BTC } from '../testing.ts';
import { lockedAmount } from './account.ts';
import {
  d,
  error,
  expectConserved,
  fees,
  market,
  openAccount,
  positions,
  run,
  state,
  tick,
} from './test-support.ts';

beforeEach(openAccount);

/** A LIMIT LONG of 0.1 BTC at 59000 and 10× leverage, resting below the 60000 mark. */
function restLimitLong() {
  return run({
    type: 'placeOrder',
    assetId: BTC,
    side: 'LONG',
    trigger: 'LIMIT',
    quantity: d('0.1'),
    price: d('59000'),
    leverage: d('10'),
  });
}

describe('limit orders', () => {
  it('rest with margin and maker fee locked, fill once when the mark crosses, at the limit price', () => {
    const { result } = restLimitLong();
    expect(result.order).toMatchObject({ status: 'CREATED', locked_margin: '590', locked_fee: '1.18' });
    expect(state.futures).toBe('4408.82');
    market.marks.BTCUSDT = '59500';
    expect(tick().events).toEqual([]);
    market.marks.BTCUSDT = '58900';
    const filled = tick().events.filter((e) => e.type === 'order.filled');
    expect(filled).toEqual([
      { type: 'order.filled', orderId: result.order.id, price: '59000', quantity: '0.1', maker: true },
    ]);
    expect(positions()[0]).toMatchObject({ entry_price: '59000', margin: '590' });
    expect(state.futures).toBe('4408.82');
    expect(fees().at(-1)).toMatchObject({ fee_amount: '1.18', fee_perc: '0.02' });
    market.marks.BTCUSDT = '58000';
    expect(tick().events.filter((e) => e.type === 'order.filled')).toEqual([]);
    expectConserved();
  });

  it('fills at once, at the mark, when already crossed', () => {
    const { result } = run({
      type: 'placeOrder',
      assetId: BTC,
      side: 'SHORT',
      trigger: 'LIMIT',
      quantity: d('0.1'),
      price: d('59000'),
    });
    expect(result.order).toMatchObject({ status: 'FILLED', filled_price: '60000' });
  });

  it('can be amended (re-locking) and cancelled (unlocking); finished orders cannot', () => {
    const { result } = restLimitLong();
    const id = result.order.id;
    run({ type: 'amendOrder', orderId: id, price: d('58000'), quantity: d('0.2') });
    expect(state.orders.find((o) => o.id === id)).toMatchObject({
      locked_margin: '1160',
      locked_fee: '2.32',
      quantity: '0.2',
    });
    expect(
      error(() => run({ type: 'amendOrder', orderId: id, price: d('58000.05'), quantity: d('0.2') })).meta
        .field,
    ).toBe('order_price');
    run({ type: 'cancelOrder', orderId: id });
    expect(state.futures).toBe('5000');
    expect(lockedAmount(state).toFixed()).toBe('0');
    // Archived, so unknown to the engine; the runtime answers OUT_OF_SYNC / NOT_OPEN from the history (routes/orders.test.ts).
    expect(error(() => run({ type: 'cancelOrder', orderId: id })).code).toBe('ORDER_NOT_FOUND');
    expect(error(() => run({ type: 'cancelOrder', orderId: 'ord_nope' })).code).toBe('ORDER_NOT_FOUND');
    expectConserved();
  });

  it('refuses more than the free balance', () => {
    const e = error(() =>
      run({
        type: 'placeOrder',
        assetId: BTC,
        side: 'LONG',
        trigger: 'LIMIT',
        quantity: d('1'),
        price: d('59000'),
        leverage: d('1'),
      }),
    );
    expect(e.code).toBe('INSUFFICIENT_BALANCE');
  });
});
