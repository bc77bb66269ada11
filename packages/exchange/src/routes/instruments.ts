import { dec, MockexError } from '@mockex/domain';
import { z } from 'zod';
import { defineRoute, type AnyExchangeRoute } from './route.ts';
import type { ExchangeRuntime } from '../runtime.ts';
import {
  assetParams,
  decimal,
  exact,
  instrumentSchema,
  integer,
  leverageSchema,
  symbolQuery,
  tradeCurrency,
  type TradeCurrency,
} from './schemas.ts';
import { INSTRUMENTS, type InstrumentSpec } from '../engine/instruments.ts';
import { instrumentView } from './views.ts';

const SORTS = ['popularity', 'price', 'volume', 'change_perc'] as const;

/** Where an account's leverage for an asset is kept: per asset, and per asset and INR for INR trading. */
export function leverageKey(assetId: string, query: { trade_currency?: TradeCurrency | undefined }): string {
  return query.trade_currency === 'INR' ? `${assetId}:INR` : assetId;
}

function leverageView(spec: InstrumentSpec, leverage: string) {
  return {
    Leverage: leverage,
    MarginType: 'ISOLATED' as const,
    leverage,
    margin_type: 'ISOLATED' as const,
    asset_uuid: spec.id,
    symbol: spec.symbol,
  };
}

// The example shows the default book's first instrument (the document is built without a runtime).
const btc = INSTRUMENTS[0]!;
const example = {
  id: btc.id,
  name: btc.name,
  symbol: btc.symbol,
  min_contract: btc.min_contract,
  max_contract: btc.max_contract,
  quantity_step: btc.quantity_step,
  min_price: btc.min_price,
  max_price: btc.max_price,
  price_step: btc.price_step,
  max_market_contract: btc.max_market_contract,
  min_notional_value: btc.min_notional_value,
  funding_fee_perc: btc.funding_fee_perc,
  max_funding_rate: null,
  min_funding_rate: null,
  trading_fee_perc: btc.trading_fee_perc,
  maker_fee_perc: btc.maker_fee_perc,
  maintenance_margin_perc: '0.5',
  leverage_step: btc.leverage_step,
  min_leverage: btc.min_leverage,
  max_leverage: btc.max_leverage,
  funding_interval: '1767254400',
  funding_interval_hours: '8',
  price: btc.initial_price,
  mark_price: btc.initial_price,
  last_day_price: '66980.1',
  change_perc: '0.40370242',
  volume: '61250.4',
  '1d_high': '67810.2',
  '1d_low': '66512.9',
  '1d_volume': '61250.4',
  popularity: '1',
};

const resolve = (rt: ExchangeRuntime, asset: string, query: { is_symbol?: string | undefined }) =>
  rt.instruments.resolve(asset, query.is_symbol !== undefined);

export const instrumentRoutes: AnyExchangeRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/futures',
    permission: 'READ_ONLY',
    operationId: 'listFutures',
    summary: 'List futures instruments',
    description:
      'Sorted by `sort` (popularity, price, volume, change_perc) in `order` (asc, desc), paged by `offset` and `limit`.',
    tag: 'Instruments',
    query: z.object({
      sort: exact(SORTS).optional(),
      order: exact(['asc', 'desc']).optional(),
      offset: integer(0, 1_000_000, 0),
      limit: integer(1, 500, 20),
    }),
    response: z.array(instrumentSchema),
    example: [example],
    successStatus: 200,
    errors: [],
    async handle({ query, now }, rt) {
      const prices = await rt.prices(now);
      const views = rt.instruments.list.map((spec) =>
        instrumentView(spec, rt.instruments, rt.walk, now, prices),
      );
      const sort = query.sort ?? 'popularity';
      // Popularity reads best-first by default; the numeric columns biggest-first.
      const order = query.order ?? (sort === 'popularity' ? 'asc' : 'desc');
      const sign = order === 'asc' ? 1 : -1;
      views.sort((a, b) => sign * dec(a[sort]).comparedTo(dec(b[sort])) || a.symbol.localeCompare(b.symbol));
      return views.slice(query.offset, query.offset + query.limit);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/futures/:asset',
    permission: 'READ_ONLY',
    operationId: 'getFuture',
    summary: 'One futures instrument, by asset id or (with ?is_symbol) by symbol',
    tag: 'Instruments',
    params: assetParams,
    query: symbolQuery,
    response: instrumentSchema,
    example,
    successStatus: 200,
    errors: ['ASSET_NOT_FOUND'],
    async handle({ params, query, now }, rt) {
      const spec = resolve(rt, params.asset, query);
      return instrumentView(spec, rt.instruments, rt.walk, now, await rt.prices(now));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/futures/:asset/leverage',
    permission: 'READ_ONLY',
    operationId: 'getLeverage',
    summary: 'Leverage and margin type set for an asset',
    description:
      'Before any is set (with this route or by an order) the answer is 404 `leverage not found`. Margin type is ' +
      'always ISOLATED. Both spellings of the fields are sent: `Leverage`/`MarginType` as the January 2026 docs ' +
      'show them, `leverage`/`margin_type` as the later docs and ccxt read them.',
    tag: 'Leverage',
    params: assetParams,
    query: symbolQuery,
    response: leverageSchema,
    example: leverageView(btc, '10'),
    successStatus: 200,
    errors: ['ASSET_NOT_FOUND', 'LEVERAGE_NOT_FOUND'],
    async handle({ caller, params, query, now }, rt) {
      const spec = resolve(rt, params.asset, query);
      const set = await rt.view(
        caller.account.id,
        now,
        (state) => state.leverage[leverageKey(spec.id, query)],
      );
      if (set === undefined) throw new MockexError('LEVERAGE_NOT_FOUND');
      return leverageView(spec, set);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/futures/:asset/leverage',
    permission: 'TRADE',
    operationId: 'setLeverage',
    summary: 'Set the leverage (and margin type) for an asset',
    description: 'Applies to later orders; open positions keep their margin. Only ISOLATED margin exists.',
    tag: 'Leverage',
    params: assetParams,
    query: symbolQuery,
    body: z
      .object({
        leverage: decimal('20', 'LEVERAGE_OUT_OF_RANGE'),
        margin_type: exact(['ISOLATED'], 'PARAMS_ERROR').optional(),
        trade_currency: tradeCurrency,
      })
      .meta({ example: { margin_type: 'ISOLATED', leverage: '20' } }),
    response: leverageSchema,
    example: leverageView(btc, '20'),
    successStatus: 200,
    errors: ['ASSET_NOT_FOUND'],
    async handle({ caller, params, query, body, now }, rt) {
      const spec = resolve(rt, params.asset, query);
      const { result } = await rt.run(caller.account.id, now, {
        type: 'setLeverage',
        assetId: spec.id,
        leverage: body.leverage,
        currency: body.trade_currency ?? query.trade_currency ?? 'USDT',
      });
      return leverageView(spec, result.leverage);
    },
  }),
];
