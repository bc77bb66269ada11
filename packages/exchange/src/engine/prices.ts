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
}

const SECONDS_PER_DAY = 86_400;
const OCTAVES = Array.from({ length: 17 }, (_, k) => 2 ** (k + 2)); // 4 s … 262 144 s

export function createPriceWalk(seed: string | number, instruments: InstrumentBook) {
  const seedHash = hash32('mockex-prices', String(seed));
  const sigmaCache = new Map<string, number>();

  /** Noise in [-1, 1) for one lattice point of one octave of one symbol. */
  function lattice(symbol: string, octave: number, index: number): number {
    return mulberry32(hash32(seedHash, symbol, octave, index))() * 2 - 1;
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
    const factor = Math.exp(logOffset(spec, second) - logOffset(spec, from));
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

  /** Deterministic 24 h volume for the listing (varies by day, not by request). */
  function volume(spec: InstrumentSpec, now: Date): Decimal {
    const day = Math.floor(now.getTime() / 1000 / SECONDS_PER_DAY);
    const factor = 0.6 + 0.8 * mulberry32(hash32(seedHash, spec.symbol, 'volume', day))();
    return dec(spec.base_volume).times(factor.toFixed(4)).toDecimalPlaces(3);
  }

  return { priceAt, book, volume, logOffset };
}

export type PriceWalk = ReturnType<typeof createPriceWalk>;
