import { parseDecimal, VENUE_TEXTS, type Decimal, type VenueTextName } from '@mockex/domain';
import { z } from 'zod';

/**
 * Request and response schemas of the exchange routes. Numbers are accepted as JSON numbers or
 * numeric strings (as the venue does), enums are exact, unknown fields are ignored (zod objects strip
 * them), and every refusal says what the field needs; the gateway prefixes it with the field's name.
 */
const numberLike = z.union([z.number(), z.string()], {
  error: (issue) => (issue.input === undefined ? 'is required' : 'must be a number or a numeric string'),
});

/**
 * A decimal given as a JSON number or a numeric string. With `venueText`, a missing or malformed value
 * is refused with that venue text (the gateway sends it verbatim) instead of a message naming the field.
 */
export function decimal(example = '0.01', venueText?: VenueTextName) {
  const text = venueText ? VENUE_TEXTS[venueText].text : undefined;
  const input = text ? z.union([z.number(), z.string()], { error: text }) : numberLike;
  return input
    .transform((value, ctx): Decimal => {
      const parsed = parseDecimal(value);
      if (parsed) return parsed;
      ctx.addIssue({ code: 'custom', message: text ?? 'must be a number or a numeric string' });
      return z.NEVER;
    })
    .meta({ example });
}

/** USDT amounts are kept to 8 decimal places (engine/rules.ts `money`); a finer one would be dust. */
export const USDT_PLACES = 8;

/** Whether `d` is a whole number of USDT's smallest unit, and the refusal when it is not. */
export const fitsUsdt = (d: Decimal) => d.decimalPlaces() <= USDT_PLACES;
export const USDT_PLACES_TEXT = `must have at most ${USDT_PLACES} decimal places (USDT amounts are kept to 0.00000001)`;

/** A USDT amount (transfer, margin): a decimal with at most 8 decimal places; `venueText` words a non-number. */
export function usdt(example = '100', venueText?: VenueTextName) {
  return decimal(example, venueText).refine(fitsUsdt, USDT_PLACES_TEXT);
}

/**
 * A decimal given as a JSON number or a string, passed on as its canonical string when `accept` holds
 * (the sandbox's amounts and prices), refused with `message` otherwise.
 */
export function decimalText(accept: (d: Decimal) => boolean, message: string, example: string) {
  return z
    .union([z.string(), z.number()])
    .transform((v, ctx) => {
      const d = parseDecimal(v);
      if (d && accept(d)) return d.toString();
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    })
    .meta({ example });
}

/** An optional whole number within a range, from a JSON number or a query string. */
export function integer(min: number, max: number, fallback: number) {
  return numberLike
    .optional()
    .transform((value, ctx): number => {
      if (value === undefined || value === '') return fallback;
      const parsed = parseDecimal(value);
      if (!parsed || !parsed.isInteger() || parsed.lt(min) || parsed.gt(max)) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return parsed.toNumber();
    })
    .meta({ example: String(fallback) });
}

/** A JSON boolean (the strings "true"/"false" are accepted too); absent means false. */
export const flag = z
  .union([z.boolean(), z.enum(['true', 'false'])], { error: 'must be true or false' })
  .optional()
  .transform((v) => v === true || v === 'true');

/** One of `values`; with `venueText`, anything else (or nothing) is refused with that venue text. */
export function exact<const T extends readonly [string, ...string[]]>(values: T, venueText?: VenueTextName) {
  return z.enum(values, {
    error: (issue) =>
      venueText
        ? VENUE_TEXTS[venueText].text
        : issue.input === undefined
          ? 'is required'
          : `must be one of ${values.join(', ')}`,
  });
}

/** `trade_currency` (query on reads, body on writes): USDT by default; INR is the venue's second currency. */
export const tradeCurrency = exact(['USDT', 'INR'], 'INVALID_TRADE_CURRENCY').optional();
export type TradeCurrency = 'USDT' | 'INR';

/**
 * Stop-loss and take-profit come as a flag plus a price; a raised flag without its price is refused
 * on the price field. Shared by order placement and the position risk-order routes.
 */
