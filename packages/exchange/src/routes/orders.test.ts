import { beforeEach, describe, expect, it } from 'vitest';
import { BTC } from '../testing.ts';
import { call, core, numbersAreStrings, openSandbox, order, refusal } from './test-support.ts';

beforeEach(openSandbox);

describe('orders', () => {
  it('places a market order: 202, status CREATED, then a position and a fee', async () => {
    const placed = await call('POST', '/futures/:asset/order', {
      params: { asset: BTC },
      body: order({ order_price: 60000, extra_field: 'ignored' }),
    });
    expect(placed.status).toBe(202);
    expect(placed.data).toMatchObject({
      status: 'CREATED',
      leverage: '10',
      amount: '600',
      quantity: '0.1',
      price: '60000',
      message: 'OK',
    });
    numbersAreStrings(placed.data);
    const detail = await call('GET', '/futures/orders/:id', { params: { id: placed.data.order_id } });
    expect(detail.data).toMatchObject({
      status: 'FILLED',
      filled_quantity: '0.1',
      filled_price: '60000',
      order_type: 'LONG',
      trigger_type: 'MARKET',
    });
    const history = await call('GET', '/futures/orders/history', { query: {} });
    expect(history.data.map((o: { id: string }) => o.id)).toEqual([placed.data.order_id]);
    const fees = await call('GET', '/futures/fee/history', { query: { limit: 5 } });
    expect(fees.data[0]).toMatchObject({
      fee_type: 'TRANSACTION',
      fee_amount: '3',
      fee_perc: '0.05',
      transaction_amount: '6000',
    });
    numbersAreStrings([detail.data, history.data, fees.data]);
  });

  it('rests a limit order, lists it, amends it, cancels it', async () => {
    const placed = await call('POST', '/futures/:asset/order', {
      params: { asset: 'BTCUSDT' },
      query: { is_symbol: '' },
      body: order({ trigger_type: 'LIMIT', order_price: '59000', leverage: '10' }),
    });
    const id = placed.data.order_id;
    const open = await call('GET', '/futures/orders', { query: {} });
    expect(open.data).toHaveLength(1);
    expect(open.data[0]).toMatchObject({ id, status: 'CREATED', price: '59000', actual_amount: '590' });
    expect((await call('GET', '/futures/funds')).data).toMatchObject({
      balance: '4408.82',
      locked_amount: '591.18',
    });
    const amended = await call('PATCH', '/futures/orders/:id', {
      params: { id },
      body: { order_price: 58000, quantity: 0.2 },
    });
    expect(amended.data).toEqual({ message: 'Order updated successfully', order_id: id, status: 'CREATED' });
    const cancelled = await call('DELETE', '/futures/orders/:id', { params: { id } });
    expect(cancelled.data).toEqual({
      message: 'Order cancelled successfully',
      order_id: id,
      status: 'CANCELLED',
    });
    expect((await call('GET', '/futures/funds')).data).toMatchObject({ balance: '5000', locked_amount: '0' });
    expect((await refusal(call('DELETE', '/futures/orders/:id', { params: { id } }))).code).toBe(
      'ORDER_NOT_OPEN',
    );
    expect((await refusal(call('GET', '/futures/orders/:id', { params: { id: 'ord_missing' } }))).code).toBe(
      'ORDER_NOT_FOUND',
    );
  });

  it('fills a resting limit order when the sandbox moves the price across it', async () => {
    const placed = await call('POST', '/futures/:asset/order', {
      params: { asset: BTC },
      body: order({ trigger_type: 'LIMIT', order_price: 59000 }),
    });
    await core.setMarkPrice('BTCUSDT', '58950');
    const detail = await call('GET', '/futures/orders/:id', { params: { id: placed.data.order_id } });
    expect(detail.data).toMatchObject({ status: 'FILLED', filled_price: '59000' });
    expect((await call('GET', '/futures/positions')).data[0]).toMatchObject({
      entry_price: '59000',
      quantity: '0.1',
    });
  });

  it('refuses bad orders naming the field', async () => {
    const place = (over: Record<string, unknown>) =>
      refusal(call('POST', '/futures/:asset/order', { params: { asset: BTC }, body: order(over) }));
    expect((await place({ quantity: 'abc' })).meta.field).toBe('quantity');
    expect((await place({ quantity: '0.0001' })).meta.field).toBe('quantity');
    expect((await place({ order_type: 'long' })).meta.field).toBe('order_type');
    expect((await place({ trigger_type: 'STOP' })).meta.field).toBe('trigger_type');
    expect((await place({ trigger_type: 'LIMIT' })).meta.field).toBe('order_price');
    expect((await place({ is_stoploss: true })).meta.field).toBe('stoploss_price');
    expect((await place({ is_stoploss: 'yes', stoploss_price: 1 })).meta.field).toBe('is_stoploss');
    expect((await place({ leverage: 0.5 })).meta.field).toBe('leverage');
    expect((await place({ quantity: 1000 })).code).toBe('INVALID_REQUEST');
    expect((await place({ quantity: 100, leverage: 1 })).code).toBe('INSUFFICIENT_BALANCE');
    expect((await place({ reduce_only: true, order_type: 'SHORT' })).code).toBe('POSITION_OUT_OF_SYNC');
  });
});
