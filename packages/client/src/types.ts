/**
 * The exchange's wire types. Responses are the server's own response schemas (so the client cannot
 * drift from what the server sends); requests are written out for callers, with numbers accepted as
 * numbers or numeric strings. Type-only imports (devDependencies, like @mockex/api): nothing of the
 * server ships with the client.
 */
import type { z } from 'zod';
import type { fapiSchemas as s } from '@mockex/exchange';

type Out<T extends z.ZodType> = z.output<T>;

/** Every number on the wire is a string; requests accept numbers or numeric strings. */
export type Numeric = string | number;
// The exchange's own enums (what its request schemas accept).
export type Side = Out<typeof s.side>;
export type TriggerType = Out<typeof s.triggerType>;
export type WalletType = Out<typeof s.walletType>;

export interface TransferRequest {
  from_wallet_type: WalletType;
  to_wallet_type: WalletType;
  amount: Numeric;
}
export interface ListAssetsQuery {
  sort?: 'price' | 'volume' | 'change_perc' | 'popularity';
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}
export interface SetLeverageRequest {
  leverage: Numeric;
  margin_type?: 'ISOLATED';
}
export interface PlaceOrderRequest {
  /** Defaults to the asset's leverage setting. */
  leverage?: Numeric;
  quantity: Numeric;
  /** Required for LIMIT. */
  order_price?: Numeric;
  order_type: Side;
  trigger_type: TriggerType;
  is_stoploss?: boolean;
  stoploss_price?: Numeric;
  is_takeprofit?: boolean;
  takeprofit_price?: Numeric;
  reduce_only?: boolean;
}
/** Either alone, or both: a field left out keeps its current value. */
export interface AmendOrderRequest {
  order_price?: Numeric;
  quantity?: Numeric;
}
export interface PartialCloseRequest {
  order_type: TriggerType;
  quantity: Numeric;
  /** Required when order_type is LIMIT. */
  limit_price?: Numeric;
}
export interface AddMarginRequest {
  /** Negative to take margin back. */
  margin: Numeric;
}
export interface RiskOrderRequest {
  is_stoploss?: boolean;
  stoploss_price?: Numeric;
  is_takeprofit?: boolean;
  takeprofit_price?: Numeric;
  /** Edits: the risk-order ids last read (a mismatch is out of sync). */
  stoploss_order_id?: string;
  takeprofit_order_id?: string;
}
export type Aggregation =
  '1m' | '3t' | '5t' | '10t' | '15t' | '30t' | '1h' | '4h' | '6h' | '12h' | '1d' | '1w' | '1mth';
export interface KlinesQuery {
  /** Pairs as `BASE/QUOTE` (up to 25). */
  assets: string[];
  aggregation: Aggregation;
  /** Unix seconds, both included. */
  startTime: number;
  endTime: number;
}
/** Acknowledgement of a command the venue accepted (the fields depend on the command). */
export interface Accepted {
  [field: string]: unknown;
}

// Responses: what the server's schemas produce.
export type SpotFunds = Out<typeof s.spotFundsSchema>;
export type FuturesFunds = Out<typeof s.futuresFundsSchema>;
export type Asset = Out<typeof s.instrumentSchema>;
export type Leverage = Out<typeof s.leverageSchema>;
/** `{asset_ticks: {"btc/usdt": [[open time (Unix seconds), open, high, low, close, volume], ...]}}`. */
export type Klines = Out<typeof s.klineSchema>;
export type Pong = Out<typeof s.pingSchema>;
export type PlacedOrder = Out<typeof s.orderCreatedSchema>;
export type Order = Out<typeof s.orderSchema>;
export type OrderChange = Out<typeof s.orderChangeSchema>;
export type Position = Out<typeof s.positionSchema>;
export type PositionHistoryEntry = Out<typeof s.positionHistorySchema>;
export type PositionAction = Out<typeof s.positionActionSchema>;
export type ReversedPosition = Out<typeof s.reversedPositionSchema>;
export type MarginChange = Out<typeof s.marginChangeSchema>;
export type Fee = Out<typeof s.feeSchema>;
/** A row of GET /futures/transactions: a transfer, a fill's fee or a funding payment of the futures wallet. */
export type Transaction = Out<typeof s.transactionSchema>;
