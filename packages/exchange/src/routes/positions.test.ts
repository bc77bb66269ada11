import { beforeEach, describe, expect, it } from 'vitest';
import { BTC } from '../testing.ts';
import { call, clock, core, numbersAreStrings, openSandbox, order, refusal } from './test-support.ts';

beforeEach(openSandbox);

describe('positions', () => {
  async function openLong(over: Record<string, unknown> = {}) {
    await call('POST', '/futures/:asset/order', { params: { asset: BTC }, body: order(over) });
    const positions = await call('GET', '/futures/positions');
    return positions.data[0] as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  it('reads offset on the order, position and fee lists as rows, or (13 digits) an end time in Unix ms', async () => {
    const { id } = await openLong();
    await call('POST', '/futures/positions/:id/close', { params: { id } });
    const created = Date.parse(
      (await call('GET', '/futures/positions/history', { query: {} })).data[0].created_at,
    );
    for (const path of ['/futures/orders/history', '/futures/positions/history', '/futures/fee/history']) {
      const all = (await call('GET', path, { query: {} })).data as unknown[];
      expect(all.length, path).toBeGreaterThan(0);
      // The SDK's form: everything up to now, and nothing before the first record.
      expect((await call('GET', path, { query: { offset: String(clock.now().getTime()) } })).data).toEqual(
        all,
      );
      expect((await call('GET', path, { query: { offset: String(created - 60_000) } })).data).toEqual([]);
      // Rows to skip, as before.
      expect((await call('GET', path, { query: { offset: '1' } })).data).toEqual(all.slice(1));
    }
  });

  it('answers data: null with no open positions, and a list with numbers as strings otherwise', async () => {
    expect((await call('GET', '/futures/positions')).data).toBeNull();
    const position = await openLong({
      is_stoploss: true,
      stoploss_price: '58000',
      is_takeprofit: true,
      takeprofit_price: 65000,
    });
    expect(position).toMatchObject({
      order_type: 'LONG',
      status: 'OPEN',
      entry_price: '60000',
      quantity: '0.1',
      leverage: '10',
      liquidation_price: '54271.4',
      initial_margin: '600',
      pnl: '0',
      stoploss: { price: '58000', order_type: 'SHORT' },
      takeprofit: { price: '65000', order_type: 'SHORT' },
    });
    numbersAreStrings(position);
    const open = await call('GET', '/futures/orders', { query: {} });
    expect(open.data.map((o: { order_type: string }) => o.order_type).sort()).toEqual([
      'STOPLOSS',
      'TAKEPROFIT',
    ]);
  });

  it('closes; a second close is 400 position is not open, a reverse of it out of sync', async () => {
    const { id } = await openLong();
    await core.setMarkPrice('BTCUSDT', '61000');
    expect((await call('POST', '/futures/positions/:id/close', { params: { id } })).data).toEqual({
      position_id: id,
      status: 'CREATED',
      message: 'OK',
    });
    const again = await refusal(call('POST', '/futures/positions/:id/close', { params: { id } }));
    expect([again.status, again.code, again.message]).toEqual([
      400,
      'POSITION_NOT_OPEN',
      'position is not open',
    ]);
    // Reversing it instead: the caller's view is stale, in the venue's words for reverse.
    const reversed = await refusal(call('POST', '/futures/positions/:id/reverse', { params: { id } }));
    expect(reversed.code).toBe('POSITION_OUT_OF_SYNC');
    const history = await call('GET', '/futures/positions/history', { query: {} });
    expect(history.data[0]).toMatchObject({
      id,
      status: 'CLOSED',
      pnl: '100',
      closed_price: '61000',
      position_type: 'LONG',
    });
    expect(
      (await refusal(call('POST', '/futures/positions/:id/close', { params: { id: 'pos_nope' } }))).code,
    ).toBe('POSITION_NOT_FOUND');
  });

  it('partially closes (MARKET and resting LIMIT) and refuses more than the size as out of sync', async () => {
    const { id } = await openLong();
    expect(
      (
        await call('POST', '/futures/positions/:id/close/partial', {
          params: { id },
          body: { order_type: 'MARKET', quantity: '0.03' },
        })
      ).data,
    ).toBe(true);
    await call('POST', '/futures/positions/:id/close/partial', {
      params: { id },
      body: { order_type: 'LIMIT', quantity: 0.02, limit_price: 61000 },
    });
    expect((await call('GET', '/futures/positions')).data[0].quantity).toBe('0.07');
    await core.setMarkPrice('BTCUSDT', '61000');
    expect((await call('GET', '/futures/positions')).data[0].quantity).toBe('0.05');
    const tooMuch = await refusal(
      call('POST', '/futures/positions/:id/close/partial', {
        params: { id },
        body: { order_type: 'MARKET', quantity: '0.06' },
      }),
    );
    expect(tooMuch.code).toBe('POSITION_OUT_OF_SYNC');
    const noPrice = await refusal(
      call('POST', '/futures/positions/:id/close/partial', {
        params: { id },
        body: { order_type: 'LIMIT', quantity: '0.01' },
      }),
    );
    expect(noPrice.meta.field).toBe('limit_price');
  });

  it('reverses (202, new position id); reversing the closed one is out of sync', async () => {
    const { id } = await openLong();
    const reversed = await call('POST', '/futures/positions/:id/reverse', { params: { id } });
    expect(reversed.status).toBe(202);
    expect(reversed.data).toMatchObject({
      status: 'CREATED',
      quantity: '0.1',
      price: '60000',
      leverage: '10',
    });
    expect(reversed.data.position_id).not.toBe(id);
    expect((await call('GET', '/futures/positions')).data[0]).toMatchObject({
      id: reversed.data.position_id,
      order_type: 'SHORT',
    });
    expect((await refusal(call('POST', '/futures/positions/:id/reverse', { params: { id } }))).code).toBe(
      'POSITION_OUT_OF_SYNC',
    );
  });

  it('adds margin, previews the liquidation price with ext_margin, and sets / edits risk orders', async () => {
    const { id } = await openLong();
    const preview = await call('GET', '/futures/positions/:id/liq-price', {
      params: { id },
      query: { ext_margin: '100' },
    });
    const added = await call('POST', '/futures/positions/:id/add-margin', {
      params: { id },
      body: { margin: 100 },
    });
    expect(added.data).toMatchObject({
      message: 'OK',
      initial_margin: '700',
      liquidation_price: preview.data,
    });
    expect((await call('GET', '/futures/positions/:id/liq-price', { params: { id } })).data).toBe(
      preview.data,
    );
    const set = await call('POST', '/futures/positions/:id/riskorder', {
      params: { id },
      body: { is_stoploss: true, stoploss_price: '58000', order_source: 'API' },
    });
    expect(set.data).toEqual({
      position_id: id,
      status: 'CREATED',
      message: 'Risk order placed successfully',
    });
    const slId = (await call('GET', '/futures/positions')).data[0].stoploss.order_id;
    const edit = {
      is_stoploss: true,
      stoploss_price: 57500,
      stoploss_order_id: slId,
      trigger_type: 'MARKET',
    };
    expect(
      (await call('PATCH', '/futures/positions/:id/riskorder', { params: { id }, body: edit })).data.message,
    ).toBe('Risk order updated successfully');
    expect(
      (await refusal(call('PATCH', '/futures/positions/:id/riskorder', { params: { id }, body: edit }))).code,
    ).toBe('POSITION_OUT_OF_SYNC');
    expect(
      (
        await refusal(
          call('POST', '/futures/positions/:id/riskorder', { params: { id }, body: { is_stoploss: false } }),
        )
      ).meta.field,
    ).toBe('is_stoploss');
  });

  it('liquidates when the sandbox sets the mark at the liquidation price; a risk order then: not in OPEN state', async () => {
    const { id, liquidation_price } = await openLong();
    await core.setMarkPrice('BTCUSDT', liquidation_price);
    expect((await call('GET', '/futures/positions')).data).toBeNull();
    expect((await call('GET', '/futures/positions/history', { query: {} })).data[0]).toMatchObject({
      id,
      status: 'LIQUIDATED',
      pnl: '-600',
    });
    const stale = await refusal(
      call('POST', '/futures/positions/:id/riskorder', {
        params: { id },
        body: { is_stoploss: true, stoploss_price: 50000 },
      }),
    );
    expect([stale.code, stale.message]).toEqual(['POSITION_NOT_OPEN', 'Position is not in OPEN state']);
    expect((await refusal(call('GET', '/futures/positions/:id/liq-price', { params: { id } }))).code).toBe(
      'POSITION_OUT_OF_SYNC',
    );
  });

  it('charges funding after the sandbox clock passes a boundary', async () => {
    await openLong();
    clock.advance(8 * 3600);
    await core.setMarkPrice('BTCUSDT', '60000');
    const fees = await call('GET', '/futures/fee/history', { query: {} });
    expect(fees.data[0]).toMatchObject({ fee_type: 'FUNDING', fee_amount: '0.6', fee_perc: '0.0001' });
  });
});
