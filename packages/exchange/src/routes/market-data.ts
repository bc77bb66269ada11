/**
 * Public market data (`/price/kline`, `/price/mark-kline`: no key, limited per address) and the
 * connectivity check (`/futures/ping`, which the venue's SDKs call when they are constructed). Candles
 * come from the mark-price walk (`engine/candles.ts`), so they agree with every price the engine used.
 */
import { toWire, venueError } from '@mockex/domain';
import { z } from 'zod';
import { AGGREGATIONS, candleFeed, candleOpens, MAX_CANDLES, type Aggregation } from '../engine/candles.ts';
import type { InstrumentSpec } from '../engine/instruments.ts';
import type { ExchangeRuntime } from '../runtime.ts';
import { defineRoute, type AnyExchangeRoute } from './route.ts';
import { klineSchema, pingSchema } from './schemas.ts';

/** Most assets one request may name (the venue's bound, named in its `KLINE_TOO_MANY_ASSETS` text). */
export const MAX_ASSETS = 25;

const klineQuery = z.object({
  assets: z
    .string()
    .optional()
    .meta({
      description: `Pairs as BASE/QUOTE, comma-separated (at most ${MAX_ASSETS}).`,
      example: 'BTC/USDT,ETH/USDT',
    }),
  aggregation: z
    .string()
    .optional()
    .meta({ description: `Candle length: ${AGGREGATIONS.join(', ')}.`, example: '1m' }),
  start_time: z.string().optional().meta({ description: 'Unix seconds, included.', example: '1767225600' }),
  end_time: z.string().optional().meta({ description: 'Unix seconds, included.', example: '1767229200' }),
});
type KlineQuery = z.infer<typeof klineQuery>;

const PAIR = /^([A-Za-z0-9]+)\/([A-Za-z0-9]+)$/;

/** A positive whole number of seconds, or nothing. */
function seconds(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** The request's assets, aggregation and window, checked in the venue's order with the venue's texts. */
function parseKline(query: KlineQuery, rt: ExchangeRuntime) {
  const names = (query.assets ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  if (names.length === 0) throw venueError('KLINE_ASSETS_REQUIRED');
  if (names.length > MAX_ASSETS) throw venueError('KLINE_TOO_MANY_ASSETS');
  const aggregation = query.aggregation as Aggregation | undefined;
  if (aggregation === undefined || !AGGREGATIONS.includes(aggregation)) throw venueError('KLINE_AGGREGATION');
  const from = seconds(query.start_time);
  const to = seconds(query.end_time);
  if (from === undefined || to === undefined) throw venueError('KLINE_TIME_MISSING');
  if (to <= from) throw venueError('KLINE_TIME_ORDER');
  const assets: Array<{ key: string; spec: InstrumentSpec }> = [];
  for (const name of names) {
    const pair = PAIR.exec(name);
    if (!pair) throw venueError('KLINE_INVALID_ASSETS');
    const spec = rt.instruments.bySymbol(`${pair[1]}${pair[2]}`.toUpperCase());
    if (!spec) throw venueError('KLINE_ASSET_NOT_FOUND', { asset: name });
    assets.push({ key: name.toLowerCase(), spec });
  }
  return { assets, aggregation, from, to };
}

/** Candles for each asset; mark candles carry volume "0" (the contract's six elements for both routes). */
async function candles(query: KlineQuery, now: Date, rt: ExchangeRuntime, withVolume: boolean) {
  const { assets, aggregation, from, to } = parseKline(query, rt);
  const book = await rt.prices(now);
  const nowSecond = Math.floor(now.getTime() / 1000);
  const feed = candleFeed(rt.walk);
  const opens = candleOpens(aggregation, from, Math.min(to, nowSecond));
  const ticks: Record<string, unknown[][]> = {};
  for (const { key, spec } of assets) {
    const override = book.overrides.find((o) => o.symbol === spec.symbol);
    const rows: unknown[][] = [];
    for (const open of opens) {
      const c = feed.candle(spec, aggregation, open, nowSecond, override);
      if (!c) continue;
      rows.push([
        c.open,
        toWire(c.openPrice),
        toWire(c.high),
        toWire(c.low),
        toWire(c.close),
        withVolume ? toWire(c.volume) : '0',
      ]);
    }
    ticks[key] = rows;
  }
  return { asset_ticks: ticks };
}

const klineDescription = (what: string) =>
  `${what} for each asset, oldest first: at most ${MAX_CANDLES} per asset (the most recent ones in the window), ` +
  'each opening within `start_time`..`end_time`. The running candle ends at the current second.';

export const marketDataRoutes: AnyExchangeRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/price/kline',
    permission: 'PUBLIC',
    operationId: 'getKline',
    summary: 'Historical candles',
    description: klineDescription('`[time, open, high, low, close, volume]` candles'),
    tag: 'Market data',
    query: klineQuery,
    response: klineSchema,
    example: {
      asset_ticks: { 'btc/usdt': [[1767225600, '67250.5', '67301.2', '67210.4', '67288.1', '41.527']] },
    },
    successStatus: 200,
    errors: ['ASSET_NOT_FOUND'],
    handle: ({ query, now }, rt) => candles(query, now, rt, true),
  }),
  defineRoute({
    method: 'GET',
    path: '/price/mark-kline',
    permission: 'PUBLIC',
    operationId: 'getMarkKline',
    summary: 'Historical mark-price candles',
    description: klineDescription('`[time, open, high, low, close, "0"]` mark-price candles'),
    tag: 'Market data',
    query: klineQuery,
    response: klineSchema,
    example: { asset_ticks: { 'btc/usdt': [[1767225600, '67250.5', '67301.2', '67210.4', '67288.1', '0']] } },
    successStatus: 200,
    errors: ['ASSET_NOT_FOUND'],
    handle: ({ query, now }, rt) => candles(query, now, rt, false),
  }),
];

/** The connectivity check the venue's SDKs call on construction: 200 for a valid key (its body is ours). */
export const pingRoute = defineRoute({
  method: 'GET',
  path: '/futures/ping',
  permission: 'READ_ONLY',
  operationId: 'ping',
  summary: 'Check connectivity and the key',
  description:
    'Answers 200 while the exchange is up and the key is valid; 401 `Invalid Authentication` otherwise.',
  tag: 'Instruments',
  response: pingSchema,
  example: { message: 'pong' },
  successStatus: 200,
  errors: [],
  handle: async () => ({ message: 'pong' as const }),
});