export function requireRiskPrices(
  body: {
    is_stoploss?: boolean;
    stoploss_price?: unknown;
    is_takeprofit?: boolean;
    takeprofit_price?: unknown;
  },
  ctx: z.RefinementCtx,
): void {
  if (body.is_stoploss && !body.stoploss_price)
    ctx.addIssue({
      code: 'custom',
      path: ['stoploss_price'],
      message: 'is required when is_stoploss is true',
    });
  if (body.is_takeprofit && !body.takeprofit_price)
    ctx.addIssue({
      code: 'custom',
      path: ['takeprofit_price'],
      message: 'is required when is_takeprofit is true',
    });
}

export const side = exact(['LONG', 'SHORT'], 'INVALID_ORDER_TYPE');
export const triggerType = exact(['MARKET', 'LIMIT'], 'INVALID_TRIGGER_TYPE');
export const walletType = exact(['SPOT', 'FUTURES']);

const id = (example: string) =>
  z.string().trim().min(1, 'is required').max(100, 'is too long').meta({ example });
export const assetParams = z.object({ asset: id('BTCUSDT') });
export const orderParams = z.object({ id: id('0199c39f-e866-7d6b-947e-ed2f09c90b8e') });
export const positionParams = z.object({ id: id('01999e74-27a6-76d5-880b-4cab5eac78f1') });

/** `?is_symbol` switches the `:asset` path segment from asset id to symbol; its mere presence counts. */
export const symbolQuery = z.object({ is_symbol: z.string().optional(), trade_currency: tradeCurrency });

export const pageQuery = z.object({ offset: integer(0, 1_000_000, 0), limit: integer(1, 500, 20) });

/** Reads the venue lets pick a currency (`?trade_currency=INR`); each answers one currency per call. */
export const currencyQuery = z.object({ trade_currency: tradeCurrency });
export const currencyPageQuery = pageQuery.extend({ trade_currency: tradeCurrency });

/**
 * Order, position and fee lists: the venue's FAQ (and its Python SDK) give `offset` as an end-time
 * boundary in Unix milliseconds; small values stay rows to skip, as the fee history's own page says.
 */
export const timePageQuery = currencyPageQuery.extend({ offset: integer(0, 10 ** 15, 0) });
/** From here on (1973 in Unix ms) an `offset` is a time, not a row count. */
export const END_TIME_OFFSET_FROM = 100_000_000_000;

// Response shapes ------------------------------------------------------------------------------

const str = z.string();
const nstr = z.string().nullable();

export const spotFundsSchema = z.object({
  total: str,
  rewards: str,
  invested: str,
  withdrawable: str,
  coin_investable: str,
  coinset_investable: str,
  vault_investable: str,
});

export const futuresFundsSchema = z.object({
  balance: str,
  locked_amount: str,
  first_time_user: z.boolean(),
  unrealized_pnl: str,
  trade_currency: str,
});

export const messageSchema = z.object({ msg: str });

export const instrumentSchema = z.object({
  id: str,
  name: str,
  symbol: str,
  min_contract: str,
  max_contract: str,
  quantity_step: str,
  min_price: str,
  max_price: str,
  price_step: str,
  max_market_contract: str,
  min_notional_value: str,
  funding_fee_perc: str,
  max_funding_rate: z.null(),
  min_funding_rate: z.null(),
  trading_fee_perc: str,
  maker_fee_perc: str,
  maintenance_margin_perc: str,
  leverage_step: str,
  min_leverage: str,
  max_leverage: str,
  funding_interval: str,
  funding_interval_hours: str,
  price: str,
  mark_price: str,
  last_day_price: str,
  change_perc: str,
  volume: str,
  '1d_high': str,
  '1d_low': str,
  '1d_volume': str,
  popularity: str,
});

/** `[open time (Unix seconds), open, high, low, close, volume]` per candle, keyed by the lowercase pair. */
export const candleSchema = z.tuple([z.number().int(), str, str, str, str, str]);
export const klineSchema = z.object({ asset_ticks: z.record(z.string(), z.array(candleSchema)) });
export const pingSchema = z.object({ message: z.literal('pong') });

