import { dec, MockexError, type Decimal } from '@mockex/domain';
import catalogue from './instruments.json' with { type: 'json' };

/**
 * The futures instruments the mock lists: the one source of truth for the engine's checks (steps,
 * ranges, fees, funding), the REST listing and the docs. Field names follow the venue's asset listing
 * (snake_case, decimals as strings); fields the venue does not publish (maker fee, maintenance margin,
 * initial price, volatility) are ours and say so.
 *
 * The BTC and ETH asset ids are the venue's published ones, so a bot with hard-coded ids keeps working;
 * the others are stable ids of our own in the same UUID form.
 */
export interface InstrumentSpec {
  /** Asset id (UUID), used in paths such as `/futures/:asset/order`. */
  id: string;
  name: string;
  symbol: string;
  /** Smallest and largest position size, in the base asset. */
  min_contract: string;
  max_contract: string;
  /** Quantities must be whole multiples of this. */
  quantity_step: string;
  /** Largest quantity of one MARKET order. */
  max_market_contract: string;
  /** Price range and tick for limit, stop-loss and take-profit prices. */
  min_price: string;
  max_price: string;
  price_step: string;
  /** Smallest order value (quantity × price) in USDT. */
  min_notional_value: string;
  min_leverage: string;
  max_leverage: string;
  leverage_step: string;
  /** Taker fee in percent of the notional (market fills, marketable limits, SL/TP, closes). */
  trading_fee_perc: string;
  /** Ours: maker fee in percent, charged when a resting limit order fills. */
  maker_fee_perc: string;
  /** Funding rate per interval as a fraction of the notional (0.0001 = 0.01 %); longs pay shorts when positive. */
  funding_fee_perc: string;
  /** Ours: hours between funding settlements (the venue reports the next funding time instead). */
  funding_interval_hours: number;
  /** Ours: maintenance margin as a fraction of the notional; sets the liquidation price. */
  maintenance_margin_rate: string;
  /** Ours: where the seeded price walk starts. */
  initial_price: string;
  /** Ours: typical daily move of the walk, as a fraction (0.03 = 3 %). */
  daily_volatility: number;
  /** Ours: typical 24 h volume in the base asset, for the listing. */
  base_volume: string;
}

/**
 * The catalogue itself is data: `instruments.json`, one row per instrument, every value a string as
 * on the venue's wire (the two numeric fields of ours are converted here). BTC, ETH and SQD carry the
 * venue's asset ids; the rest are stable ids of ours in the same UUIDv7 form. Where each value comes
 * from is on the docs site's venue notes page.
 */
type CatalogueRow = { [K in keyof InstrumentSpec]: string };

export const INSTRUMENTS: readonly InstrumentSpec[] = (catalogue as CatalogueRow[]).map((row) => ({
  ...row,
  funding_interval_hours: Number(row.funding_interval_hours),
  daily_volatility: Number(row.daily_volatility),
}));

/** Looks instruments up by asset id or by symbol. */
export interface InstrumentBook {
  readonly list: readonly InstrumentSpec[];
  byId(id: string): InstrumentSpec | undefined;
  bySymbol(symbol: string): InstrumentSpec | undefined;
  /** By id, or by symbol when `isSymbol`; throws ASSET_NOT_FOUND. */
  resolve(asset: string, isSymbol?: boolean): InstrumentSpec;
  /** Popularity rank, 1 for the most popular (the listing order). */
  popularity(id: string): number;
}

export function createInstrumentBook(list: readonly InstrumentSpec[] = INSTRUMENTS): InstrumentBook {
  const ids = new Map(list.map((i) => [i.id, i]));
  const symbols = new Map(list.map((i) => [i.symbol, i]));
  const ranks = new Map(list.map((i, n) => [i.id, n + 1]));
  return {
    list,
    byId: (id) => ids.get(id),
    bySymbol: (symbol) => symbols.get(symbol.toUpperCase()),
    resolve(asset, isSymbol = false) {
      const found = isSymbol ? symbols.get(asset.toUpperCase()) : ids.get(asset);
      if (!found) throw new MockexError('ASSET_NOT_FOUND', { asset });
      return found;
    },
    popularity: (id) => ranks.get(id) ?? list.length + 1,
  };
}

/** Rounds a price to the instrument's tick (half-even), never below one tick. */
export function roundToTick(spec: InstrumentSpec, price: Decimal): Decimal {
  const step = dec(spec.price_step);
  const ticks = price.div(step).toDecimalPlaces(0);
  return (ticks.lt(1) ? dec(1) : ticks).times(step);
}
