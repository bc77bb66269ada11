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

/** Every number on the wire is a string; requests accept numbers or numeric strings. */
export type Numeric = string | number;
export type Side = 'LONG' | 'SHORT';
export type TriggerType = 'MARKET' | 'LIMIT';
export type WalletType = 'SPOT' | 'FUTURES';

export interface SpotFunds {
  total: string;
  rewards: string;
  invested: string;
  withdrawable: string;
  coin_investable: string;
  coinset_investable: string;
  vault_investable: string;
}
export interface FuturesFunds {
  /** Free to trade. */
  balance: string;
  /** Held as margin by open positions and resting orders. */
  locked_amount: string;
  first_time_user: boolean;
  unrealized_pnl: string;
  trade_currency: string;
}
export interface TransferRequest {
  from_wallet_type: WalletType;
  to_wallet_type: WalletType;
  amount: Numeric;
}
export interface Asset {
  id: string;
  name: string;
  symbol: string;
  min_contract: string;
  max_contract: string;
  quantity_step: string;
  min_price: string;
  max_price: string;
  price_step: string;
  max_market_contract: string;
  min_notional_value: string;
  funding_fee_perc: string;
  /** Always null: no funding-rate caps in the sandbox, as on the venue. */
  max_funding_rate: null;
  min_funding_rate: null;
  trading_fee_perc: string;
  maker_fee_perc: string;
  maintenance_margin_perc: string;
  leverage_step: string;
  min_leverage: string;
  max_leverage: string;
  funding_interval: string;
  funding_interval_hours: string;
  price: string;
  mark_price: string;
  last_day_price: string;
  change_perc: string;
  volume: string;
  popularity: string;
}
export interface ListAssetsQuery {
  sort?: 'price' | 'volume' | 'change_perc' | 'popularity';
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}
/** Both spellings: `Leverage`/`MarginType` (the venue's January 2026 docs), `leverage`/`margin_type` (later docs, ccxt). */
export interface Leverage {
  Leverage: string;
  MarginType: 'ISOLATED';
  margin_type: 'ISOLATED';
  leverage: string;
  asset_uuid: string;
  symbol: string;
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
export interface PlacedOrder {
  order_id: string;
  leverage: string;
  amount: string;
  quantity: string;
  price: string;
  status: 'CREATED';
  message: string;
  symbol: string;
  order_type: string;
  trigger_type: string;
}
export interface Order {
  id: string;
  created_at: string;
  updated_at: string;
  reason: { message: string } | null;
  actual_amount: string;
  desired_amount: string;
  quantity: string;
  filled_quantity: string;
  price: string;
  filled_price: string;
  leverage: string;
  liquidation_price: string;
  order_type: Side | 'STOPLOSS' | 'TAKEPROFIT';
  trigger_type: TriggerType;
  status: 'CREATED' | 'FILLED' | 'CANCELLED';
  reduce_only: boolean;
  stoploss_price: string | null;
  takeprofit_price: string | null;
  asset_uuid: string;
  symbol: string;
  future_position_uuid: string | null;
  trade_currency: string;
}
/** Either alone, or both: a field left out keeps its current value. */
export interface AmendOrderRequest {
  order_price?: Numeric;
  quantity?: Numeric;
}
export interface OrderChange {
  message: string;
  order_id: string;
  status: string;
}
export interface RiskOrderRef {
  price: string;
  order_id: string;
  order_type: string;
}
export interface Position {
  id: string;
  created_at: string;
  updated_at: string;
  stoploss: RiskOrderRef | null;
  takeprofit: RiskOrderRef | null;
  entry_price: string;
  quantity: string;
  leverage: string;
  liquidation_price: string;
  initial_margin: string;
  maintenance_margin: string;
  mark_price: string;
  pnl: string;
  realized_pnl: string;
  order_type: Side;
  status: 'OPEN' | 'CLOSED' | 'LIQUIDATED';
  asset_uuid: string;
  symbol: string;
  trade_currency: string;
}
export interface PositionHistoryEntry {
  id: string;
  position_type: Side;
  status: 'OPEN' | 'CLOSED' | 'LIQUIDATED';
  leverage: string;
  entry_price: string;
  closed_price: string;
  quantity: string;
  pnl: string;
  created_at: string;
  updated_at: string;
  asset_uuid: string;
  symbol: string;
  trade_currency: string;
}
export interface PositionAction {
  position_id: string;
  status: string;
  message: string;
}
export interface PartialCloseRequest {
  order_type: TriggerType;
  quantity: Numeric;
  /** Required when order_type is LIMIT. */
  limit_price?: Numeric;
}
export interface ReversedPosition {
  order_id: string;
  position_id: string | null;
  leverage: string;
  amount: string;
  quantity: string;
  price: string;
  status: 'CREATED';
  message: string;
}
export interface AddMarginRequest {
  /** Negative to take margin back. */
  margin: Numeric;
}
export interface MarginChange {
  message: string;
  initial_margin: string;
  liquidation_price: string;
  trade_currency: string;
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
export interface Fee {
  id: string;
  symbol: string;
  asset_uuid: string;
  fee_amount: string;
  fee_perc: string;
  fee_type: 'TRANSACTION' | 'FUNDING';
  transaction_amount: string;
  order_type: string | null;
  trigger_type: string | null;
  order_id: string | null;
  position_id: string | null;
  created_at: string;
  trade_currency: string;
}
/** A row of GET /futures/transactions: a transfer, a fill's fee or a funding payment of the futures wallet. */
export interface Transaction {
  id: string;
  wallet_transaction_id: string;
  transaction_type: 'DEPOSIT' | 'WITHDRAW' | 'TRADE' | 'FUNDING';
  amount: string;
  status: 'Completed';
  symbol: string | null;
  trade_currency: string;
  created_at: string;
  updated_at: string;
}
/** Acknowledgement of a command the venue accepted (the fields depend on the command). */
export interface Accepted {
  [field: string]: unknown;
}

export interface ExchangeErrorItem {
  code: number | null;
  text: string;
  reason?: string;
}

export class ExchangeApiError extends Error {
  override readonly name = 'ExchangeApiError';
  constructor(
    /** HTTP status, or 0 when no response arrived (dropped connection, timeout). */
    readonly status: number,
    /** The stable code (`RATE_LIMITED`, `POSITION_OUT_OF_SYNC`, …; `NETWORK_ERROR` without a response). */
    readonly reason: string,
    /** The venue's text (`Too many requests. Try again in 1 seconds.`). */
    readonly text: string,
    readonly retryAfterSeconds: number | null = null,
    readonly errors: ExchangeErrorItem[] = [],
    options?: { cause?: unknown },
  ) {
    super(`${status ? `[${status}] ` : ''}${reason}: ${text}`, options);
  }

