/**
 * Candles from the mark-price walk. A candle's open and close are the marks at its first and last
 * second, its high and low the highest and lowest mark of any second inside it: the very prices the
 * engine filled, triggered and liquidated at (sandbox-set prices included), for any past window and
 * the same for a seed on every process. Volume is a seeded amount per minute, so a candle's volume is
 * the sum of its minutes' and every aggregation agrees with the finer ones.
 *
 * Extremes come from a branch-and-bound search over the walk's octaves (`prices.ts`); for the asset
 * views' rolling day, whole hours are cached per symbol (they never change), so it costs two short
 * searches per request once warm.
 */
import { dec, type Decimal } from '@mockex/domain';
import type { InstrumentSpec } from './instruments.ts';
import type { PriceOverride, PriceWalk, WalkExtremes } from './prices.ts';

export const AGGREGATIONS = [
  '1m',
  '3t',
  '5t',
  '10t',
  '15t',
  '30t',
  '1h',
  '4h',
  '6h',
  '12h',
  '1d',
  '1w',
  '1mth',
] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

const MINUTE = 60;
const HOUR = 3_600;
const DAY = 86_400;
const WEEK = 7 * DAY;
/** 1970-01-05, the first Monday of the epoch: weeks open on Monday 00:00 UTC. */
const FIRST_MONDAY = 4 * DAY;

const FIXED: Record<Exclude<Aggregation, '1w' | '1mth'>, number> = {
  '1m': MINUTE,
  '3t': 3 * MINUTE,
  '5t': 5 * MINUTE,
  '10t': 10 * MINUTE,
  '15t': 15 * MINUTE,
  '30t': 30 * MINUTE,
  '1h': HOUR,
  '4h': 4 * HOUR,
  '6h': 6 * HOUR,
  '12h': 12 * HOUR,
  '1d': DAY,
};

/** Most candles one request returns per asset (the venue's bound). */
export const MAX_CANDLES = 1_440;
/** Mockex's own bound on the span one request covers, in seconds (keeps a cold request under a second or so). */
export const MAX_SPAN_SECONDS = 1_440 * DAY;

/** The open time (Unix seconds) of the candle of `aggregation` that contains `second`. */
export function candleOpen(aggregation: Aggregation, second: number): number {
  if (aggregation === '1mth') {
    const d = new Date(second * 1000);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
  }
  if (aggregation === '1w') return Math.floor((second - FIRST_MONDAY) / WEEK) * WEEK + FIRST_MONDAY;
  const length = FIXED[aggregation];
  return Math.floor(second / length) * length;
}

/** The open time of the candle after the one opening at `open`. */
export function nextOpen(aggregation: Aggregation, open: number): number {
  if (aggregation === '1mth') {
    const d = new Date(open * 1000);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000;
  }
  return open + (aggregation === '1w' ? WEEK : FIXED[aggregation]);
}

/**
 * Open times of the candles opening within `from`..`to` (both included), oldest first: the most recent
 * `MAX_CANDLES` of them, within `MAX_SPAN_SECONDS` of `to`.
 */
export function candleOpens(aggregation: Aggregation, from: number, to: number): number[] {
  const floor = Math.max(from, to - MAX_SPAN_SECONDS);
  let open = candleOpen(aggregation, floor);
  if (open < floor) open = nextOpen(aggregation, open);
  const opens: number[] = [];
  for (; open <= to; open = nextOpen(aggregation, open)) opens.push(open);
  return opens.length > MAX_CANDLES ? opens.slice(-MAX_CANDLES) : opens;
}

export interface Candle {
  /** Unix seconds. */
  open: number;
  openPrice: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  /** In the base asset. */
  volume: Decimal;
}

function merge(a: WalkExtremes, b: WalkExtremes): WalkExtremes {
  const top = b.max > a.max ? b : a;
  const bottom = b.min < a.min ? b : a;
  return { max: top.max, maxAt: top.maxAt, min: bottom.min, minAt: bottom.minAt };
}

const HOUR_CACHE_LIMIT = 250_000;

