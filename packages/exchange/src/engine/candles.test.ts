import { dec, hash32, mulberry32, type Decimal } from '@mockex/domain';
import { describe, expect, it } from 'vitest';
import {
  AGGREGATIONS,
  candleOpen,
  candleOpens,
  createCandleFeed,
  MAX_CANDLES,
  nextOpen,
  type Aggregation,
  type Candle,
} from './candles.ts';
import { createInstrumentBook } from './instruments.ts';
import { createPriceWalk, type PriceOverride } from './prices.ts';

const book = createInstrumentBook();
const btc = book.bySymbol('BTCUSDT')!;
const sol = book.bySymbol('SOLUSDT')!;
const T = 1_767_225_600; // 2026-01-01T00:00:00Z, a Thursday
const NOW = T + 40 * 86_400;

const setup = (seed = 'candles') => {
  const walk = createPriceWalk(seed, book);
  return { walk, feed: createCandleFeed(walk) };
};

/** The candle worked out the slow way: the mark at every second, as the engine reads it. */
function bruteForce(
  walk: ReturnType<typeof createPriceWalk>,
  aggregation: Aggregation,
  open: number,
  now: number,
  override?: PriceOverride,
) {
  const last = Math.min(nextOpen(aggregation, open) - 1, now);
  let high: Decimal | undefined;
  let low: Decimal | undefined;
  for (let t = open; t <= last; t++) {
    const p = walk.priceAt(btc, t, override);
    if (!high || p.gt(high)) high = p;
    if (!low || p.lt(low)) low = p;
  }
  return {
    open: walk.priceAt(btc, open, override).toFixed(),
    high: high!.toFixed(),
    low: low!.toFixed(),
    close: walk.priceAt(btc, last, override).toFixed(),
  };
}

const prices = (c: Candle | null) => ({
  open: c!.openPrice.toFixed(),
  high: c!.high.toFixed(),
  low: c!.low.toFixed(),
  close: c!.close.toFixed(),
});