export const leverageSchema = z.object({
  Leverage: str,
  MarginType: z.literal('ISOLATED'),
  margin_type: z.literal('ISOLATED'),
  leverage: str,
  asset_uuid: str,
  symbol: str,
});

/** What placing an order answers about it (an order placed, or the order that reverses a position). */
const placedOrderFields = {
  leverage: str,
  amount: str,
  quantity: str,
  price: str,
  status: z.literal('CREATED'),
  message: str,
};

export const orderCreatedSchema = z.object({
  order_id: str,
  ...placedOrderFields,
  symbol: str,
  order_type: str,
  trigger_type: str,
});

export const orderSchema = z.object({
  id: str,
  created_at: str,
  updated_at: str,
  reason: z.object({ message: str }).nullable(),
  actual_amount: str,
  desired_amount: str,
  quantity: str,
  filled_quantity: str,
  price: str,
  filled_price: str,
  leverage: str,
  liquidation_price: str,
  order_type: z.enum(['LONG', 'SHORT', 'STOPLOSS', 'TAKEPROFIT']),
  trigger_type: z.enum(['MARKET', 'LIMIT']),
  status: z.enum(['CREATED', 'FILLED', 'CANCELLED']),
  reduce_only: z.boolean(),
  stoploss_price: nstr,
  takeprofit_price: nstr,
  asset_uuid: str,
  symbol: str,
  future_position_uuid: nstr,
  trade_currency: str,
});

const riskSchema = z.object({ price: str, order_id: str, order_type: str }).nullable();

export const positionSchema = z.object({
  id: str,
  created_at: str,
  updated_at: str,
  stoploss: riskSchema,
  takeprofit: riskSchema,
  entry_price: str,
  quantity: str,
  leverage: str,
  liquidation_price: str,
  initial_margin: str,
  maintenance_margin: str,
  mark_price: str,
  pnl: str,
  realized_pnl: str,
  order_type: z.enum(['LONG', 'SHORT']),
  status: z.enum(['OPEN', 'CLOSED', 'LIQUIDATED']),
  asset_uuid: str,
  symbol: str,
  trade_currency: str,
});

export const positionHistorySchema = z.object({
  id: str,
  position_type: z.enum(['LONG', 'SHORT']),
  status: z.enum(['OPEN', 'CLOSED', 'LIQUIDATED']),
  leverage: str,
  entry_price: str,
  closed_price: str,
  quantity: str,
  pnl: str,
  created_at: str,
  updated_at: str,
  asset_uuid: str,
  symbol: str,
  trade_currency: str,
});

export const positionActionSchema = z.object({ position_id: str, status: str, message: str });

export const feeSchema = z.object({
  id: str,
  symbol: str,
  asset_uuid: str,
  fee_amount: str,
  fee_perc: str,
  fee_type: z.enum(['TRANSACTION', 'FUNDING']),
  transaction_amount: str,
  order_type: nstr,
  trigger_type: nstr,
  order_id: nstr,
  position_id: nstr,
  created_at: str,
  trade_currency: str,
});

export const transactionSchema = z.object({
  id: str,
  wallet_transaction_id: str,
  transaction_type: z.enum(['DEPOSIT', 'WITHDRAW', 'TRADE', 'FUNDING']),
  amount: str,
  status: z.literal('Completed'),
  symbol: nstr,
  trade_currency: str,
  created_at: str,
  updated_at: str,
});

/** Answer to amending or cancelling a resting order. */
export const orderChangeSchema = z.object({ message: str, order_id: str, status: str });
export const orderCancelledSchema = orderChangeSchema.extend({ status: z.literal('CANCELLED') });

/** Answer to reversing a position: the order that flips it. */
export const reversedPositionSchema = z.object({
  order_id: str,
  position_id: str.nullable(),
  ...placedOrderFields,
});

/** Answer to adding (or taking back) margin on a position. */
export const marginChangeSchema = z.object({
  message: str,
  initial_margin: str,
  liquidation_price: str,
  trade_currency: str,
});