export function createCandleFeed(walk: PriceWalk) {
  const hours = new Map<string, WalkExtremes>();
  const minuteTables = new Map<string, number[]>();

  function hourExtremes(spec: InstrumentSpec, start: number): WalkExtremes {
    const key = `${spec.symbol}\u0000${start}`;
    let found = hours.get(key);
    if (!found) {
      found = walk.extremes(spec, start, start + HOUR - 1);
      if (hours.size >= HOUR_CACHE_LIMIT) hours.clear();
      hours.set(key, found);
    }
    return found;
  }

  function minuteVolumes(spec: InstrumentSpec, hour: number): number[] {
    const key = `${spec.symbol}\u0000${hour}`;
    let table = minuteTables.get(key);
    if (!table) {
      table = walk.minuteVolumes(spec, hour);
      if (minuteTables.size >= 10_000) minuteTables.clear();
      minuteTables.set(key, table);
    }
    return table;
  }

  /**
   * Extremes of the walk over the whole seconds `from`..`to`. With `cached`, whole hours come from the
   * hour cache (the asset views' rolling day moves a second at a time over the same hours).
   */
  function extremes(spec: InstrumentSpec, from: number, to: number, cached = false): WalkExtremes {
    const firstHour = Math.ceil(from / HOUR) * HOUR;
    const endHours = Math.floor((to + 1) / HOUR) * HOUR;
    if (!cached || endHours - firstHour < HOUR) return walk.extremes(spec, from, to);
    let found = from < firstHour ? walk.extremes(spec, from, firstHour - 1) : undefined;
    const add = (part: WalkExtremes) => (found = found ? merge(found, part) : part);
    for (let h = firstHour; h < endHours; h += HOUR) add(hourExtremes(spec, h));
    if (endHours <= to) add(walk.extremes(spec, endHours, to));
    return found!;
  }

  /** Volume (thousandths) of the minutes that start within `from`..`to`. */
  function volume(spec: InstrumentSpec, from: number, to: number): number {
    let total = 0;
    for (let m = Math.ceil(from / MINUTE); m * MINUTE <= to;) {
      const hour = Math.floor(m / 60);
      if (m % 60 === 0 && (m + 60) * MINUTE - 1 <= to) {
        total += walk.hourVolume(spec, hour);
        m += 60;
      } else {
        total += minuteVolumes(spec, hour)[m % 60]!;
        m += 1;
      }
    }
    return total;
  }

  function summarise(spec: InstrumentSpec, from: number, to: number, cached: boolean) {
    return { extremes: extremes(spec, from, to, cached), volume: volume(spec, from, to) };
  }

  /**
   * High, low and volume of the marks over the seconds `from`..`to`, as the engine saw them: the walk
   * before a sandbox-set price, the walk continued from it after.
   */
  function range(spec: InstrumentSpec, from: number, to: number, override?: PriceOverride, cached = false) {
    const parts: Array<{ extremes: WalkExtremes; volume: number }> = [];
    if (override && override.at > from && override.at <= to) {
      parts.push(summarise(spec, from, override.at - 1, cached), summarise(spec, override.at, to, cached));
    } else parts.push(summarise(spec, from, to, cached));
    let high: Decimal | undefined;
    let low: Decimal | undefined;
    let volume = 0;
    for (const part of parts) {
      const top = walk.priceAt(spec, part.extremes.maxAt, override);
      const bottom = walk.priceAt(spec, part.extremes.minAt, override);
      if (!high || top.gt(high)) high = top;
      if (!low || bottom.lt(low)) low = bottom;
      volume += part.volume;
    }
    return { high: high!, low: low!, volume: dec(volume).div(1000) };
  }

  /** The candle opening at `open`, up to `now` (seconds) when it is still running; null when it has not opened. */
  function candle(
    spec: InstrumentSpec,
    aggregation: Aggregation,
    open: number,
    now: number,
    override?: PriceOverride,
  ): Candle | null {
    const last = Math.min(nextOpen(aggregation, open) - 1, now);
    if (last < open) return null;
    const { high, low, volume } = range(spec, open, last, override);
    return {
      open,
      openPrice: walk.priceAt(spec, open, override),
      high,
      low,
      close: walk.priceAt(spec, last, override),
      volume,
    };
  }

  /** The rolling day up to `now` (seconds): what the asset views show as `1d_*` and `last_day_price`. */
  // Listing every asset asks for each one's day; requests within one second ask for the same.
  const days = new Map<string, ReturnType<typeof computeDay>>();
  function computeDay(spec: InstrumentSpec, now: number, override?: PriceOverride) {
    return {
      ...range(spec, now - DAY + 1, now, override, true),
      dayAgo: walk.priceAt(spec, now - DAY, override),
    };
  }
  function lastDay(spec: InstrumentSpec, now: number, override?: PriceOverride) {
    const key = `${spec.symbol}\u0000${now}\u0000${override ? `${override.price}@${override.at}` : ''}`;
    let day = days.get(key);
    if (!day) {
      day = computeDay(spec, now, override);
      if (days.size >= 2_000) days.clear();
      days.set(key, day);
    }
    return day;
  }

  return { candle, range, lastDay };
}

export type CandleFeed = ReturnType<typeof createCandleFeed>;

const feeds = new WeakMap<PriceWalk, CandleFeed>();

/** The feed of a walk, made once (its hour cache lives as long as the walk). */
export function candleFeed(walk: PriceWalk): CandleFeed {
  let feed = feeds.get(walk);
  if (!feed) feeds.set(walk, (feed = createCandleFeed(walk)));
  return feed;
}
