/**
 * A typed client for the Mockex exchange (`/fapi/v1`, Mudrex-compatible) and its sandbox control plane.
 * Works with any `fetch` (the global one, or MSW's intercepted one in a bot's tests).
 *
 * Every failure is an `ExchangeApiError` carrying the envelope's stable `reason`, the HTTP status, the
 * venue's text and, for 429/503, `retryAfterSeconds`; a dropped connection or timeout is an
 * `ExchangeApiError` with status 0 and reason `NETWORK_ERROR`. In polite mode the client waits out a
 * 429's Retry-After and retries, and on `position not in sync with exchange` re-reads the open
 * positions once and retries once.
 */

import { ExchangeApiError } from './errors.ts';
import { send, type Method, type RequestOptions } from './transport.ts';
import type {
  AddMarginRequest,
  Accepted,
  AmendOrderRequest,
  Asset,
  Fee,
  FuturesFunds,
  Klines,
  KlinesQuery,
  Leverage,
  ListAssetsQuery,
  MarginChange,
  Numeric,
  Order,
  OrderChange,
  PartialCloseRequest,
  PlacedOrder,
  PlaceOrderRequest,
  Position,
  PositionAction,
  PositionHistoryEntry,
  Pong,
  ReversedPosition,
  RiskOrderRequest,
  SetLeverageRequest,
  SpotFunds,
  Transaction,
  TransferRequest,
} from './types.ts';

export interface PoliteOptions {
  /** Retries after a 429 before giving up (default 3). */
  maxRateLimitRetries?: number;
  /** Longest Retry-After the client will wait out, in seconds (default 10). */
  maxWaitSeconds?: number;
}

export interface ExchangeClientOptions {
  /** The server (`http://127.0.0.1:8080`) or the full exchange URL (`…/fapi/v1`). */
  baseUrl: string;
  secret: string;
  fetch?: typeof fetch;
  /** Honour Retry-After on 429 and re-read state once on out-of-sync (default off). */
  polite?: boolean | PoliteOptions;
  /** Gives up on a request after this long (default: never; a dropped connection still fails). */
  timeoutMs?: number;
  /** Extra headers on every request (for example `X-Mockex-Fault` in a test). */
  headers?: Record<string, string>;
  /** How polite mode waits (injectable for tests). */
  sleep?: (ms: number) => Promise<void>;
}

function exchangeRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/fapi/v1') ? trimmed : `${trimmed}/fapi/v1`;
}

function klineQuery(query: KlinesQuery) {
  return {
    assets: query.assets.join(','),
    aggregation: query.aggregation,
    start_time: query.startTime,
    end_time: query.endTime,
  };
}

