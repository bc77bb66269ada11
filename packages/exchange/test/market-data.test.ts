/**
 * Public market data, the connectivity check and the asset views' rolling day, through the exchange's
 * one handler (what the Express router and the MSW handlers serve).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createInProcessExchange, type InProcessExchange } from '../src/in-process.ts';

const SECRET = 'mx_market_data_000000000000000000';
let exchange: InProcessExchange;

beforeEach(() => {
  exchange = createInProcessExchange({ keys: [{ secret: SECRET }], seed: 'market-data' });
});

type Reply = { status: number; headers: Headers; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(path: string, options: { secret?: string; ip?: string } = {}): Promise<Reply> {
  const headers = new Headers();
  if (options.secret) headers.set('X-Authentication', options.secret);
  const res = await exchange.handler(new Request(`http://mockex.test/fapi/v1${path}`, { headers }), {
    ip: options.ip ?? '198.51.100.7',
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

const nowSeconds = () => Math.floor(exchange.sandbox.now().getTime() / 1000);
const kline = (query: Record<string, string | number>, route = 'kline') =>
  call(`/price/${route}?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`);

describe('GET /price/kline and /price/mark-kline', () => {
  it('answers without a key, keyed by the lowercase pair, oldest first, six elements', async () => {
    // Six finished minutes, so that a second ticking between two requests changes nothing.
    const end = Math.floor(nowSeconds() / 60) * 60 - 1;
    const start = end + 1 - 360;
    const res = await kline({
      assets: 'BTC/USDT,eth/usdt',
      aggregation: '1m',
      start_time: start,
      end_time: end,
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data.asset_ticks).sort()).toEqual(['btc/usdt', 'eth/usdt']);
    const btc = res.body.data.asset_ticks['btc/usdt'];
    expect(btc.map((c: unknown[]) => c[0])).toEqual([0, 1, 2, 3, 4, 5].map((i) => start + i * 60));
    for (const [t, open, high, low, close, volume] of btc) {
      expect(Number.isInteger(t)).toBe(true);
      for (const value of [open, high, low, close, volume]) expect(value).toMatch(/^\d+(\.\d+)?$/);
      expect(Number(high)).toBeGreaterThanOrEqual(Math.max(Number(open), Number(close), Number(low)));
      expect(Number(low)).toBeLessThanOrEqual(Math.min(Number(open), Number(close)));
    }
    const mark = await kline(
      { assets: 'BTC/USDT', aggregation: '1m', start_time: start, end_time: end },
      'mark-kline',
    );
    expect(mark.body.data.asset_ticks['btc/usdt']).toEqual(
      btc.map((c: unknown[]) => [...c.slice(0, 5), '0']),
    );
  });

  it('is deterministic for a seed', async () => {
    // Finished hours only: the same answer from any process, whenever it is asked.
    const end = Math.floor(nowSeconds() / 3600) * 3600 - 1;
    const query = { assets: 'BTC/USDT', aggregation: '1h', start_time: end + 1 - 86_400, end_time: end };
    const first = await kline(query);
    const again = createInProcessExchange({ keys: [{ secret: SECRET }], seed: 'market-data' });
    const res = await again.handler(
      new Request(
        `http://mockex.test/fapi/v1/price/kline?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`,
      ),
      { ip: '203.0.113.1' },
    );
    const second = await res.json();
    expect(second.data.asset_ticks['btc/usdt']).toHaveLength(24);
    expect(second.data).toEqual(first.body.data);
  });

  it('agrees with the marks the engine used', async () => {
    const at = nowSeconds();
    const mark = Number((await call('/futures/BTCUSDT?is_symbol', { secret: SECRET })).body.data.price);
    const res = await kline({
      assets: 'BTC/USDT',
      aggregation: '1d',
      start_time: at - 86_400,
      end_time: at + 5,
    });
    const day = res.body.data.asset_ticks['btc/usdt'].find(
      (c: number[]) => c[0]! <= at && at < c[0]! + 86_400,
    );
    expect(Number(day[3])).toBeLessThanOrEqual(mark);
    expect(Number(day[2])).toBeGreaterThanOrEqual(mark);
  });

  it('follows a sandbox-set price', async () => {
    await exchange.sandbox.setPrice('BTCUSDT', '50000');
    const now = nowSeconds();
    const res = await kline({
      assets: 'BTC/USDT',
      aggregation: '1d',
      start_time: now - 86_400,
      end_time: now,
    });
    const day = res.body.data.asset_ticks['btc/usdt'].at(-1);
    // The second the price was set lies in the last day candle: its range holds the set price.
    expect(Number(day[3])).toBeLessThanOrEqual(50_000);
    expect(Number(day[2])).toBeGreaterThanOrEqual(50_000);
  });

  it.each([
    [{ aggregation: '1m', start_time: 1, end_time: 2 }, 'assets are required'],
    [
      {
        assets: Array.from({ length: 26 }, () => 'BTC/USDT').join(','),
        aggregation: '1m',
        start_time: 1,
        end_time: 2,
      },
      'allowed assets size is 25',
    ],
    [{ assets: 'BTC/USDT', aggregation: '2m', start_time: 1, end_time: 2 }, 'aggregation not supported'],
    [{ assets: 'BTC/USDT', start_time: 1, end_time: 2 }, 'aggregation not supported'],
    [
      { assets: 'BTC/USDT', aggregation: '1m', start_time: 0, end_time: 2 },
      'start and end time should be greater than 0',
    ],
    [{ assets: 'BTC/USDT', aggregation: '1m', end_time: 2 }, 'start and end time should be greater than 0'],
    [
      { assets: 'BTC/USDT', aggregation: '1m', start_time: 5, end_time: 5 },
      'end time should be greater than start time',
    ],
    [{ assets: 'BTCUSDT', aggregation: '1m', start_time: 1, end_time: 2 }, 'invalid assets'],
  ])('refuses %o with 400 and the bare venue text', async (query, text) => {
    const res = await kline(query);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, errors: [{ code: 400, text, reason: 'INVALID_REQUEST' }] });
  });

  it("answers 404 for a pair it does not list, in the venue's lowercase words", async () => {
    const res = await kline({ assets: 'DOGE/EUR', aggregation: '1m', start_time: 1, end_time: 2 });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      success: false,
      errors: [{ code: 404, text: 'asset not found', reason: 'ASSET_NOT_FOUND' }],
    });
  });

  it('bounds a request to 1440 candles per asset, the most recent', async () => {
    const now = nowSeconds();
    const res = await kline({
      assets: 'BTC/USDT',
      aggregation: '1m',
      start_time: now - 3 * 86_400,
      end_time: now,
    });
    const candles = res.body.data.asset_ticks['btc/usdt'];
    expect(candles).toHaveLength(1440);
    expect(candles.at(-1)[0]).toBe(Math.floor(now / 60) * 60);
  });

  it("limits each address to 300 requests a minute, apart from the keys' budgets", async () => {
    const query = `?assets=BTC/USDT&aggregation=1m&start_time=1&end_time=2`;
    const statuses: number[] = [];
    for (let i = 0; i < 301; i++)
      statuses.push((await call(`/price/kline${query}`, { ip: '192.0.2.1' })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(300);
    const refused = await call(`/price/kline${query}`, { ip: '192.0.2.1' });
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0]).toMatchObject({
      text: 'Rate limit exceeded',
      reason: 'MARKET_RATE_LIMITED',
    });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address, and a key on the same address, are not affected.
    expect((await call(`/price/kline${query}`, { ip: '192.0.2.2' })).status).toBe(200);
    expect((await call('/futures/funds', { secret: SECRET, ip: '192.0.2.1' })).status).toBe(200);
  });
});

describe('GET /futures/ping', () => {
  it('answers 200 for a valid key, 401 without one', async () => {
    const ok = await call('/futures/ping', { secret: SECRET });
    expect(ok).toMatchObject({ status: 200, body: { success: true, data: { message: 'pong' } } });
    const refused = await call('/futures/ping');
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].text).toBe('Invalid Authentication');
  });
});

describe('the asset views', () => {
  it('carry the rolling day from the candle feed', async () => {
    const view = (await call('/futures/BTCUSDT?is_symbol', { secret: SECRET })).body.data;
    for (const field of ['1d_high', '1d_low', '1d_volume', 'last_day_price', 'change_perc'])
      expect(typeof view[field]).toBe('string');
    expect(Number(view['1d_high'])).toBeGreaterThanOrEqual(Number(view.price));
    expect(Number(view['1d_low'])).toBeLessThanOrEqual(Number(view.price));
    expect(view['1d_volume']).toBe(view.volume);
    const list = (await call('/futures', { secret: SECRET })).body.data;
    expect(list.find((a: { symbol: string }) => a.symbol === 'BTCUSDT')['1d_high']).toBe(view['1d_high']);
  });
});
