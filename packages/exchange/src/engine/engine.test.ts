import { dec, MockexError, venueProfile } from '@mockex/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import { BTC, testMarket, type TestMarket } from '../testing.ts';
import { ledgerBalance, lockedAmount, newAccount, totalEquity } from './account.ts';
import { execute, settle } from './commands.ts';
import { liquidationPrice } from './rules.ts';
import type { AccountState, Command, PositionState } from './types.ts';

let market: TestMarket;
let state: AccountState;

function run<C extends Command>(command: C) {
  const out = execute(state, command, market.ctx());
  state = market.keep(out);
  return out;
}

function tick() {
  const out = settle(state, market.ctx());
  state = market.keep(out);
  return out;
}

/** Every position, open or archived, in the order they were opened. */
function positions(): PositionState[] {
  return [...market.history.positions, ...state.positions].sort((a, b) => a.id.localeCompare(b.id));
}

function fees() {
  return market.history.fees;
}

function error(fn: () => unknown): MockexError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MockexError) return e;
    throw e;
  }
  throw new Error('expected a MockexError');
}

const d = (v: string) => dec(v);

/** A MARKET LONG of 0.1 BTC at 10× leverage: at 60000, 600 of margin and a 3 USDT taker fee. */
function openLong() {
  return run({
    type: 'placeOrder',
    assetId: BTC,
    side: 'LONG',
    trigger: 'MARKET',
    quantity: d('0.1'),
    leverage: d('10'),
  });
}

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

function expectConserved() {
  expect(totalEquity(state).toFixed()).toBe(ledgerBalance(state).toFixed());
}

beforeEach(() => {
  market = testMarket({ BTCUSDT: '60000', ETHUSDT: '3000' });
  state = newAccount('usr_1', venueProfile('mudrex'), market.now);
  run({ type: 'transfer', from: 'SPOT', to: 'FUTURES', amount: d('5000') });
});

describe('wallets', () => {
  it('starts with the venue profile funds and transfers between wallets', () => {
    expect(state.spot).toBe('5000');
    expect(state.futures).toBe('5000');
    run({ type: 'transfer', from: 'FUTURES', to: 'SPOT', amount: d('1.5') });
    expect([state.spot, state.futures]).toEqual(['5001.5', '4998.5']);
    expectConserved();
  });

  it('refuses a transfer to the same wallet, a non-positive amount and more than the balance, changing nothing', () => {
    const before = structuredClone(state);
    const same = error(() => run({ type: 'transfer', from: 'SPOT', to: 'SPOT', amount: d('1') }));
    expect([same.code, same.meta.field]).toEqual(['INVALID_REQUEST', 'to_wallet_type']);
    expect(
      error(() => run({ type: 'transfer', from: 'SPOT', to: 'FUTURES', amount: d('0') })).meta.field,
    ).toBe('amount');
    expect(
      error(() => run({ type: 'transfer', from: 'SPOT', to: 'FUTURES', amount: d('5000.01') })).code,
    ).toBe('INSUFFICIENT_BALANCE');
    expect(state).toEqual(before);
  });
});

