import { beforeEach, describe, expect, it } from 'vitest';
import {
  d,
  error,
  expectConserved,
  fees,
  market,
  openAccount,
  openLong,
  positions,
  run,
  state,
  tick,
} from './test-support.ts';

beforeEach(openAccount);

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
    // Archived, so unknown to the engine; the runtime answers OUT_OF_SYNC / NOT_OPEN from the history (routes/positions.test.ts).
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
