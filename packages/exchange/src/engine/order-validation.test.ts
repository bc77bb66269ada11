import { beforeEach, describe, expect, it } from 'vitest';
import { BTC } from '../testing.ts';
import type { Command } from './types.ts';
import { d, error, expectConserved, openAccount, positions, run } from './test-support.ts';

beforeEach(openAccount);

describe('validation against the instrument', () => {
  const place = (over: Partial<Extract<Command, { type: 'placeOrder' }>>) =>
    error(() =>
      run({ type: 'placeOrder', assetId: BTC, side: 'LONG', trigger: 'MARKET', quantity: d('0.1'), ...over }),
    );

  it.each([
    [
      'a quantity off the step',
      { quantity: d('0.0015') },
      'quantity not a multiple of the quantity step',
      'quantity',
    ],
    [
      'a quantity over max_contract',
      { quantity: d('2000') },
      'order quantity out of permissible range',
      'quantity',
    ],
    // 200 is within max_contract but over max_market_contract (119): refused for a MARKET order only.
    [
      'a MARKET quantity over max_market_contract',
      { quantity: d('200') },
      'order quantity out of permissible range',
      'quantity',
    ],
    ['a leverage over the range', { leverage: d('101') }, 'leverage out of permissible range', 'leverage'],
    ['a leverage off the step', { leverage: d('10.001') }, 'leverage out of permissible range', 'leverage'],
    [
      'a LIMIT price off the tick',
      { trigger: 'LIMIT', price: d('59000.05') },
      'order price out of permissible range',
      'order_price',
    ],
    ['a LIMIT order without a price', { trigger: 'LIMIT', price: undefined }, 'Params error', 'order_price'],
    // Worth 1 USDT, under the 5 USDT minimum: the venue's nearest text is the quantity range one.
    [
      'an order worth less than min_notional_value',
      { quantity: d('0.001'), trigger: 'LIMIT', price: d('1000') },
      'order quantity out of permissible range',
      'quantity',
    ],
  ] as const)("refuses %s with the venue's text, naming the field in meta", (_what, over, message, field) => {
    const e = place(over);
    expect([e.code, e.message, e.meta.field]).toEqual(['INVALID_REQUEST', message, field]);
  });

  it("takes a MARKET order's price as the client's reference only, and refuses an unknown asset", () => {
    run({
      type: 'placeOrder',
      assetId: BTC,
      side: 'LONG',
      trigger: 'MARKET',
      quantity: d('0.001'),
      price: d('12445627'),
    });
    expect(positions()[0]).toMatchObject({ entry_price: '60000', quantity: '0.001' });
    expect(place({ assetId: 'nope' }).code).toBe('ASSET_NOT_FOUND');
  });

  it('reduce-only orders need an opposite position at least as large', () => {
    expect(place({ side: 'SHORT', reduceOnly: true }).code).toBe('POSITION_OUT_OF_SYNC');
    run({ type: 'placeOrder', assetId: BTC, side: 'LONG', trigger: 'MARKET', quantity: d('0.1') });
    expect(place({ side: 'SHORT', reduceOnly: true, quantity: d('0.2') }).code).toBe('POSITION_OUT_OF_SYNC');
    run({
      type: 'placeOrder',
      assetId: BTC,
      side: 'SHORT',
      trigger: 'MARKET',
      quantity: d('0.05'),
      reduceOnly: true,
    });
    expect(positions()[0]).toMatchObject({ quantity: '0.05', side: 'LONG' });
    expectConserved();
  });

  it('uses the asset leverage setting when an order gives none', () => {
    run({ type: 'setLeverage', assetId: BTC, leverage: d('25') });
    const { result } = run({
      type: 'placeOrder',
      assetId: BTC,
      side: 'LONG',
      trigger: 'MARKET',
      quantity: d('0.1'),
    });
    expect(result.order.leverage).toBe('25');
    expect(result.order.actual_amount).toBe('240');
  });
});
