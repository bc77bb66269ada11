import { dec, hash32, mulberry32, type Decimal } from '@mockex/domain';
import { roundToTick, type InstrumentBook, type InstrumentSpec } from './instruments.ts';

/**
 * Mark prices. Each symbol follows a seeded walk that is a pure function of (seed, symbol, second):
 * every process computes the same price for the same clock time without sharing anything, and a run
 * is reproducible from its seed. The walk is a sum of value-noise octaves (periods of 4 s to ~3 days,
 * amplitude growing with the square root of the period, like a random walk) on the log price, so any
 * second's price costs ~17 hash evaluations instead of replaying the walk from the start, and the
 * price stays in a realistic band around the instrument's initial price instead of drifting away.
 *
 * The sandbox can set a price: the override is stored (one row per symbol, shared by every process
 * on the database) with the second it was set, and from then on the walk continues from it:
 * `price(t) = set_price × exp(L(t) − L(set_second))`.
 */
export interface PriceOverride {
  symbol: string;
  /** Decimal string. */
  price: string;
  /** Unix seconds when it was set. */
  at: number;
}

/** Mark prices at one instant, as every engine call sees them. */
export interface PriceBook {
  readonly at: Date;
  mark(symbol: string): Decimal;
  /** The sandbox-set prices the marks continue from (one per symbol at most). */
  readonly overrides: readonly PriceOverride[];
}

/** Where the walk's log-price offset is highest and lowest over a span of seconds (both ends included). */
export interface WalkExtremes {
  /** The seconds at which the maximum and minimum are reached (the earliest, on ties). */
  maxAt: number;
  minAt: number;
  max: number;
  min: number;
}

const SECONDS_PER_DAY = 86_400;

/**
 * The two halves of `hash32` (`@mockex/domain`): FNV-1a over text, then the avalanche. Written out here
 * on purpose: the walk calls them millions of times, and calling the domain's exported `fnv1a`/`fmix32`
 * instead measured 2.5–3× slower on this loop (candles.test.ts holds the result equal to `hash32`).
 */
function fnv(state: number, text: string): number {
  let h = state;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}
