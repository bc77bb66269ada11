/**
 * Client conformance: ccxt's own `mudrex` class (pinned in the catalogue), with nothing changed but
 * `urls.api`, drives the running server through every unified method it implements, and each venue
 * failure must raise the exception class ccxt's table names for the venue's text.
 *
 * ccxt paces itself (its limiter assumes the revised 10/second budget, wallet calls costing 5), so
 * the server runs a profile with that budget: `mudrex@2026-08` where it exists, else `multikey`.
 */
import { randomUUID } from 'node:crypto';
import ccxt, { type Exchange } from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RELAXED_VENUE,
  startExchangeServer,
  type ExchangeServer,
  type KeyedTrader,
} from './exchange-support.ts';

const BTC = 'BTC/USDT:USDT';
const ETH = 'ETH/USDT:USDT';

let ex: ExchangeServer;
let trader: KeyedTrader;
let mudrex: Exchange;

function pointAt(baseUrl: string, secret: string): Exchange {
  const client = new ccxt.mudrex({ secret });
  const api = `${baseUrl}/fapi/v1`;
  client.urls['api'] = { public: api, private: api, market: api };
  return client;
}

beforeAll(async () => {
  ex = await startExchangeServer({ MOCKEX_VENUE: RELAXED_VENUE });
  trader = await ex.trader();
  mudrex = pointAt(ex.server.url, trader.secret);
  await ex.sandbox.setPrice('BTCUSDT', '60000');
  await ex.sandbox.setPrice('ETHUSDT', '3000');
});
afterAll(() => ex?.server.stop());

