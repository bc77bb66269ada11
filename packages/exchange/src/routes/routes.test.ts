import { manualClock, MockexError, venueProfile } from '@mockex/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from './route.ts';
import { parseWith } from '../http/validation.ts';
import { createExchangeCore, type ExchangeCore } from '../runtime.ts';
import { createMemoryStore } from '../store/memory.ts';
import { compileRoutes } from '../http/paths.ts';
import { FAPI_ROUTES } from './index.ts';
import { BTC, fakeCaller } from '../testing.ts';

let clock: ReturnType<typeof manualClock>;
let core: ExchangeCore;
let caller: Caller;

/** Parses like the gateway does (schema per location; a failure names its field) and runs the route. */
async function call(
  method: string,
  path: string,
  input: { params?: object; query?: object; body?: unknown; as?: Caller } = {},
) {
  const route = FAPI_ROUTES.find((r) => r.method === method && r.path === path);
  if (!route) throw new Error(`no route ${method} ${path}`);
  const data = await route.handle(
    {
      caller: input.as ?? caller,
      params: await parseWith(route.params, input.params ?? {}, 'path'),
      query: await parseWith(route.query, input.query ?? {}, 'query'),
      body: route.body ? await parseWith(route.body, input.body, 'body') : input.body,
      now: clock.now(),
    },
    core.runtime,
  );
  return { status: route.successStatus, data: data as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function refusal(promise: Promise<unknown>): Promise<MockexError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MockexError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Every number in a response must be a string (booleans and nulls are fine). */
function numbersAreStrings(value: unknown, path = 'data'): void {
  if (typeof value === 'number') throw new Error(`${path} is a JSON number`);
  if (Array.isArray(value)) value.forEach((v, i) => numbersAreStrings(v, `${path}[${i}]`));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) numbersAreStrings(v, `${path}.${k}`);
}

beforeEach(async () => {
  clock = manualClock('2026-01-01T00:00:00Z');
  core = createExchangeCore({ store: createMemoryStore(), clock, profile: venueProfile('mudrex'), seed: 42 });
  caller = fakeCaller('usr_routes');
  await core.setMarkPrice('BTCUSDT', '60000');
  await call('POST', '/wallet/futures/transfer', {
    body: { from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES', amount: '5000' },
  });
});

describe('route table', () => {
  it('has every route of the contract, each documented', () => {
    const table = FAPI_ROUTES.map((r) => `${r.method} ${r.path}`);
    for (const row of [
      'GET /wallet/funds',
      'POST /wallet/futures/transfer',
      'GET /futures/funds',
      'GET /futures',
      'GET /futures/:asset',
      'GET /futures/:asset/leverage',
      'POST /futures/:asset/leverage',
      'POST /futures/:asset/order',
      'GET /futures/orders',
      'GET /futures/orders/history',
      'GET /futures/orders/:id',
      'PATCH /futures/orders/:id',
      'DELETE /futures/orders/:id',
      'GET /futures/positions',
      'GET /futures/positions/history',
      'POST /futures/positions/:id/close',
      'POST /futures/positions/:id/close/partial',
      'POST /futures/positions/:id/reverse',
      'POST /futures/positions/:id/add-margin',
      'POST /futures/positions/:id/riskorder',
      'PATCH /futures/positions/:id/riskorder',
      'GET /futures/positions/:id/liq-price',
      'GET /futures/fee/history',
      'GET /futures/ping',
      'GET /price/kline',
      'GET /price/mark-kline',
    ])
      expect(table).toContain(row);
    for (const r of FAPI_ROUTES) {
      expect(r.summary && r.operationId && r.tag && r.response, `${r.method} ${r.path}`).toBeTruthy();
      expect(r.example, `${r.method} ${r.path} example`).toBeDefined();
      expect(
        r.response.safeParse(r.example).success,
        `${r.method} ${r.path} example matches its schema`,
      ).toBe(true);
      // Market data is public; every other read needs READ_ONLY, every change TRADE.
      const needs = r.path.startsWith('/price/')
        ? 'PUBLIC'
        : r.method === 'GET' || r.path === '/wallet/funds'
          ? 'READ_ONLY'
          : 'TRADE';
      expect(r.permission, `${r.method} ${r.path}`).toBe(needs);
    }
    expect(new Set(FAPI_ROUTES.map((r) => r.operationId)).size).toBe(FAPI_ROUTES.length);
    const router = compileRoutes(FAPI_ROUTES);
    const listed = router.match('GET', '/futures/orders');
    expect(listed.kind === 'found' && `${listed.route.method} ${listed.route.path}`).toBe(
      'GET /futures/orders',
    );
    const ping = router.match('GET', '/futures/ping');
    expect(ping.kind === 'found' && ping.route.path).toBe('/futures/ping');
  });
});

describe('wallet', () => {
  it('reports spot and futures funds with numbers as strings; transfer answers 202', async () => {
    const spot = await call('GET', '/wallet/funds');
    expect(spot.data).toMatchObject({ total: '5000', withdrawable: '5000' });
    const futures = await call('GET', '/futures/funds');
    expect(futures.data).toMatchObject({ balance: '5000', locked_amount: '0', first_time_user: true });
    const transfer = await call('POST', '/wallet/futures/transfer', {
      body: { from_wallet_type: 'FUTURES', to_wallet_type: 'SPOT', amount: 100 },
    });
    expect(transfer).toEqual({
      status: 202,
      data: { msg: 'internal_wallet_fund_transfer_request accepted' },
    });
    numbersAreStrings([spot.data, futures.data]);
  });

  it('refuses bad transfers naming the field', async () => {
    const same = await refusal(
      call('POST', '/wallet/futures/transfer', {
        body: { from_wallet_type: 'SPOT', to_wallet_type: 'SPOT', amount: 1 },
      }),
    );
    expect([same.meta.field, same.message]).toEqual([
      'to_wallet_type',
      'From and To wallet types must be different',
    ]);
    const wallet = await refusal(
      call('POST', '/wallet/futures/transfer', {
        body: { from_wallet_type: 'spot', to_wallet_type: 'FUTURES', amount: 1 },
      }),
    );
    expect([wallet.meta.field, wallet.message]).toEqual([
      'from_wallet_type',
      'Invalid request: from_wallet_type: must be one of SPOT, FUTURES',
    ]);
    const amount = await refusal(
      call('POST', '/wallet/futures/transfer', {
        body: { from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES', amount: '1e3' },
      }),
    );
    expect(amount.meta.field).toBe('amount');
    const missing = await refusal(
      call('POST', '/wallet/futures/transfer', {
        body: { from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES' },
      }),
    );
    expect([missing.meta.field, missing.message]).toEqual(['amount', 'Params error']);
    const broke = await refusal(
      call('POST', '/wallet/futures/transfer', {
        body: { from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES', amount: '99999' },
      }),
    );
    expect([broke.code, broke.message]).toEqual(['INSUFFICIENT_BALANCE', 'insufficient balance']);
  });
});

describe('transactions and trade currencies', () => {
  it('lists transfers, fills and funding newest first, filtered by type, in either order', async () => {
    await call('POST', '/wallet/futures/transfer', {
      body: { from_wallet_type: 'FUTURES', to_wallet_type: 'SPOT', amount: '100' },
    });
    clock.advance(1);
    await call('POST', '/wallet/futures/transfer', {
      body: { from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES', amount: '40' },
    });
    clock.advance(1);
    await call('POST', '/futures/:asset/order', {
      params: { asset: BTC },
      body: { leverage: 10, quantity: '0.01', order_type: 'LONG', trigger_type: 'MARKET' },
    });
    const all = (await call('GET', '/futures/transactions', { query: {} })).data;
    expect(all.map((t: { transaction_type: string }) => t.transaction_type)).toEqual([
      'TRADE',
      'DEPOSIT',
      'WITHDRAW',
      'DEPOSIT', // the set-up's transfer
    ]);
    expect(all[1]).toMatchObject({ amount: '40', status: 'Completed', symbol: null, trade_currency: 'USDT' });
    expect(all[0]).toMatchObject({ symbol: 'BTCUSDT', status: 'Completed' });
    for (const t of all) expect(t.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    const deposits = await call('GET', '/futures/transactions', { query: { type: 'DEPOSIT' } });
    expect(deposits.data).toEqual([all[1], all[3]]);
    const oldest = await call('GET', '/futures/transactions', { query: { sort_order: 'asc', limit: '1' } });
    expect(oldest.data).toEqual([all[3]]);
    expect((await call('GET', '/futures/transactions', { query: { offset: '1', limit: '1' } })).data).toEqual(
      [all[1]],
    );
    expect((await call('GET', '/futures/transactions', { query: { trade_currency: 'INR' } })).data).toEqual(
      [],
    );
  });

  it('accepts trade_currency USDT or INR (the sandbox holds no INR) and refuses any other', async () => {
    const bad = await refusal(call('GET', '/futures/funds', { query: { trade_currency: 'EUR' } }));
    expect([bad.code, bad.message, bad.meta.field]).toEqual([
      'INVALID_REQUEST',
      'Invalid trade currency',
      'trade_currency',
    ]);
    expect((await call('GET', '/futures/funds', { query: { trade_currency: 'INR' } })).data).toMatchObject({
      balance: '0',
      trade_currency: 'INR',
    });
    const inrOrder = await refusal(
      call('POST', '/futures/:asset/order', {
        params: { asset: BTC },
        body: { quantity: '0.01', order_type: 'LONG', trigger_type: 'MARKET', trade_currency: 'INR' },
      }),
    );
    expect([inrOrder.code, inrOrder.message]).toEqual(['INSUFFICIENT_BALANCE', 'insufficient balance']);
    const inrTransfer = await refusal(
      call('POST', '/futures/transfers/inr', {
        body: { from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES', amount: '1000' },
      }),
    );
    expect([inrTransfer.code, inrTransfer.message]).toEqual(['INSUFFICIENT_BALANCE', 'insufficient balance']);
    const same = await refusal(
      call('POST', '/futures/transfers/inr', {
        body: { from_wallet_type: 'SPOT', to_wallet_type: 'SPOT', amount: '1000' },
      }),
    );
    expect(same.message).toBe('From and To wallet types must be different');
    // Leverage is kept per asset and currency.
    await call('POST', '/futures/:asset/leverage', {
      params: { asset: BTC },
      body: { leverage: '7', trade_currency: 'INR' },
    });
    const inr = await call('GET', '/futures/:asset/leverage', {
      params: { asset: BTC },
      query: { trade_currency: 'INR' },
    });
    expect(inr.data.leverage).toBe('7');
    expect((await refusal(call('GET', '/futures/:asset/leverage', { params: { asset: BTC } }))).code).toBe(
      'LEVERAGE_NOT_FOUND',
    );
  });
});

describe('instruments and leverage', () => {
  it('lists instruments, sorted and paged, with every number as a string', async () => {
    const all = await call('GET', '/futures', { query: {} });
    expect(all.data.map((i: { symbol: string }) => i.symbol).slice(0, 5)).toEqual([
      'BTCUSDT',
      'ETHUSDT',
      'SOLUSDT',
      'XRPUSDT',
      'DOGEUSDT',
    ]);
    const symbols = (list: Array<{ symbol: string }>) => list.map((i) => i.symbol);
    const ascending = await call('GET', '/futures', { query: { sort: 'price', order: 'asc', limit: 500 } });
    expect(ascending.data.length).toBeGreaterThanOrEqual(50);
    const prices = ascending.data.map((i: { price: string }) => Number(i.price));
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(symbols(ascending.data)[0]).toBe('PEPEUSDT');
    const paged = await call('GET', '/futures', {
      query: { sort: 'price', order: 'asc', offset: '1', limit: '2' },
    });
    expect(symbols(paged.data)).toEqual(symbols(ascending.data).slice(1, 3));
    const descending = await call('GET', '/futures', { query: { sort: 'price' } });
    expect(symbols(descending.data)[0]).toBe('BTCUSDT');
    expect(all.data[0]).toMatchObject({
      id: BTC,
      price: '60000',
      quantity_step: '0.001',
      min_notional_value: '5',
      max_leverage: '100',
    });
    numbersAreStrings(all.data);
    expect((await refusal(call('GET', '/futures', { query: { sort: 'name' } }))).meta.field).toBe('sort');
    expect((await refusal(call('GET', '/futures', { query: { limit: '0' } }))).meta.field).toBe('limit');
  });

  it('finds an asset by id, or by symbol with ?is_symbol (any value)', async () => {
    expect((await call('GET', '/futures/:asset', { params: { asset: BTC } })).data.symbol).toBe('BTCUSDT');
    expect(
      (await call('GET', '/futures/:asset', { params: { asset: 'ethusdt' }, query: { is_symbol: '' } })).data
        .symbol,
    ).toBe('ETHUSDT');
    expect(
      (await call('GET', '/futures/:asset', { params: { asset: 'BTCUSDT' }, query: { is_symbol: 'false' } }))
        .data.id,
    ).toBe(BTC);
    const unknown = await refusal(call('GET', '/futures/:asset', { params: { asset: 'BTCUSDT' } }));
    expect([unknown.code, unknown.status]).toEqual(['ASSET_NOT_FOUND', 404]);
  });

  it('reads and sets leverage per asset, checking range and step', async () => {
    // Never set: the venue answers 404 `leverage not found`.
    const unset = await refusal(call('GET', '/futures/:asset/leverage', { params: { asset: BTC } }));
    expect([unset.code, unset.status, unset.message]).toEqual([
      'LEVERAGE_NOT_FOUND',
      404,
      'leverage not found',
    ]);
    const set = await call('POST', '/futures/:asset/leverage', {
      params: { asset: 'BTCUSDT' },
      query: { is_symbol: '' },
      body: { leverage: '25', margin_type: 'ISOLATED' },
    });
    // Both spellings: the January 2026 docs' and the later docs' (which ccxt reads).
    expect(set.data).toMatchObject({
      Leverage: '25',
      MarginType: 'ISOLATED',
      leverage: '25',
      margin_type: 'ISOLATED',
    });
    expect((await call('GET', '/futures/:asset/leverage', { params: { asset: BTC } })).data.leverage).toBe(
      '25',
    );
    const high = await refusal(
      call('POST', '/futures/:asset/leverage', { params: { asset: BTC }, body: { leverage: 150 } }),
    );
    expect([high.meta.field, high.message]).toEqual(['leverage', 'leverage out of permissible range']);
    expect(
      (
        await refusal(
          call('POST', '/futures/:asset/leverage', {
            params: { asset: BTC },
            body: { leverage: 5, margin_type: 'CROSS' },
          }),
        )
      ).meta.field,
    ).toBe('margin_type');
  });
});

const order = (over: Record<string, unknown> = {}) => ({
  leverage: 10,
  quantity: '0.1',
  order_type: 'LONG',
  trigger_type: 'MARKET',
  is_stoploss: false,
  is_takeprofit: false,
  reduce_only: false,
  ...over,
});

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

describe('facade', () => {
  it('credits sandbox funds and keeps accounts apart', async () => {
    const other = fakeCaller('usr_other');
    expect(await core.credit('usr_other', 'FUTURES', '250')).toMatchObject({
      futures: '250',
      balance: '250',
      spot: '10000',
    });
    expect((await call('GET', '/futures/funds', { as: other })).data.balance).toBe('250');
    expect((await call('GET', '/futures/funds')).data.balance).toBe('5000');
    await expect(core.credit('usr_other', 'SPOT', '-1')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('prices are a pure function of seed and time; setMarkPrice validates', async () => {
    const a = createExchangeCore({ store: createMemoryStore(), clock, seed: 'abc' });
    const b = createExchangeCore({ store: createMemoryStore(), clock, seed: 'abc' });
    const c = createExchangeCore({ store: createMemoryStore(), clock, seed: 'xyz' });
    expect(await a.markPrices()).toEqual(await b.markPrices());
    expect(await a.markPrices()).not.toEqual(await c.markPrices());
    expect(await a.setMarkPrice('ethusdt', 3100.123)).toEqual({ symbol: 'ETHUSDT', price: '3100.12' });
    await expect(a.setMarkPrice('NOPE', 1)).rejects.toMatchObject({ code: 'ASSET_NOT_FOUND' });
    await expect(a.setMarkPrice('BTCUSDT', '-5')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await core.reset();
    expect((await call('GET', '/futures/funds')).data).toMatchObject({ balance: '0', first_time_user: true });
  });
});
