import { dec, MockexError, type Decimal } from '@mockex/domain';

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

const common = {
  min_notional_value: '5',
  min_leverage: '1',
  leverage_step: '0.01',
  trading_fee_perc: '0.05',
  maker_fee_perc: '0.02',
  funding_fee_perc: '0.0001',
  funding_interval_hours: 8,
} as const;

export const INSTRUMENTS: readonly InstrumentSpec[] = [
  {
    ...common,
    id: '01903a7b-bf65-707d-a7dc-d7b84c3c756c',
    name: 'Bitcoin',
    symbol: 'BTCUSDT',
    min_contract: '0.001',
    max_contract: '1190',
    quantity_step: '0.001',
    max_market_contract: '119',
    min_price: '0.1',
    max_price: '1999999.8',
    price_step: '0.1',
    max_leverage: '100',
    maintenance_margin_rate: '0.005',
    initial_price: '67250.5',
    daily_volatility: 0.03,
    base_volume: '61250.4',
  },
  {
    ...common,
    id: '01903bc9-973a-7106-99e2-08287b632806',
    name: 'Ethereum',
    symbol: 'ETHUSDT',
    min_contract: '0.01',
    max_contract: '7240',
    quantity_step: '0.01',
    max_market_contract: '724',
    min_price: '0.01',
    max_price: '199999.98',
    price_step: '0.01',
    max_leverage: '100',
    maintenance_margin_rate: '0.005',
    initial_price: '3480.25',
    daily_volatility: 0.04,
    base_volume: '1398120.5',
  },
  {
    ...common,
    id: '01903c5e-4f21-7b3a-9d1e-6a2f8c4b7e10',
    name: 'Solana',
    symbol: 'SOLUSDT',
    min_contract: '0.1',
    max_contract: '79770',
    quantity_step: '0.1',
    max_market_contract: '7977',
    min_price: '0.01',
    max_price: '19999.98',
    price_step: '0.01',
    max_leverage: '75',
    maintenance_margin_rate: '0.01',
    initial_price: '152.37',
    daily_volatility: 0.05,
    base_volume: '8412330.1',
  },
  {
    ...common,
    id: '01903d12-8a64-7c05-b3f7-1e9d4a6c2b58',
    name: 'XRP',
    symbol: 'XRPUSDT',
    min_contract: '1',
    max_contract: '1570000',
    quantity_step: '1',
    max_market_contract: '157000',
    min_price: '0.0001',
    max_price: '199.9998',
    price_step: '0.0001',
    max_leverage: '75',
    maintenance_margin_rate: '0.01',
    initial_price: '0.5821',
    daily_volatility: 0.05,
    base_volume: '412093811',
  },
  {
    ...common,
    id: '01903de7-2c98-7f41-8e26-5b0a7d3f9c14',
    name: 'Dogecoin',
    symbol: 'DOGEUSDT',
    min_contract: '1',
    max_contract: '10000000',
    quantity_step: '1',
    max_market_contract: '1000000',
    min_price: '0.00001',
    max_price: '19.99998',
    price_step: '0.00001',
    max_leverage: '75',
    maintenance_margin_rate: '0.01',
    initial_price: '0.15342',
    daily_volatility: 0.06,
    base_volume: '2210554030',
  },
  {
    ...common,
    id: '01903e41-7d5b-7a92-a4c8-3f6e1b9d0a27',
    name: 'BNB',
    symbol: 'BNBUSDT',
    min_contract: '0.01',
    max_contract: '5000',
    quantity_step: '0.01',
    max_market_contract: '500',
    min_price: '0.01',
    max_price: '99999.99',
    price_step: '0.01',
    max_leverage: '75',
    maintenance_margin_rate: '0.01',
    initial_price: '584.6',
    daily_volatility: 0.035,
    base_volume: '318220.7',
  },
  {
    ...common,
    id: '01903f08-b1e3-7d6c-9f54-8c2a0e7b4d91',
    name: 'Cardano',
    symbol: 'ADAUSDT',
    min_contract: '1',
    max_contract: '5000000',
    quantity_step: '1',
    max_market_contract: '500000',
    min_price: '0.0001',
    max_price: '199.9998',
    price_step: '0.0001',
    max_leverage: '75',
    maintenance_margin_rate: '0.01',
    initial_price: '0.4517',
    daily_volatility: 0.05,
    base_volume: '180331902',
  },
];

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