describe('market orders and positions', () => {
  it('opens a LONG at the mark: margin = notional / leverage, taker fee from the balance', () => {
    const { result } = openLong();
    expect(result.order.status).toBe('FILLED');
    expect(result.order.actual_amount).toBe('600');
    expect(state.futures).toBe('4397'); // 5000 − 600 margin − 3 fee (0.05 % of 6000)
    const [position] = positions();
    expect(position).toMatchObject({
      side: 'LONG',
      quantity: '0.1',
      entry_price: '60000',
      margin: '600',
      status: 'OPEN',
    });
    expect(lockedAmount(state).toFixed()).toBe('600');
    expect(liquidationPrice(market.instruments.byId(BTC)!, position!).toFixed()).toBe('54271.4');
    expect(fees()).toHaveLength(1);
    expect(fees()[0]).toMatchObject({
      fee_type: 'TRANSACTION',
      fee_amount: '3',
      fee_perc: '0.05',
      transaction_amount: '6000',
    });
    expectConserved();
  });

  it('averages the entry price when adding to a position, and flips with an opposite order', () => {
    openLong();
    market.marks.BTCUSDT = '62000';
    openLong();
    const long = positions()[0]!;
    expect([long.quantity, long.entry_price, long.margin]).toEqual(['0.2', '61000', '1220']);
    run({
      type: 'placeOrder',
      assetId: BTC,
      side: 'SHORT',
      trigger: 'MARKET',
      quantity: d('0.3'),
      leverage: d('10'),
    });
    expect(positions()[0]!.status).toBe('CLOSED');
    expect(positions()[0]!.realised_pnl).toBe('200'); // (62000 − 61000) × 0.2
    const short = positions()[1]!;
    expect(short).toMatchObject({ side: 'SHORT', quantity: '0.1', entry_price: '62000', status: 'OPEN' });
    expectConserved();
  });

  it('closes at the mark, realising PnL; the closed position is no longer live', () => {
    openLong();
    const id = positions()[0]!.id;
    market.marks.BTCUSDT = '61000';
    run({ type: 'closePosition', positionId: id });
    expect(positions()[0]).toMatchObject({
      status: 'CLOSED',
      realised_pnl: '100',
      closed_price: '61000',
      margin: '0',
    });
    expect(state.futures).toBe('5093.95'); // 4397 + 600 + 100 − 3.05
    expectConserved();
    // Archived, so unknown to the engine; the runtime answers OUT_OF_SYNC / NOT_OPEN from the history (routes.test.ts).
    const again = error(() => run({ type: 'closePosition', positionId: id }));
    expect([again.code, again.status]).toEqual(['POSITION_NOT_FOUND', 404]);
    expect(error(() => run({ type: 'closePosition', positionId: 'pos_unknown' })).code).toBe(
      'POSITION_NOT_FOUND',
    );
  });

  it('partially closes, and refuses a partial close larger than the position as out of sync', () => {
    openLong();
    const id = positions()[0]!.id;
    run({ type: 'partialClose', positionId: id, quantity: d('0.04'), trigger: 'MARKET' });
    expect(positions()[0]).toMatchObject({ quantity: '0.06', margin: '360', status: 'OPEN' });
    expect(
      error(() => run({ type: 'partialClose', positionId: id, quantity: d('0.07'), trigger: 'MARKET' })).code,
    ).toBe('POSITION_OUT_OF_SYNC');
    expect(
      error(() => run({ type: 'partialClose', positionId: id, quantity: d('0.0005'), trigger: 'MARKET' }))
        .meta.field,
    ).toBe('quantity');
    expectConserved();
  });

  it('reverses into a new position; the old one is no longer live', () => {
    openLong();
    const id = positions()[0]!.id;
    const { result } = run({ type: 'reversePosition', positionId: id });
    expect(result.position).toMatchObject({ side: 'SHORT', quantity: '0.1', status: 'OPEN' });
    expect(result.position!.id).not.toBe(id);
    expect(positions().find((p) => p.id === id)!.status).toBe('CLOSED');
    // Archived, so unknown to the engine; the runtime answers OUT_OF_SYNC / NOT_OPEN from the history (routes.test.ts).
    expect(error(() => run({ type: 'reversePosition', positionId: id })).code).toBe('POSITION_NOT_FOUND');
    expectConserved();
  });

  it('adds and removes margin, moving the liquidation price', () => {
    openLong();
    const id = positions()[0]!.id;
    const { result } = run({ type: 'addMargin', positionId: id, margin: d('100') });
    expect(result.position.margin).toBe('700');
    expect(dec(result.liquidationPrice).lt('54271.4')).toBe(true);
    expect(state.futures).toBe('4297');
    run({ type: 'addMargin', positionId: id, margin: d('-50') });
    expect(positions()[0]!.margin).toBe('650');
    expect(error(() => run({ type: 'addMargin', positionId: id, margin: d('-640') })).meta.field).toBe(
      'margin',
    );
    expect(error(() => run({ type: 'addMargin', positionId: id, margin: d('100000') })).code).toBe(
      'INSUFFICIENT_BALANCE',
    );
    expectConserved();
  });
});

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
    // Archived, so unknown to the engine; the runtime answers OUT_OF_SYNC / NOT_OPEN from the history (routes.test.ts).
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