function finish(state: number): number {
  let h = state;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
const OCTAVES = Array.from({ length: 17 }, (_, k) => 2 ** (k + 2)); // 4 s … 262 144 s

export function createPriceWalk(seed: string | number, instruments: InstrumentBook) {
  const seedHash = hash32('mockex-prices', String(seed));
  const sigmaCache = new Map<string, number>();

  /**
   * Noise in [-1, 1) for one lattice point of one octave of one symbol:
   * `mulberry32(hash32(seedHash, symbol, octave, index))` with the hash's FNV state after the constant
   * prefix kept per symbol and octave.
   */
  const prefixes = new Map<string, number[]>();
  function lattice(symbol: string, octave: number, index: number): number {
    let states = prefixes.get(symbol);
    if (!states) {
      states = OCTAVES.map((_, k) => fnv(0x811c9dc5, `${seedHash}\u0001${symbol}\u0001${k}\u0001`));
      prefixes.set(symbol, states);
    }
    let h = states[octave]!;
    const text = String(index);
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return mulberry32(finish(h))() * 2 - 1;
  }

  function sigmaPerSqrtSecond(spec: InstrumentSpec): number {
    let sigma = sigmaCache.get(spec.symbol);
    if (sigma === undefined) {
      sigma = spec.daily_volatility / Math.sqrt(SECONDS_PER_DAY);
      sigmaCache.set(spec.symbol, sigma);
    }
    return sigma;
  }

  /** L(t): the walk's log-price offset at second `t`. */
  function logOffset(spec: InstrumentSpec, second: number): number {
    const sigma = sigmaPerSqrtSecond(spec);
    let sum = 0;
    for (let k = 0; k < OCTAVES.length; k++) {
      const period = OCTAVES[k]!;
      const index = Math.floor(second / period);
      const frac = (second - index * period) / period;
      const a = lattice(spec.symbol, k, index);
      const b = lattice(spec.symbol, k, index + 1);
      sum += sigma * Math.sqrt(period) * (a + (b - a) * frac);
    }
    return sum;
  }

  /**
   * The highest and lowest L(t) over the whole seconds `from`..`to`. Every octave is linear between its
   * lattice points (multiples of its period), so over a cell between two multiples of Q the octaves of
   * period ≥ Q add up to a line, and the finer ones can add at most the sum of their amplitudes. A
   * branch-and-bound search halves Q level by level and keeps only the cells whose bound can still beat
   * the best value found; at Q = 4 s every cell is a line, so the result is exact (the values are
   * `logOffset`'s, to the bit).
   */
  function extremes(spec: InstrumentSpec, from: number, to: number): WalkExtremes {
    const terms = termsOf(spec);
    const top = search(terms, from, to, 1);
    const bottom = search(terms, from, to, -1);
    return { max: top.value, maxAt: top.at, min: -bottom.value, minAt: bottom.at };
  }

  /** Per-octave terms of L(t), memoised for one search (cell ends recur across neighbours and levels). */
  function termsOf(spec: InstrumentSpec) {
    const sigma = sigmaPerSqrtSecond(spec);
    const points = new Map<number, number>();
    const point = (k: number, index: number) => {
      const key = index * 32 + k;
      let value = points.get(key);
      if (value === undefined) points.set(key, (value = lattice(spec.symbol, k, index)));
      return value;
    };
    const seconds = new Map<number, Float64Array>();
    return {
      amplitude: OCTAVES.map((period) => sigma * Math.sqrt(period)),
      at(second: number): Float64Array {
        let terms = seconds.get(second);
        if (!terms) {
          terms = new Float64Array(OCTAVES.length);
          for (let k = 0; k < OCTAVES.length; k++) {
            const period = OCTAVES[k]!;
            const index = Math.floor(second / period);
            const frac = (second - index * period) / period;
            const a = point(k, index);
            const b = point(k, index + 1);
            terms[k] = sigma * Math.sqrt(period) * (a + (b - a) * frac);
          }
          seconds.set(second, terms);
        }
        return terms;
      },
    };
  }

  function search(terms: ReturnType<typeof termsOf>, from: number, to: number, sign: 1 | -1) {
    /** L(t) (summed in `logOffset`'s order) and the part of it from octaves `coarse` and up. */
    const evaluate = (second: number, coarse: number) => {
      const t = terms.at(second);
      let sum = 0;
      let part = 0;
      for (let k = 0; k < t.length; k++) {
        sum += t[k]!;
        if (k >= coarse) part += t[k]!;
      }
      return { value: sign * sum, part: sign * part };
    };
    let best = { value: -Infinity, at: from };
    const consider = (at: number, value: number) => {
      if (value > best.value || (value === best.value && at < best.at)) best = { value, at };
    };
    // Start with cells of about an eighth of the span (at most the longest octave), then halve.
    let q = Math.min(OCTAVES.length + 1, Math.max(2, Math.ceil(Math.log2(Math.max(1, to - from) / 8))));
    let cells: Array<[number, number]> = [];
    for (let m = Math.floor(from / 2 ** q); m * 2 ** q <= to; m++) {
      cells.push([Math.max(from, m * 2 ** q), Math.min(to, (m + 1) * 2 ** q)]);
    }
    for (; cells.length > 0; q--) {
      const cell = 2 ** q;
      const coarse = q - 2; // octave k has period 2^(k+2)
      let fine = 0;
      for (let k = 0; k < Math.min(coarse, OCTAVES.length); k++) fine += terms.amplitude[k]!;
      const scored = cells.map(([u, v]) => {
        const eu = evaluate(u, coarse);
        const ev = evaluate(v, coarse);
        consider(u, eu.value);
        consider(v, ev.value);
        return { u, v, bound: Math.max(eu.part, ev.part) + fine };
      });
      if (cell === 4) break; // lines between multiples of 4: the ends are the extremes
      const next: Array<[number, number]> = [];
      for (const { u, v, bound } of scored) {
        if (bound + 1e-12 <= best.value || v === u) continue;
        const mid = Math.floor(u / cell) * cell + cell / 2;
        if (mid > u && mid < v) next.push([u, mid], [mid, v]);
        else next.push([u, v]);
      }
      cells = next;
    }
    return best;
  }

  /**
   * Trading volume, in thousandths of the base asset (whole numbers, so sums are exact): a seeded
   * amount per hour around the instrument's typical day, shared out over the hour's minutes by seeded
   * weights so that the minutes add up to the hour exactly.
   */
  function hourVolume(spec: InstrumentSpec, hour: number): number {
    const factor = 0.6 + 0.8 * mulberry32(hash32(seedHash, spec.symbol, 'volume', hour))();
    return Math.round((Number(spec.base_volume) * 1000 * factor) / 24);
  }

  function minuteVolumes(spec: InstrumentSpec, hour: number): number[] {
    const total = hourVolume(spec, hour);
    const cumulative = [0];
    for (let i = 0; i < 60; i++) {
      const weight = 0.5 + mulberry32(hash32(seedHash, spec.symbol, 'volume', hour, i))();
      cumulative.push(cumulative[i]! + weight);
    }
    const sum = cumulative[60]!;
    const at = (i: number) => (i === 60 ? total : Math.floor((total * cumulative[i]!) / sum));
    return Array.from({ length: 60 }, (_, i) => at(i + 1) - at(i));
  }

  // L at the anchors prices are measured from (0, or when a price was set): few, asked for constantly.
  const anchors = new Map<string, number>();
  function anchorOffset(spec: InstrumentSpec, second: number): number {
    const key = `${spec.symbol}\u0000${second}`;
    let value = anchors.get(key);
    if (value === undefined) {
      value = logOffset(spec, second);
      if (anchors.size >= 1_000) anchors.clear();
      anchors.set(key, value);
    }
    return value;
  }

  // Recent prices: every request within one second asks for the same ones (Decimals are immutable).
  const recent = new Map<string, Decimal>();

  /** The walk's price at `second`, continuing from `override` when it was set at or before then. */
  function priceAt(spec: InstrumentSpec, second: number, override?: PriceOverride): Decimal {
    const anchored = override && override.at <= second;
    const key = `${spec.symbol}\u0000${second}\u0000${anchored ? `${override.price}@${override.at}` : ''}`;
    const known = recent.get(key);
    if (known) return known;
    const base = anchored ? dec(override.price) : dec(spec.initial_price);
    const from = anchored ? override.at : 0;
    const factor = Math.exp(logOffset(spec, second) - anchorOffset(spec, from));
    const price = roundToTick(spec, base.times(factor));
    if (recent.size >= 1_000) recent.clear();
    recent.set(key, price);
    return price;
  }

  function book(now: Date, overrides: readonly PriceOverride[]): PriceBook {
    const second = Math.floor(now.getTime() / 1000);
    const bySymbol = new Map(overrides.map((o) => [o.symbol, o]));
    const cache = new Map<string, Decimal>();
    return {
      at: now,
      overrides,
      mark(symbol) {
        let price = cache.get(symbol);
        if (!price) {
          const spec = instruments.bySymbol(symbol);
          if (!spec) throw new Error(`no instrument ${symbol}`);
          price = priceAt(spec, second, bySymbol.get(symbol));
          cache.set(symbol, price);
        }
        return price;
      },
    };
  }

  return { priceAt, book, logOffset, extremes, hourVolume, minuteVolumes };
}

export type PriceWalk = ReturnType<typeof createPriceWalk>;