describe('ccxt mudrex: unified methods against the running server', () => {
  it('fetchMarkets / loadMarkets: every instrument, with steps and limits', async () => {
    const markets = await mudrex.loadMarkets();
    expect(Object.keys(markets).length).toBeGreaterThanOrEqual(50);
    const btc = markets[BTC]!;
    expect(btc).toMatchObject({ id: 'BTCUSDT', base: 'BTC', quote: 'USDT', settle: 'USDT', swap: true });
    expect(btc.precision.amount).toBe(0.001);
    expect(btc.limits.amount?.min).toBeGreaterThan(0);
    expect(btc.limits.cost?.min).toBeGreaterThan(0);
  });

  it('fetchTicker / fetchTickers: last price, 24h open and change', async () => {
    const ticker = await mudrex.fetchTicker(BTC);
    expect(ticker.symbol).toBe(BTC);
    expect(ticker.last).toBe(60000);
    expect(ticker.open).toBeGreaterThan(0);
    expect(typeof ticker.percentage).toBe('number');
    const tickers = await mudrex.fetchTickers([BTC, ETH]);
    expect(Object.keys(tickers).sort()).toEqual([BTC, ETH]);
    expect(tickers[ETH]!.last).toBe(3000);
  });

  it('fetchBalance (spot and futures) and transfer between them', async () => {
    const spot = await mudrex.fetchBalance({ type: 'spot' });
    expect(spot['USDT']).toMatchObject({ total: 10000, free: 10000 });
    const moved = await mudrex.transfer('USDT', 2000, 'spot', 'futures');
    expect(moved).toMatchObject({ fromAccount: 'SPOT', toAccount: 'FUTURES', amount: 2000 });
    const futures = await mudrex.fetchBalance();
    expect(futures['USDT']).toMatchObject({ free: 2000, used: 0, total: 2000 });
  });

  it('setLeverage / fetchLeverage', async () => {
    await mudrex.setLeverage(10, BTC);
    const leverage = await mudrex.fetchLeverage(BTC);
    expect(leverage).toMatchObject({ symbol: BTC, marginMode: 'isolated', longLeverage: 10 });
  });

  it('createOrder (LIMIT), fetchOrder, fetchOpenOrders, editOrder (price alone, then quantity), cancelOrder', async () => {
    const placed = await mudrex.createOrder(BTC, 'limit', 'buy', 0.01, 50000, { leverage: 10 });
    const id = placed.id!;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(placed).toMatchObject({ side: 'buy', type: 'limit', status: 'open', amount: 0.01 });
    const fetched = await mudrex.fetchOrder(id, BTC);
    expect(fetched).toMatchObject({ id: id, symbol: BTC, price: 50000, amount: 0.01, status: 'open' });
    expect((await mudrex.fetchOpenOrders(BTC)).map((o) => o.id)).toContain(id);
    await mudrex.editOrder(id, BTC, 'limit', 'buy', undefined, 51000);
    expect((await mudrex.fetchOrder(id, BTC)).price).toBe(51000);
    await mudrex.editOrder(id, BTC, 'limit', 'buy', 0.02, 51000);
    expect((await mudrex.fetchOrder(id, BTC)).amount).toBe(0.02);
    const cancelled = await mudrex.cancelOrder(id, BTC);
    expect(cancelled).toMatchObject({ id: id, status: 'canceled' });
    expect((await mudrex.fetchOrder(id, BTC)).status).toBe('canceled');
  });

  it('createOrder (MARKET, with the docs-style reference price), fetchPositions, add/reduce margin, partial and full close', async () => {
    // The reference price is far from the mark: a MARKET order fills at the mark all the same.
    const order = await mudrex.createOrder(BTC, 'market', 'buy', 0.02, 12445627, { leverage: 10 });
    expect(order.id).toBeTruthy();
    const [position] = await mudrex.fetchPositions([BTC]);
    expect(position).toMatchObject({ symbol: BTC, side: 'long', contracts: 0.02, entryPrice: 60000 });
    expect(position!.id).toMatch(/^[0-9a-f-]{36}$/);
    const before = position!.initialMargin!;
    await mudrex.addMargin(BTC, 10);
    const [added] = await mudrex.fetchPositions([BTC]);
    expect(added!.initialMargin).toBeCloseTo(before + 10, 6);
    await mudrex.reduceMargin(BTC, 4);
    const [reduced] = await mudrex.fetchPositions([BTC]);
    expect(reduced!.initialMargin).toBeCloseTo(before + 6, 6);
    await mudrex.closePosition(BTC, undefined, { amount: 0.01, order_type: 'MARKET' });
    const [half] = await mudrex.fetchPositions([BTC]);
    expect(half!.contracts).toBe(0.01);
    await mudrex.closePosition(BTC);
    expect(await mudrex.fetchPositions([BTC])).toEqual([]);
  });

  it('createOrder with attached take-profit and stop-loss, then a standalone stop-loss on the position', async () => {
    await mudrex.createOrder(ETH, 'market', 'sell', 0.1, 3000, {
      leverage: 5,
      takeProfit: { triggerPrice: 2500 },
      stopLoss: { triggerPrice: 3300 },
    });
    const [position] = await mudrex.fetchPositions([ETH]);
    expect(position).toMatchObject({ side: 'short', contracts: 0.1 });
    expect(position!.info.stoploss).toMatchObject({ price: '3300' });
    expect(position!.info.takeprofit).toMatchObject({ price: '2500' });
    await mudrex.createOrder(ETH, 'market', 'buy', 0.1, 3000, {
      stopLossPrice: 3200,
      positionId: position!.id,
    });
    const [moved] = await mudrex.fetchPositions([ETH]);
    expect(moved!.info.stoploss).toMatchObject({ price: '3200' });
    await mudrex.closePosition(ETH);
  });

  it('fetchOrders / fetchClosedOrders, fetchPositionsHistory, fetchMyTrades', async () => {
    const closed = await mudrex.fetchClosedOrders(BTC);
    expect(closed.length).toBeGreaterThanOrEqual(2);
    expect(closed.every((o) => o.symbol === BTC)).toBe(true);
    expect(closed.map((o) => o.status)).toContain('closed');
    expect((await mudrex.fetchOrders(BTC)).length).toBe(closed.length);
    const history = await mudrex.fetchPositionsHistory([BTC]);
    expect(history[0]).toMatchObject({ symbol: BTC, side: 'long' });
    expect(typeof history[0]!.realizedPnl).toBe('number');
    const trades = await mudrex.fetchMyTrades(BTC);
    expect(trades.length).toBeGreaterThanOrEqual(3);
    for (const trade of trades) {
      expect(trade.symbol).toBe(BTC);
      expect(trade.fee?.cost).toBeGreaterThan(0);
      expect(trade.cost).toBeGreaterThan(0);
    }
  });

  it('fetchOHLCV: candles from the price walk', async () => {
    const candles = await mudrex.fetchOHLCV(BTC, '1m', undefined, 10);
    expect(candles.length).toBeGreaterThan(0);
    for (const [t, o, h, l, c, v] of candles) {
      expect(t! % 60_000).toBe(0);
      expect(h).toBeGreaterThanOrEqual(Math.max(o!, c!));
      expect(l).toBeLessThanOrEqual(Math.min(o!, c!));
      expect(v).toBeGreaterThanOrEqual(0);
    }
  });

  it('fetchMarkOHLCV: mark candles', async () => {
    const candles = await mudrex.fetchMarkOHLCV(BTC, '1h', undefined, 5);
    expect(candles.length).toBeGreaterThan(0);
    for (const [t, o, h, l, c] of candles) {
      expect(t! % 3_600_000).toBe(0);
      expect(h).toBeGreaterThanOrEqual(Math.max(o!, c!));
      expect(l).toBeLessThanOrEqual(Math.min(o!, c!));
    }
  });
});