export function createExchangeClient(options: ExchangeClientOptions) {
  const root = exchangeRoot(options.baseUrl);
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const polite = options.polite ? (options.polite === true ? {} : options.polite) : null;
  const maxRetries = polite?.maxRateLimitRetries ?? 3;
  const maxWait = polite?.maxWaitSeconds ?? 10;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const headers = { 'X-Authentication': options.secret, ...options.headers };

  const once = <T>(method: Method, path: string, req: RequestOptions = {}) =>
    send<T>(doFetch, root + path, method, headers, req, options.timeoutMs);

  async function call<T>(method: Method, path: string, req: RequestOptions = {}): Promise<T> {
    if (!polite) return once<T>(method, path, req);
    let rateRetries = 0;
    let resynced = false;
    for (;;) {
      try {
        return await once<T>(method, path, req);
      } catch (error) {
        if (!(error instanceof ExchangeApiError)) throw error;
        if (error.isRateLimited && rateRetries < maxRetries && (error.retryAfterSeconds ?? 1) <= maxWait) {
          rateRetries++;
          await sleep((error.retryAfterSeconds ?? 1) * 1000);
          continue;
        }
        if (error.isOutOfSync && !resynced) {
          resynced = true;
          await once('GET', '/futures/positions').catch(() => undefined);
          continue;
        }
        throw error;
      }
    }
  }

  const asset = (id: string, opts?: { isSymbol?: boolean }) => ({
    path: `/futures/${encodeURIComponent(id)}`,
    query: opts?.isSymbol ? { is_symbol: true as const } : {},
  });
  const enc = encodeURIComponent;

  return {
    // Wallet
    getSpotFunds: () => call<SpotFunds>('GET', '/wallet/funds'),
    transfer: (body: TransferRequest) => call<{ msg: string }>('POST', '/wallet/futures/transfer', { body }),
    getFuturesFunds: () => call<FuturesFunds>('GET', '/futures/funds'),
    // Instruments
    listAssets: (query: ListAssetsQuery = {}) => call<Asset[]>('GET', '/futures', { query: { ...query } }),
    getAsset: (id: string, opts?: { isSymbol?: boolean }) => {
      const a = asset(id, opts);
      return call<Asset>('GET', a.path, { query: a.query });
    },
    // Leverage
    getLeverage: (id: string, opts?: { isSymbol?: boolean }) => {
      const a = asset(id, opts);
      return call<Leverage>('GET', `${a.path}/leverage`, { query: a.query });
    },
    setLeverage: (id: string, body: SetLeverageRequest, opts?: { isSymbol?: boolean }) => {
      const a = asset(id, opts);
      return call<Leverage>('POST', `${a.path}/leverage`, {
        query: a.query,
        body: { margin_type: 'ISOLATED', ...body },
      });
    },
    // Orders
    placeOrder: (id: string, body: PlaceOrderRequest, opts?: { isSymbol?: boolean }) => {
      const a = asset(id, opts);
      return call<PlacedOrder>('POST', `${a.path}/order`, { query: a.query, body });
    },
    listOpenOrders: (query: { limit?: number; offset?: number } = {}) =>
      call<Order[]>('GET', '/futures/orders', { query }),
    listOrderHistory: (query: { limit?: number; offset?: number } = {}) =>
      call<Order[]>('GET', '/futures/orders/history', { query }),
    getOrder: (orderId: string) => call<Order>('GET', `/futures/orders/${enc(orderId)}`),
    amendOrder: (orderId: string, body: AmendOrderRequest) =>
      call<OrderChange>('PATCH', `/futures/orders/${enc(orderId)}`, { body }),
    cancelOrder: (orderId: string) => call<OrderChange>('DELETE', `/futures/orders/${enc(orderId)}`),
    // Positions
    /** Open positions; `null` when there are none, as the venue answers. */
    listOpenPositions: () => call<Position[] | null>('GET', '/futures/positions'),
    listPositionHistory: (query: { limit?: number; offset?: number } = {}) =>
      call<PositionHistoryEntry[]>('GET', '/futures/positions/history', { query }),
    closePosition: (positionId: string) =>
      call<PositionAction>('POST', `/futures/positions/${enc(positionId)}/close`, { body: {} }),
    closePartially: (positionId: string, body: PartialCloseRequest) =>
      call<true>('POST', `/futures/positions/${enc(positionId)}/close/partial`, { body }),
    reversePosition: (positionId: string) =>
      call<ReversedPosition>('POST', `/futures/positions/${enc(positionId)}/reverse`, { body: {} }),
    addMargin: (positionId: string, body: AddMarginRequest) =>
      call<MarginChange>('POST', `/futures/positions/${enc(positionId)}/add-margin`, { body }),
    setRiskOrder: (positionId: string, body: RiskOrderRequest) =>
      call<Accepted>('POST', `/futures/positions/${enc(positionId)}/riskorder`, { body }),
    amendRiskOrder: (positionId: string, body: RiskOrderRequest) =>
      call<Accepted>('PATCH', `/futures/positions/${enc(positionId)}/riskorder`, { body }),
    /** The liquidation price, optionally as it would be with `extMargin` more (or less) margin. */
    getLiquidationPrice: (positionId: string, opts: { extMargin?: Numeric } = {}) =>
      call<string>('GET', `/futures/positions/${enc(positionId)}/liq-price`, {
        query: { ext_margin: opts.extMargin },
      }),
    // Market data (public: the key is sent but not needed) and the connectivity check
    getKlines: (query: KlinesQuery) => call<Klines>('GET', '/price/kline', { query: klineQuery(query) }),
    getMarkKlines: (query: KlinesQuery) =>
      call<Klines>('GET', '/price/mark-kline', { query: klineQuery(query) }),
    ping: () => call<Pong>('GET', '/futures/ping'),
    // Fees
    getFeeHistory: (query: { limit?: number; offset?: number } = {}) =>
      call<Fee[]>('GET', '/futures/fee/history', { query }),
    listTransactions: (
      query: {
        type?: Transaction['transaction_type'];
        sort_order?: 'asc' | 'desc';
        offset?: number;
        limit?: number;
      } = {},
    ) => call<Transaction[]>('GET', '/futures/transactions', { query }),
    /** Any route, for what the typed methods do not cover. */
    request: <T = unknown>(method: Method, path: string, req: RequestOptions = {}) =>
      call<T>(method, path, req),
  };
}

export type ExchangeClient = ReturnType<typeof createExchangeClient>;