describe('candle boundaries', () => {
  it('aligns fixed lengths to the epoch, weeks to Monday and months to the 1st (UTC)', () => {
    expect(candleOpen('1m', T + 59)).toBe(T);
    expect(candleOpen('15t', T + 901)).toBe(T + 900);
    expect(candleOpen('4h', T + 5 * 3600)).toBe(T + 4 * 3600);
    expect(new Date(candleOpen('1w', T) * 1000).toISOString()).toBe('2025-12-29T00:00:00.000Z');
    expect(new Date(nextOpen('1w', candleOpen('1w', T)) * 1000).toISOString()).toBe(
      '2026-01-05T00:00:00.000Z',
    );
    expect(new Date(candleOpen('1mth', T + 40 * 86_400) * 1000).toISOString()).toBe(
      '2026-02-01T00:00:00.000Z',
    );
    expect(new Date(nextOpen('1mth', T + 31 * 86_400) * 1000).toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('lists the candles opening inside the window, at most 1440, the most recent', () => {
    expect(candleOpens('1m', T + 1, T + 180)).toEqual([T + 60, T + 120, T + 180]);
    expect(candleOpens('1h', T, T + 3599)).toEqual([T]);
    const many = candleOpens('1m', T, T + 2 * 86_400);
    expect(many).toHaveLength(MAX_CANDLES);
    expect(many.at(-1)).toBe(T + 2 * 86_400);
    for (const aggregation of AGGREGATIONS) {
      const opens = candleOpens(aggregation, T, T + 90 * 86_400);
      expect(opens.length).toBeGreaterThan(0);
      for (const o of opens) expect(candleOpen(aggregation, o)).toBe(o);
    }
  });
});

describe('the walk', () => {
  it('keeps its values: L(t) as the sum of seeded value-noise octaves', () => {
    const walk = createPriceWalk('reference', book);
    const seedHash = hash32('mockex-prices', 'reference');
    const reference = (second: number) => {
      const sigma = btc.daily_volatility / Math.sqrt(86_400);
      let sum = 0;
      for (let k = 0; k < 17; k++) {
        const period = 2 ** (k + 2);
        const index = Math.floor(second / period);
        const frac = (second - index * period) / period;
        const a = mulberry32(hash32(seedHash, 'BTCUSDT', k, index))() * 2 - 1;
        const b = mulberry32(hash32(seedHash, 'BTCUSDT', k, index + 1))() * 2 - 1;
        sum += sigma * Math.sqrt(period) * (a + (b - a) * frac);
      }
      return sum;
    };
    for (const t of [0, 1, 3, 4, 1_000_003, T, T + 12_345, NOW])
      expect(walk.logOffset(btc, t)).toBe(reference(t));
  });

  it('finds the exact extremes of any span (against every second)', () => {
    const walk = createPriceWalk('spans', book);
    for (const [from, to] of [
      [T + 7, T + 8],
      [T + 1, T + 1_001],
      [T + 333, T + 21_600 + 333],
    ] as const) {
      let max = -Infinity;
      let min = Infinity;
      for (let t = from; t <= to; t++) {
        const l = walk.logOffset(btc, t);
        max = Math.max(max, l);
        min = Math.min(min, l);
      }
      const found = walk.extremes(btc, from, to);
      expect(found.max).toBeCloseTo(max, 14);
      expect(found.min).toBeCloseTo(min, 14);
      expect(walk.logOffset(btc, found.maxAt)).toBe(found.max);
      expect(walk.logOffset(btc, found.minAt)).toBe(found.min);
    }
  });
});

describe('candles from the price walk', () => {
  it('are the marks the engine reads: open, close, and the highest and lowest second', () => {
    const { walk, feed } = setup();
    for (const [aggregation, open] of [
      ['1m', T + 600],
      ['5t', T + 3_000],
      ['1h', T + 7_200],
    ] as const) {
      expect(prices(feed.candle(btc, aggregation, open, NOW))).toEqual(
        bruteForce(walk, aggregation, open, NOW),
      );
    }
  });

  it('agree across aggregations: a day is its hours, an hour its minutes (prices and volume)', () => {
    const { feed } = setup();
    const check = (coarse: Aggregation, fine: Aggregation, open: number) => {
      const whole = feed.candle(btc, coarse, open, NOW)!;
      const parts = candleOpens(fine, open, nextOpen(coarse, open) - 1).map((o) =>
        feed.candle(btc, fine, o, NOW)!,
      );
      expect(whole.openPrice.toFixed()).toBe(parts[0]!.openPrice.toFixed());
      expect(whole.close.toFixed()).toBe(parts.at(-1)!.close.toFixed());
      expect(whole.high.toFixed()).toBe(dec(Math.max(...parts.map((p) => p.high.toNumber()))).toFixed());
      expect(whole.low.toFixed()).toBe(dec(Math.min(...parts.map((p) => p.low.toNumber()))).toFixed());
      expect(whole.volume.toFixed()).toBe(parts.reduce((sum, p) => sum.plus(p.volume), dec(0)).toFixed());
      expect(whole.volume.gt(0)).toBe(true);
    };
    check('1h', '1m', T + 3 * 3600);
    check('1d', '1h', T + 2 * 86_400);
    check('1w', '1d', candleOpen('1w', T + 10 * 86_400));
  });

  it('are the same for the same seed on any process, and differ for another seed', () => {
    const a = setup('same').feed.candle(sol, '4h', T + 8 * 3600, NOW);
    const b = setup('same').feed.candle(sol, '4h', T + 8 * 3600, NOW);
    const c = setup('other').feed.candle(sol, '4h', T + 8 * 3600, NOW);
    expect(prices(a)).toEqual(prices(b));
    expect(a!.volume.toFixed()).toBe(b!.volume.toFixed());
    expect(prices(a)).not.toEqual(prices(c));
  });

  it('follow a sandbox-set price from the second it was set, as the marks do', () => {
    const { walk, feed } = setup();
    const override: PriceOverride = { symbol: 'BTCUSDT', price: '50000', at: T + 3_600 + 1_234 };
    // The hour in which the price was set: the walk before it, the walk continued from 50000 after.
    expect(prices(feed.candle(btc, '1h', T + 3_600, NOW, override))).toEqual(
      bruteForce(walk, '1h', T + 3_600, NOW, override),
    );
    const minute = feed.candle(btc, '1m', T + 3_600 + 1_200, NOW, override)!;
    expect(minute.high.gte(50000) && minute.low.lte(50000)).toBe(true);
    // Before it was set, nothing changes.
    expect(prices(feed.candle(btc, '1h', T, NOW, override))).toEqual(prices(feed.candle(btc, '1h', T, NOW)));
  });

  it('end the running candle at the current second and open none in the future', () => {
    const { walk, feed } = setup();
    const now = T + 3_600 + 125;
    const running = feed.candle(btc, '1h', T + 3_600, now)!;
    expect(prices(running)).toEqual(bruteForce(walk, '1h', T + 3_600, now));
    expect(running.close.toFixed()).toBe(walk.priceAt(btc, now).toFixed());
    expect(feed.candle(btc, '1m', now + 60, now)).toBeNull();
  });

  it('give the rolling day of the asset views from the same marks', () => {
    const { walk, feed } = setup();
    const now = T + 5 * 86_400 - 1; // the day is exactly the 1440 minutes before
    const day = feed.lastDay(btc, now);
    const minutes = candleOpens('1m', now - 86_399, now).map((o) => feed.candle(btc, '1m', o, now)!);
    expect(minutes).toHaveLength(1440);
    expect(day.high.toNumber()).toBe(Math.max(...minutes.map((m) => m.high.toNumber())));
    expect(day.low.toNumber()).toBe(Math.min(...minutes.map((m) => m.low.toNumber())));
    expect(day.volume.toFixed()).toBe(minutes.reduce((sum, m) => sum.plus(m.volume), dec(0)).toFixed());
    expect(day.dayAgo.toFixed()).toBe(walk.priceAt(btc, now - 86_400).toFixed());
  });
});