describe('ccxt mudrex: each venue failure raises the class of ccxt’s table', () => {
  async function raised(call: () => Promise<unknown>): Promise<Error> {
    try {
      await call();
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected the call to fail');
  }
  /** Exactly this class: not a subclass ccxt would also accept, not a parent. */
  function exactly(error: Error, cls: new (...args: never[]) => Error) {
    expect(error.constructor.name).toBe(cls.name);
  }

  it('order not found → OrderNotFound', async () => {
    const error = await raised(() => mudrex.fetchOrder(randomUUID(), BTC));
    exactly(error, ccxt.OrderNotFound);
    expect(error.message).toBe('mudrex order not found');
  });

  it('insufficient balance → InsufficientFunds (order and transfer)', async () => {
    exactly(
      await raised(() => mudrex.createOrder(BTC, 'market', 'buy', 5, 60000, { leverage: 1 })),
      ccxt.InsufficientFunds,
    );
    exactly(
      await raised(() => mudrex.transfer('USDT', 1_000_000, 'spot', 'futures')),
      ccxt.InsufficientFunds,
    );
  });

  it('quantity not a multiple of the quantity step → BadRequest', async () => {
    // ccxt rounds `amount` to the step itself; the raw field gets past it as a bot's hand-built body would.
    const error = await raised(() =>
      mudrex.createOrder(BTC, 'limit', 'buy', 0.01, 50000, { quantity: '0.0105' }),
    );
    exactly(error, ccxt.BadRequest);
    expect(error.message).toBe('mudrex quantity not a multiple of the quantity step');
  });

  it('leverage out of permissible range → BadRequest', async () => {
    const error = await raised(() => mudrex.setLeverage(5000, BTC));
    exactly(error, ccxt.BadRequest);
    expect(error.message).toBe('mudrex leverage out of permissible range');
  });

  it('order price out of permissible range → BadRequest', async () => {
    const error = await raised(() => mudrex.createOrder(BTC, 'limit', 'buy', 0.01, 5_000_000));
    exactly(error, ccxt.BadRequest);
    expect(error.message).toBe('mudrex order price out of permissible range');
  });

  it('invalid order type / invalid trigger type → BadRequest', async () => {
    const side = await raised(() =>
      mudrex.createOrder(BTC, 'limit', 'buy', 0.01, 50000, { order_type: 'UP' }),
    );
    exactly(side, ccxt.BadRequest);
    expect(side.message).toBe('mudrex invalid order type');
    const trigger = await raised(() =>
      mudrex.createOrder(BTC, 'limit', 'buy', 0.01, 50000, { trigger_type: 'STOP' }),
    );
    exactly(trigger, ccxt.BadRequest);
    expect(trigger.message).toBe('mudrex invalid trigger type');
  });

  it('Invalid trade currency → BadRequest', async () => {
    const error = await raised(() => mudrex.fetchBalance({ trade_currency: 'EUR' }));
    exactly(error, ccxt.BadRequest);
    expect(error.message).toBe('mudrex Invalid trade currency');
  });

  it('From and To wallet types must be different → BadRequest', async () => {
    const error = await raised(() => mudrex.transfer('USDT', 1, 'spot', 'spot'));
    exactly(error, ccxt.BadRequest);
    expect(error.message).toBe('mudrex From and To wallet types must be different');
  });

  it('leverage never set → OrderNotFound (ccxt maps `leverage not found` so)', async () => {
    const error = await raised(() => mudrex.fetchLeverage('SOL/USDT:USDT'));
    exactly(error, ccxt.OrderNotFound);
    expect(error.message).toBe('mudrex leverage not found');
  });

  it('Asset not found → ExchangeError (the docs’ capital A escapes ccxt’s `asset not found`)', async () => {
    const error = await raised(() => mudrex.privateGetFuturesAssetId({ asset_id: 'NOPEUSDT', is_symbol: 1 }));
    exactly(error, ccxt.ExchangeError);
    expect(error.message).toBe('mudrex Asset not found');
  });

  it('Position not found → ExchangeError', async () => {
    const error = await raised(() => mudrex.addMargin(BTC, 5, { position_id: randomUUID() }));
    exactly(error, ccxt.ExchangeError);
    expect(error.message).toBe('mudrex Position not found');
  });

  it('Invalid Authentication → AuthenticationError', async () => {
    const stranger = pointAt(ex.server.url, 'mx_not-a-real-secret');
    exactly(await raised(() => stranger.fetchBalance()), ccxt.AuthenticationError);
  });

  it('over the rate limit → RateLimitExceeded', async () => {
    const fault = await ex.sandbox.armFault({
      fault: 'rate_limit',
      match: { path: '/fapi/v1/futures/funds' },
      times: 1,
    });
    try {
      exactly(await raised(() => mudrex.fetchBalance()), ccxt.RateLimitExceeded);
    } finally {
      await ex.sandbox.disarmFault(fault.id).catch(() => undefined);
    }
  });
});
