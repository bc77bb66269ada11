import { dec } from '@mockex/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import { BTC } from '../testing.ts';
import { lockedAmount } from './account.ts';
import { liquidationPrice } from './rules.ts';
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
} from './test-support.ts';

beforeEach(openAccount);

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
    // Archived, so unknown to the engine; the runtime answers OUT_OF_SYNC / NOT_OPEN from the history (routes/positions.test.ts).
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
    // Archived, so unknown to the engine; the runtime answers OUT_OF_SYNC / NOT_OPEN from the history (routes/positions.test.ts).
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