  get isRateLimited(): boolean {
    return this.reason === 'RATE_LIMITED';
  }
  get isOutOfSync(): boolean {
    return this.reason === 'POSITION_OUT_OF_SYNC';
  }
  /** 5xx, maintenance, or no response at all: the venue, not the request, is at fault. */
  get isServerSide(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

export const OUT_OF_SYNC_TEXT = 'position not in sync with exchange';

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

interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

function exchangeRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/fapi/v1') ? trimmed : `${trimmed}/fapi/v1`;
}

function retryAfterOf(headers: Headers, text: string): number | null {
  const header = Number(headers.get('retry-after'));
  if (Number.isFinite(header) && header > 0) return header;
  const fromText = /Try again in (\d+) seconds?/i.exec(text)?.[1];
  return fromText ? Number(fromText) : null;
}

/** Sends one request and unwraps the envelope; shared by the exchange and sandbox clients. */
async function send<T>(
  doFetch: typeof fetch,
  url: string,
  method: Method,
  headers: Record<string, string>,
  options: RequestOptions,
  timeoutMs?: number,
): Promise<T> {
  const target = new URL(url);
  for (const [k, v] of Object.entries(options.query ?? {}))
    if (v !== undefined) target.searchParams.set(k, v === true ? '' : String(v));
  const init: RequestInit = { method, headers: { ...headers, ...options.headers } };
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  if (timeoutMs) init.signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    // `?is_symbol` must be sent bare: the venue treats any value, even false, as present.
    response = await doFetch(target.toString().replace(/([?&]is_symbol)=(?=&|$)/, '$1'), init);
  } catch (error) {
    const text =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no response within ${timeoutMs} ms`
        : 'the connection failed without a response';
    throw new ExchangeApiError(0, 'NETWORK_ERROR', text, null, [], { cause: error });
  }
  const raw = await response.text();
  let body: unknown;
  try {
    body = raw ? JSON.parse(raw) : undefined;
  } catch {
    body = undefined;
  }
  const envelope = body as { success?: boolean; data?: unknown; errors?: ExchangeErrorItem[] } | undefined;
  if (response.ok && envelope?.success === true) return envelope.data as T;
  const errors = Array.isArray(envelope?.errors) ? envelope.errors : [];
  const first = errors[0];
  const text = first?.text ?? (raw.slice(0, 200) || response.statusText);
  const reason =
    first?.reason ??
    (text === OUT_OF_SYNC_TEXT
      ? 'POSITION_OUT_OF_SYNC'
      : response.status === 429
        ? 'RATE_LIMITED'
        : `HTTP_${response.status}`);
  throw new ExchangeApiError(response.status, reason, text, retryAfterOf(response.headers, text), errors);
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

// --- Sandbox control plane ------------------------------------------------------------------------------

export type FaultKind = 'rate_limit' | 'out_of_sync' | 'server_error' | 'maintenance' | 'timeout' | 'latency';
export interface FaultSpec {
  fault: FaultKind;
  match?: { method?: Method; path?: string; keyPrefix?: string };
  times?: number;
  probability?: number;
  latencyMs?: number;
}
export interface ArmedFault extends FaultSpec {
  id: string;
  remaining: number | null;
  createdAt: string;
}

export interface SandboxClientOptions {
  /** The server (`http://127.0.0.1:8080`) or the full sandbox URL (`…/sandbox/v1`). */
  baseUrl: string;
  /** MOCKEX_SANDBOX_TOKEN, when the server has one. */
  token?: string;
  fetch?: typeof fetch;
}

export function createSandboxClient(options: SandboxClientOptions) {
  const trimmed = options.baseUrl.replace(/\/+$/, '');
  const root = trimmed.endsWith('/sandbox/v1') ? trimmed : `${trimmed}/sandbox/v1`;
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  const call = <T>(method: Method, path: string, body?: unknown) =>
    send<T>(doFetch, root + path, method, headers, body === undefined ? {} : { body });
  return {
    armFault: (spec: FaultSpec) => call<ArmedFault>('POST', '/faults', spec),
    listFaults: () => call<{ faults: ArmedFault[] }>('GET', '/faults'),
    disarmFault: (id: string) =>
      call<{ id: string; disarmed: true }>('DELETE', `/faults/${encodeURIComponent(id)}`),
    clearFaults: () => call<{ disarmed: number }>('DELETE', '/faults'),
    setPrice: (symbol: string, price: Numeric) =>
      call<{ symbol: string; price: string }>('POST', '/prices', { symbol, price }),
    getClock: () => call<{ now: string; offsetSeconds: number }>('GET', '/clock'),
    advanceClock: (seconds: number) =>
      call<{ now: string; offsetSeconds: number }>('POST', '/clock/advance', { seconds }),
    setKycStatus: (email: string, status: 'none' | 'pending' | 'verified' | 'rejected' | 'expired') =>
      call<{ email: string; kycStatus: string }>('POST', '/accounts/kyc', { email, status }),
    credit: (email: string, wallet: WalletType, amount: Numeric) =>
      call<{ email: string; wallet: WalletType; amount: string; balance: string }>(
        'POST',
        '/accounts/funds',
        { email, wallet, amount },
      ),
    reset: () => call<{ reset: true }>('POST', '/reset', {}),
  };
}

export type SandboxClient = ReturnType<typeof createSandboxClient>;