describe('risk orders, liquidation and funding', () => {
  beforeEach(() => {
    openLong();
  });

  it('fires the stop-loss when the mark falls to it, closing the whole position', () => {
    const id = positions()[0]!.id;
    run({
      type: 'setRiskOrders',
      positionId: id,
      stopLoss: d('59000'),
      takeProfit: d('62000'),
      mode: 'create',
    });
    expect(state.orders.filter((o) => o.status === 'CREATED').map((o) => o.order_type)).toEqual([
      'STOPLOSS',
      'TAKEPROFIT',
    ]);
    market.marks.BTCUSDT = '58999';
    const events = tick().events;
    expect(events.some((e) => e.type === 'risk.triggered' && e.kind === 'STOPLOSS')).toBe(true);
    expect(positions()[0]).toMatchObject({
      status: 'CLOSED',
      closed_price: '58999',
      realised_pnl: '-100.1',
    });
    expect(state.orders.filter((o) => o.status === 'CREATED')).toEqual([]); // the take-profit went with it
    expectConserved();
  });

  it('fires the take-profit when the mark rises to it', () => {
    run({
      type: 'setRiskOrders',
      positionId: positions()[0]!.id,
      takeProfit: d('61000'),
      mode: 'create',
    });
    market.marks.BTCUSDT = '61000';
    tick();
    expect(positions()[0]).toMatchObject({ status: 'CLOSED', realised_pnl: '100' });
  });

  it.each([
    ['a stop-loss above the mark', { stopLoss: d('61000') }, 'stoploss_price'],
    ['a stop-loss beyond the liquidation price', { stopLoss: d('54000') }, 'stoploss_price'],
    ['a take-profit below the mark', { takeProfit: d('59000') }, 'takeprofit_price'],
  ])('refuses %s, naming the field', (_what, prices, field) => {
    const id = positions()[0]!.id;
    expect(
      error(() => run({ type: 'setRiskOrders', positionId: id, ...prices, mode: 'create' })).meta.field,
    ).toBe(field);
  });

  it('an edit naming a replaced stop-loss is out of sync', () => {
    const id = positions()[0]!.id;
    run({ type: 'setRiskOrders', positionId: id, stopLoss: d('59000'), mode: 'create' });
    const first = positions()[0]!.stoploss_order_id!;
    run({
      type: 'setRiskOrders',
      positionId: id,
      stopLoss: d('58000'),
      expectStopLossId: first,
      mode: 'edit',
    });
    const e = error(() =>
      run({
        type: 'setRiskOrders',
        positionId: id,
        stopLoss: d('57000'),
        expectStopLossId: first,
        mode: 'edit',
      }),
    );
    expect(e.code).toBe('POSITION_OUT_OF_SYNC');
  });

  it('liquidates when the mark reaches the liquidation price: the margin is lost', () => {
    const id = positions()[0]!.id;
    market.marks.BTCUSDT = '54271.5';
    tick();
    expect(positions()[0]!.status).toBe('OPEN');
    market.marks.BTCUSDT = '54271.4';
    const events = tick().events;
    expect(events.some((e) => e.type === 'position.liquidated')).toBe(true);
    expect(positions()[0]).toMatchObject({ status: 'LIQUIDATED', margin: '0', realised_pnl: '-600' });
    expect(state.futures).toBe('4397');
    expectConserved();
    // Archived, so unknown to the engine; the runtime answers OUT_OF_SYNC / NOT_OPEN from the history (routes.test.ts).
    const e = error(() =>
      run({ type: 'setRiskOrders', positionId: id, stopLoss: d('50000'), mode: 'create' }),
    );
    expect(e.code).toBe('POSITION_NOT_FOUND');
  });

  it('charges funding every 8 hours of sandbox time from the margin (longs pay when the rate is positive)', () => {
    market.advance(8 * 3600 - 1);
    expect(tick().events).toEqual([]);
    market.advance(1);
    tick();
    expect(positions()[0]!.margin).toBe('599.4'); // 600 − 0.1 × 60000 × 0.0001
    expect(fees().at(-1)).toMatchObject({ fee_type: 'FUNDING', fee_amount: '0.6' });
    market.advance(16 * 3600);
    tick();
    expect(positions()[0]!.margin).toBe('598.2');
    expect(tick().events).toEqual([]);
    expectConserved();
  });
});

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
