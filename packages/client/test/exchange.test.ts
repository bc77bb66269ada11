import { describe, expect, it } from 'vitest';
import { createExchangeClient, createSandboxClient, ExchangeApiError } from '../src/index.ts';

type Scripted = { status: number; body?: unknown; headers?: Record<string, string> } | 'drop';

/** A fetch that answers from a script and records what it was asked. */
function scriptedFetch(script: Scripted[]) {
  const calls: Array<{
    url: string;
    method: string;
    headers: Record<string, string>;
    body: string | undefined;
  }> = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: init?.body as string | undefined,
    });
    const next = script.shift();
    if (!next) throw new Error('script exhausted');
    if (next === 'drop') throw new TypeError('fetch failed');
    return new Response(next.body === undefined ? '' : JSON.stringify(next.body), {
      status: next.status,
      headers: next.headers,
    });
  }) as typeof fetch;
  return { fetchImpl, calls };
}

const ok = (data: unknown, status = 200): Scripted => ({ status, body: { success: true, data } });
const fail = (
  status: number,
  text: string,
  reason: string,
  headers: Record<string, string> = {},
): Scripted => ({
  status,
  headers,
  body: { success: false, errors: [{ code: status === 400 ? null : status, text, reason }] },
});

describe('exchange client', () => {
  it('sends X-Authentication, JSON bodies and a bare ?is_symbol, and unwraps the envelope', async () => {
    const { fetchImpl, calls } = scriptedFetch([ok({ order_id: 'ord_1', status: 'CREATED' }, 202)]);
    const client = createExchangeClient({
      baseUrl: 'http://127.0.0.1:8080',
      secret: 'mx_s',
      fetch: fetchImpl,
    });
    const placed = await client.placeOrder(
      'BTCUSDT',
      { leverage: 5, quantity: '0.001', order_type: 'LONG', trigger_type: 'MARKET' },
      { isSymbol: true },
    );
    expect(placed.order_id).toBe('ord_1');
    expect(calls[0]).toMatchObject({
      url: 'http://127.0.0.1:8080/fapi/v1/futures/BTCUSDT/order?is_symbol',
      method: 'POST',
    });
    expect(calls[0]!.headers['x-authentication']).toBe('mx_s');
    expect(JSON.parse(calls[0]!.body!)).toMatchObject({ quantity: '0.001', order_type: 'LONG' });
  });

  it('asks for candles with the venue query names, and pings', async () => {
    const candles = { asset_ticks: { 'btc/usdt': [[1767225600, '1', '2', '0.5', '1.5', '10']] } };
    const { fetchImpl, calls } = scriptedFetch([ok(candles), ok(candles), ok({ message: 'pong' })]);
    const client = createExchangeClient({
      baseUrl: 'http://127.0.0.1:8080',
      secret: 'mx_s',
      fetch: fetchImpl,
    });
    const query = { assets: ['BTC/USDT', 'ETH/USDT'], aggregation: '1h' as const, startTime: 1, endTime: 2 };
    expect(await client.getKlines(query)).toEqual(candles);
    await client.getMarkKlines(query);
    expect(await client.ping()).toEqual({ message: 'pong' });
    expect(calls.map((c) => decodeURIComponent(c.url))).toEqual([
      'http://127.0.0.1:8080/fapi/v1/price/kline?assets=BTC/USDT,ETH/USDT&aggregation=1h&start_time=1&end_time=2',
      'http://127.0.0.1:8080/fapi/v1/price/mark-kline?assets=BTC/USDT,ETH/USDT&aggregation=1h&start_time=1&end_time=2',
      'http://127.0.0.1:8080/fapi/v1/futures/ping',
    ]);
  });

  it('surfaces failures as ExchangeApiError with status, reason, text and Retry-After', async () => {
    const { fetchImpl } = scriptedFetch([
      fail(429, 'Too many requests. Try again in 2 seconds.', 'RATE_LIMITED', { 'retry-after': '2' }),
    ]);
    const client = createExchangeClient({ baseUrl: 'http://x/fapi/v1', secret: 's', fetch: fetchImpl });
    const error = await client.getFuturesFunds().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExchangeApiError);
    expect(error).toMatchObject({
      status: 429,
      reason: 'RATE_LIMITED',
      retryAfterSeconds: 2,
      isRateLimited: true,
    });
  });

  it('a dropped connection is status 0, NETWORK_ERROR', async () => {
    const { fetchImpl } = scriptedFetch(['drop']);
    const client = createExchangeClient({ baseUrl: 'http://x', secret: 's', fetch: fetchImpl });
    await expect(client.getSpotFunds()).rejects.toMatchObject({
      status: 0,
      reason: 'NETWORK_ERROR',
      isServerSide: true,
    });
  });

  it('recognises the venue texts even without a reason field', async () => {
    const { fetchImpl } = scriptedFetch([
      {
        status: 400,
        body: { success: false, errors: [{ code: null, text: 'position not in sync with exchange' }] },
      },
    ]);
    const client = createExchangeClient({ baseUrl: 'http://x', secret: 's', fetch: fetchImpl });
    await expect(client.closePosition('pos_1')).rejects.toMatchObject({
      reason: 'POSITION_OUT_OF_SYNC',
      isOutOfSync: true,
    });
  });

  it('polite mode waits out Retry-After on 429, then succeeds', async () => {
    const waits: number[] = [];
    const { fetchImpl, calls } = scriptedFetch([
      fail(429, 'Too many requests. Try again in 1 seconds.', 'RATE_LIMITED', { 'retry-after': '1' }),
      fail(429, 'Too many requests. Try again in 2 seconds.', 'RATE_LIMITED', { 'retry-after': '2' }),
      ok({ balance: '5' }),
    ]);
    const client = createExchangeClient({
      baseUrl: 'http://x',
      secret: 's',
      fetch: fetchImpl,
      polite: true,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(await client.getFuturesFunds()).toEqual({ balance: '5' });
    expect(waits).toEqual([1000, 2000]);
    expect(calls).toHaveLength(3);
  });

  it('polite mode gives up after its retries or on a too-long wait', async () => {
    const limited = () =>
      fail(429, 'Too many requests. Try again in 1 seconds.', 'RATE_LIMITED', { 'retry-after': '1' });
    const { fetchImpl } = scriptedFetch([limited(), limited(), limited()]);
    const client = createExchangeClient({
      baseUrl: 'http://x',
      secret: 's',
      fetch: fetchImpl,
      polite: { maxRateLimitRetries: 2 },
      sleep: async () => {},
    });
    await expect(client.getFuturesFunds()).rejects.toMatchObject({ reason: 'RATE_LIMITED' });
    const long = scriptedFetch([
      fail(429, 'Too many requests. Try again in 60 seconds.', 'RATE_LIMITED', { 'retry-after': '60' }),
    ]);
    const impatient = createExchangeClient({
      baseUrl: 'http://x',
      secret: 's',
      fetch: long.fetchImpl,
      polite: true,
      sleep: async () => {},
    });
    await expect(impatient.getFuturesFunds()).rejects.toMatchObject({ retryAfterSeconds: 60 });
  });

  it('polite mode re-reads positions once on out-of-sync and retries once', async () => {
    const sync = () => fail(400, 'position not in sync with exchange', 'POSITION_OUT_OF_SYNC');
    const { fetchImpl, calls } = scriptedFetch([sync(), ok(null), sync()]);
    const client = createExchangeClient({ baseUrl: 'http://x', secret: 's', fetch: fetchImpl, polite: true });
    await expect(client.closePosition('pos_1')).rejects.toMatchObject({ reason: 'POSITION_OUT_OF_SYNC' });
    expect(calls.map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual([
      'POST /fapi/v1/futures/positions/pos_1/close',
      'GET /fapi/v1/futures/positions',
      'POST /fapi/v1/futures/positions/pos_1/close',
    ]);
  });

  it('does not retry 5xx or maintenance (the request may have taken effect)', async () => {
    const { fetchImpl, calls } = scriptedFetch([
      fail(503, 'The exchange is under maintenance. Try again later.', 'MAINTENANCE', {
        'retry-after': '30',
      }),
    ]);
    const client = createExchangeClient({ baseUrl: 'http://x', secret: 's', fetch: fetchImpl, polite: true });
    await expect(client.cancelOrder('ord_1')).rejects.toMatchObject({
      status: 503,
      reason: 'MAINTENANCE',
      retryAfterSeconds: 30,
    });
    expect(calls).toHaveLength(1);
  });
});

describe('sandbox client', () => {
  it('sends the bearer token and JSON', async () => {
    const { fetchImpl, calls } = scriptedFetch([
      ok({ id: 'flt_1', fault: 'timeout', remaining: 1, createdAt: 'x' }, 201),
    ]);
    const sandbox = createSandboxClient({ baseUrl: 'http://x/', token: 't0ken', fetch: fetchImpl });
    expect((await sandbox.armFault({ fault: 'timeout', times: 1 })).id).toBe('flt_1');
    expect(calls[0]).toMatchObject({ url: 'http://x/sandbox/v1/faults', method: 'POST' });
    expect(calls[0]!.headers.authorization).toBe('Bearer t0ken');
  });
});
