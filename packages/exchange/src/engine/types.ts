/**
 * The exchange state of one account, as a plain JSON document (decimals as strings, times as ISO
 * strings) so a store can keep it as one JSONB value and the in-memory store can copy it cheaply.
 * The engine never mutates a state it was given: it works on a copy and returns the new one.
 */
import type { Decimal, IdKind, VenueProfile } from '@mockex/domain';
import type { InstrumentBook } from './instruments.ts';
import type { PriceBook } from './prices.ts';

export type Side = 'LONG' | 'SHORT';
/** LONG/SHORT are trading orders; STOPLOSS/TAKEPROFIT are a position's risk orders. */
export type OrderType = Side | 'STOPLOSS' | 'TAKEPROFIT';
export type TriggerType = 'MARKET' | 'LIMIT';
/** CREATED: accepted and (for LIMIT and risk orders) resting. */
export type OrderStatus = 'CREATED' | 'FILLED' | 'CANCELLED';
export type PositionStatus = 'OPEN' | 'CLOSED' | 'LIQUIDATED';
export type WalletType = 'SPOT' | 'FUTURES';
export type FeeType = 'TRANSACTION' | 'FUNDING';

export interface OrderState {
  id: string;
  asset_id: string;
  symbol: string;
  order_type: OrderType;
  trigger_type: TriggerType;
  status: OrderStatus;
  quantity: string;
  filled_quantity: string;
  /** Limit price, risk-order trigger price, or the mark when a MARKET order was accepted. */
  price: string;
  /** Average fill price, once filled. */
  filled_price: string | null;
  leverage: string;
  reduce_only: boolean;
  /** Margin this order used (resting: locked; filled: moved into the position). */
  actual_amount: string;
  /** Funds locked while resting: margin and the maker fee it will pay. Zero once not resting. */
  locked_margin: string;
  locked_fee: string;
  /** Stop-loss / take-profit to attach to the position when this order fills. */
  stoploss_price: string | null;
  takeprofit_price: string | null;
  /** For risk orders and closing orders: the position they act on. */
  position_id: string | null;
  reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface PositionState {
  id: string;
  asset_id: string;
  symbol: string;
  side: Side;
  status: PositionStatus;
  /** Open size; for a closed position, the size it had when it closed. */
  quantity: string;
  entry_price: string;
  leverage: string;
  /** Isolated margin held by the position. */
  margin: string;
  realised_pnl: string;
  closed_price: string | null;
  stoploss_order_id: string | null;
  takeprofit_order_id: string | null;
  /** Unix seconds of the last funding boundary already settled. */
  funding_at: number;
  created_at: string;
  updated_at: string;
}

export interface FeeRecord {
  id: string;
  asset_id: string;
  symbol: string;
  fee_type: FeeType;
  /** Positive: paid by the account; negative (funding only): received. */
  fee_amount: string;
  /** Percent for trading fees, the rate as a fraction for funding (as the instrument lists it). */
  fee_perc: string;
  transaction_amount: string;
  order_type: Side | null;
  trigger_type: TriggerType | null;
  order_id: string | null;
  position_id: string | null;
  created_at: string;
}

/** A move of funds into (DEPOSIT) or out of (WITHDRAW) the futures wallet. */
export interface TransferRecord {
  id: string;
  transaction_type: 'DEPOSIT' | 'WITHDRAW';
  amount: string;
  trade_currency: 'USDT' | 'INR';
  created_at: string;
}

/**
 * Running totals that make conservation checkable: at every moment
 * `spot + futures + locked = deposited + realised_pnl − fees − funding + insurance`.
 */
export interface Ledger {
  /** Sandbox funds credited (opening funds included). Transfers between wallets do not change it. */
  deposited: string;
  realised_pnl: string;
  /** Trading fees paid. */
  fees: string;
  /** Funding paid (negative when received on balance). */
  funding: string;
  /** Losses beyond a position's margin that the venue absorbed, so no balance goes negative. */
  insurance: string;
}

export interface AccountState {
  version: 2;
  user_id: string;
  created_at: string;
  updated_at: string;
  /** Free spot balance (USDT). */
  spot: string;
  /** Free futures balance (USDT); margins and locks are held outside it. */
  futures: string;
  /** Leverage chosen per asset id (`<asset id>:INR` for INR trading; margin type is always ISOLATED). */
  leverage: Record<string, string>;
  first_time_user: boolean;
  /**
   * Open (CREATED) orders and OPEN positions only, oldest first. Finished ones leave the document for
   * the append-only history (see Archive), so each call costs what is live, not what happened before.
   */
  orders: OrderState[];
  positions: PositionState[];
  ledger: Ledger;
}

/** What one engine call finished: final versions of orders and positions, and new fee records. */
export interface Archive {
  orders: OrderState[];
  positions: PositionState[];
  fees: FeeRecord[];
  /** Absent in archives written before transfers were recorded. */
  transfers?: TransferRecord[];
}

export type HistoryKind = 'order' | 'position' | 'fee' | 'transfer';

export type EngineEvent =
  | { type: 'transfer'; from: WalletType; to: WalletType; amount: string }
  | { type: 'credit'; wallet: WalletType; amount: string }
  | { type: 'order.created'; orderId: string }
  | { type: 'order.filled'; orderId: string; price: string; quantity: string; maker: boolean }
  | { type: 'order.cancelled'; orderId: string; reason: string }
  | { type: 'order.amended'; orderId: string }
  | { type: 'position.opened'; positionId: string }
  | { type: 'position.changed'; positionId: string }
  | { type: 'position.closed'; positionId: string; price: string; pnl: string }
  | { type: 'position.liquidated'; positionId: string; price: string; loss: string }
  | { type: 'risk.triggered'; positionId: string; orderId: string; kind: 'STOPLOSS' | 'TAKEPROFIT' }
  | { type: 'funding'; positionId: string; amount: string }
  | { type: 'leverage'; assetId: string; leverage: string };

export interface EngineContext {
  now: Date;
  prices: PriceBook;
  instruments: InstrumentBook;
  profile: VenueProfile;
  /** Id factory, injectable so tests can make ids deterministic. */
  newId(kind: IdKind): string;
}

export type Commands = {
  transfer: { from: WalletType; to: WalletType; amount: Decimal };
  credit: { wallet: WalletType; amount: Decimal };
  /** `currency` INR keeps a separate setting (`<asset id>:INR`), as the venue keeps one per asset and currency. */
  setLeverage: { assetId: string; leverage: Decimal; currency?: 'USDT' | 'INR' | undefined };
  placeOrder: {
    assetId: string;
    side: Side;
    trigger: TriggerType;
    quantity: Decimal;
    /** Required for LIMIT; for MARKET it is the client's reference only, never checked. */
    price?: Decimal | undefined;
    /** Defaults to the asset's leverage setting. */
    leverage?: Decimal | undefined;
    reduceOnly?: boolean | undefined;
    stopLoss?: Decimal | undefined;
    takeProfit?: Decimal | undefined;
  };
  /** Either may be absent (the order keeps its own), not both. */
  amendOrder: { orderId: string; price?: Decimal | undefined; quantity?: Decimal | undefined };
  cancelOrder: { orderId: string };
  closePosition: { positionId: string };
  partialClose: { positionId: string; quantity: Decimal; trigger: TriggerType; price?: Decimal | undefined };
  reversePosition: { positionId: string };
  addMargin: { positionId: string; margin: Decimal };
  setRiskOrders: {
    positionId: string;
    stopLoss?: Decimal | undefined;
    takeProfit?: Decimal | undefined;
    /** For edits: the risk-order ids the caller last saw; a mismatch means it is out of sync. */
    expectStopLossId?: string | undefined;
    expectTakeProfitId?: string | undefined;
    mode: 'create' | 'edit';
  };
};

export type CommandName = keyof Commands;
export type Command = { [K in CommandName]: { type: K } & Commands[K] }[CommandName];

export interface CommandResults {
  transfer: { spot: string; futures: string };
  credit: { spot: string; futures: string };
  setLeverage: { assetId: string; leverage: string };
  placeOrder: { order: OrderState };
  amendOrder: { order: OrderState };
  cancelOrder: { order: OrderState };
  closePosition: { position: PositionState; order: OrderState };
  partialClose: { position: PositionState; order: OrderState };
  reversePosition: { closed: PositionState; order: OrderState; position: PositionState | null };
  addMargin: { position: PositionState; liquidationPrice: string };
  setRiskOrders: { position: PositionState };
}

export interface EngineOutput<R> {
  state: AccountState;
  events: EngineEvent[];
  result: R;
  /** Records to append to the account's history. */
  archive: Archive;
}
