/**
 * The error catalogue: the one place every failure Mockex can report is described. The key API's
 * tRPC formatter, the exchange's REST envelope, the sandbox and the docs' error reference all read
 * from here, so a code, its status and its text cannot drift apart.
 *
 * `message` may hold `{placeholders}` filled by `errorMessage()`. Where the venue has a text of its
 * own (`Invalid Authentication`, `order not found`, `insufficient balance`, ...) it is reproduced
 * exactly: bots and client libraries such as ccxt branch on it. `VENUE_TEXTS` below holds the venue's
 * other refusal texts, each sent under one of these codes.
 */
export type ErrorArea = 'common' | 'key-api' | 'exchange' | 'sandbox';

export interface ErrorSpec {
  readonly status: number;
  readonly area: ErrorArea;
  /** What the caller sees; `{name}` placeholders are filled per occurrence. */
  readonly message: string;
  /** Why it happens, in a sentence, for the docs. */
  readonly cause: string;
  /** What the user should do about it. */
  readonly fix: string;
}

const catalogue = {
  // Common
  INVALID_REQUEST: {
    status: 400,
    area: 'common',
    message: 'Invalid request: {detail}',
    cause:
      'The body, query or a path parameter is missing a field, has a wrong type, or breaks a rule such as a step or range.',
    fix: 'Read the named field in the message, correct it, and send the request again. Nothing was changed.',
  },
  NOT_FOUND: {
    status: 404,
    area: 'common',
    message: 'No route for {method} {path}',
    cause: 'The path or method is not part of the API.',
    fix: 'Check the path against the API reference; paths are case-sensitive.',
  },
  INTERNAL_ERROR: {
    status: 500,
    area: 'common',
    message: 'Internal server error',
    cause: 'An unexpected failure inside Mockex. It is logged with a request id.',
    fix: 'Retry; if it persists, report it with the request id from the logs.',
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    area: 'common',
    message: 'The database is not reachable; try again shortly',
    cause: 'The server cannot reach its PostgreSQL database.',
    fix: 'Retry after a short wait; check DATABASE_URL and that PostgreSQL is running.',
  },

  // Key API: accounts and sessions
  UNAUTHENTICATED: {
    status: 401,
    area: 'key-api',
    message: 'Sign in first: this call needs a valid session token',
    cause: 'The Authorization bearer token is missing, unknown, signed out or expired.',
    fix: 'Call auth.signIn and send the returned token as `Authorization: Bearer <token>`.',
  },
  EMAIL_TAKEN: {
    status: 409,
    area: 'key-api',
    message: 'An account with this email already exists',
    cause: 'Sign-up used an email that is already registered.',
    fix: 'Sign in instead, or use another email.',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    area: 'key-api',
    message: 'Email or password is wrong',
    cause: 'No account has this email, or the password does not match. Mockex does not say which.',
    fix: 'Check both and try again; repeated failures lock sign-in for a while.',
  },
  OTP_REQUIRED: {
    status: 401,
    area: 'key-api',
    message: 'This account has two-factor authentication on: send the current code as otp',
    cause: 'The password was right but the account needs a TOTP code to sign in.',
    fix: 'Repeat auth.signIn with `otp` set to the 6-digit code from your authenticator app.',
  },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    area: 'key-api',
    message: 'Too many failed attempts. Try again in {seconds} seconds.',
    cause: 'Several wrong passwords or codes in a row for this account or from this address.',
    fix: 'Wait for the time given, then try again with the right credentials.',
  },
  TWO_FACTOR_REQUIRED: {
    status: 403,
    area: 'key-api',
    message: 'Enable two-factor authentication before managing API keys',
    cause: 'Creating, changing, rotating or revoking keys needs 2FA on the account.',
    fix: 'Call account.beginTwoFactor, add the secret to an authenticator app, then account.enableTwoFactor with a code.',
  },
  TWO_FACTOR_ALREADY_ENABLED: {
    status: 409,
    area: 'key-api',
    message: 'Two-factor authentication is already enabled',
    cause: 'account.beginTwoFactor or enableTwoFactor was called on an account that already has 2FA.',
    fix: 'Nothing to do: use your existing authenticator entry.',
  },
  TWO_FACTOR_NOT_STARTED: {
    status: 409,
    area: 'key-api',
    message: 'Call account.beginTwoFactor first',
    cause: 'account.enableTwoFactor was called before a 2FA secret was issued.',
    fix: 'Call account.beginTwoFactor, scan the secret, then confirm with enableTwoFactor.',
  },
  INVALID_OTP: {
    status: 401,
    area: 'key-api',
    message: 'The two-factor code is wrong, expired or already used',
    cause: 'The TOTP code does not match the current 30-second window (±1), or it was already used.',
    fix: 'Wait for the next code in your authenticator app and send that one; check the device clock.',
  },
  KYC_REQUIRED: {
    status: 403,
    area: 'common',
    message: 'API access needs verified identity (KYC); the KYC status of this account is {status}',
    cause:
      "The account's KYC is not verified (none, pending, rejected or expired). Keys of such an account stop working.",
    fix: 'Submit KYC with account.submitKyc (in the sandbox it verifies at once), or ask the sandbox to set it to verified.',
  },
  KEY_LIMIT_REACHED: {
    status: 409,
    area: 'key-api',
    message: 'This account already has {limit} active API key(s), the most allowed',
    cause: 'The venue profile allows a fixed number of active keys per user (1 for mudrex).',
    fix: 'Rotate the existing key to get a new secret, or revoke it before creating another.',
  },
  KEY_NOT_FOUND: {
    status: 404,
    area: 'key-api',
    message: 'No API key with this id on your account',
    cause: 'The id is wrong or the key belongs to another account.',
    fix: 'Call keys.list to see your keys and their ids.',
  },
  PERMISSION_POLICY: {
    status: 400,
    area: 'key-api',
    message: 'Permissions not allowed: {detail}',
    cause: 'WITHDRAW needs a non-empty IP whitelist and cannot be combined with TRADE on one key.',
    fix: 'Use separate keys for trading and withdrawing, and whitelist the addresses of a withdrawing system.',
  },

  // Exchange: authentication and authorisation, in the order they are checked
  AUTH_MISSING: {
    status: 401,
    area: 'exchange',
    message: 'Invalid Authentication',
    cause: 'The request has no X-Authentication header.',
    fix: 'Send your API secret in the X-Authentication header on every request.',
  },
  AUTH_INVALID: {
    status: 401,
    area: 'exchange',
    message: 'Invalid Authentication',
    cause:
      'The X-Authentication value is not a known API secret (mistyped, truncated, or replaced by a rotation).',
    fix: 'Copy the secret again from where you stored it; if it is lost, rotate the key to get a new one.',
  },
  KEY_REVOKED: {
    status: 401,
    area: 'common',
    message: 'This API key has been revoked; create a new key',
    cause: 'The key was revoked. Revocation is permanent.',
    fix: 'Create a new key with keys.create and update your bot with its secret.',
  },
  KEY_EXPIRED: {
    status: 401,
    area: 'common',
    message: 'This API key expired on {expiredAt}; rotate it or create a new key',
    cause: 'Keys expire 90 days after they were created or last rotated.',
    fix: 'Rotate the key (keys.rotate) and update your bot with the new secret.',
  },
  IP_NOT_ALLOWED: {
    status: 403,
    area: 'exchange',
    message: 'Requests from {ip} are not allowed for this API key',
    cause: "The caller's address is not in the key's IP whitelist.",
    fix: 'Add the address (or its CIDR range) to the whitelist with keys.update, or call from a whitelisted host.',
  },
  PERMISSION_DENIED: {
    status: 403,
    area: 'exchange',
    message: 'This API key lacks the {permission} permission needed for this request',
    cause: 'Reads need READ_ONLY (or TRADE); placing orders, changing positions and transfers need TRADE.',
    fix: 'Give the key the permission with keys.update, or use a key that has it.',
  },
  RATE_LIMITED: {
    status: 429,
    area: 'exchange',
    message: 'Too many requests. Try again in {seconds} seconds.',
    cause:
      "The key went over one of its venue profile's rate-limit windows (by default 2 a second, 50 a minute, 1000 an hour and 10000 a day), counted across every system using it.",
    fix: 'Wait for the Retry-After seconds, then retry; spread requests out or give each bot its own key.',
  },
  MARKET_RATE_LIMITED: {
    status: 429,
    area: 'exchange',
    message: 'Rate limit exceeded',
    cause: 'The caller address went over the public market-data limit (300 requests a minute per address).',
    fix: 'Wait for the Retry-After seconds, then retry; cache candles instead of asking for them again.',
  },

  // Exchange: trading
  POSITION_OUT_OF_SYNC: {
    status: 400,
    area: 'exchange',
    message: 'position not in sync with exchange',
    cause: 'The position was closed, flipped, shrunk or liquidated since you last read it.',
    fix: 'Fetch the open positions again, then decide and retry on the current state.',
  },
  ASSET_NOT_FOUND: {
    status: 404,
    area: 'exchange',
    message: 'Asset not found',
    cause: 'The asset id or symbol is not listed.',
    fix: 'List instruments with GET /futures; pass `?is_symbol` when you use a symbol such as BTCUSDT.',
  },
  ORDER_NOT_FOUND: {
    status: 404,
    area: 'exchange',
    message: 'order not found',
    cause: 'The order id is unknown or belongs to another account.',
    fix: 'List your orders with GET /futures/orders or /futures/orders/history.',
  },
  ORDER_NOT_OPEN: {
    status: 400,
    area: 'exchange',
    message: 'Order {id} is {status} and can no longer be changed',
    cause: 'Only open (resting) orders can be amended or cancelled.',
    fix: 'Read the order again; a filled order has become a position.',
  },
  POSITION_NOT_FOUND: {
    status: 404,
    area: 'exchange',
    message: 'Position not found',
    cause: 'The position id is unknown or belongs to another account.',
    fix: 'List open positions with GET /futures/positions.',
  },
  POSITION_NOT_OPEN: {
    status: 400,
    area: 'exchange',
    message: 'position is not open',
    cause:
      'The position was closed or liquidated before this request (the stop-loss and take-profit routes say `Position is not in OPEN state`).',
    fix: 'Fetch the open positions again; act only on those still listed.',
  },
  LEVERAGE_NOT_FOUND: {
    status: 404,
    area: 'exchange',
    message: 'leverage not found',
    cause: 'No leverage was ever set for this asset (and trade currency) on this account.',
    fix: 'Set it with POST /futures/:asset/leverage, or place an order with `leverage`, which sets it too.',
  },
  INSUFFICIENT_BALANCE: {
    status: 400,
    area: 'exchange',
    message: 'insufficient balance',
    cause:
      'The wallet does not hold enough free funds for the margin, fees or transfer (adding margin says `Insufficient funds`).',
    fix: 'Transfer funds into the futures wallet, lower the size or raise the leverage.',
  },
  SERVER_ERROR: {
    status: 500,
    area: 'exchange',
    message: 'Internal server error',
    cause: 'The venue failed on its side (in Mockex: an armed server_error fault).',
    fix: 'Retry with backoff; read state first if the request might have taken effect.',
  },
  MAINTENANCE: {
    status: 503,
    area: 'exchange',
    message: 'The exchange is under maintenance. Try again later.',
    cause: 'The venue is in a maintenance window (in Mockex: an armed maintenance fault).',
    fix: 'Back off and retry after Retry-After seconds.',
  },

  // Sandbox control plane
  SANDBOX_UNAUTHORIZED: {
    status: 401,
    area: 'sandbox',
    message: 'The sandbox control plane needs Authorization: Bearer <MOCKEX_SANDBOX_TOKEN>',
    cause: 'The server was started with MOCKEX_SANDBOX_TOKEN and the call did not carry it.',
    fix: 'Send the token as a bearer token.',
  },
  SANDBOX_CROSS_SITE: {
    status: 403,
    area: 'sandbox',
    message:
      'The sandbox refuses requests sent by a page on another site ({origin}) while MOCKEX_SANDBOX_TOKEN is unset',
    cause:
      'The Origin or Sec-Fetch-Site header says a browser page of another site sent the call; without a token, that is how any web page could drive the sandbox.',
    fix: 'Call the sandbox from a script, curl or the web app Mockex serves itself, or set MOCKEX_SANDBOX_TOKEN and send it.',
  },
  SANDBOX_HOST_NOT_ALLOWED: {
    status: 403,
    area: 'sandbox',
    message: 'The sandbox refuses Host {host}: not a name of this server (add it to MOCKEX_ALLOWED_HOSTS)',
    cause:
      'Without a token the sandbox answers only to loopback names, IP addresses, HOST and MOCKEX_ALLOWED_HOSTS, so a web page cannot reach it through a name it controls (DNS rebinding).',
    fix: 'Use the server by address or by localhost, add the name to MOCKEX_ALLOWED_HOSTS (comma-separated), or set MOCKEX_SANDBOX_TOKEN.',
  },
  SANDBOX_NOT_JSON: {
    status: 415,
    area: 'sandbox',
    message: 'The sandbox takes JSON bodies only: send Content-Type: application/json (got {contentType})',
    cause:
      'The body came with another content type (a browser form or text/plain, which a page on any site can send).',
    fix: 'Send the body as JSON with `Content-Type: application/json`.',
  },
  ACCOUNT_NOT_FOUND: {
    status: 404,
    area: 'sandbox',
    message: 'No account with email {email}',
    cause: 'The sandbox was asked to change an account that does not exist.',
    fix: 'Sign the user up first with auth.signUp.',
  },
  FAULT_NOT_FOUND: {
    status: 404,
    area: 'sandbox',
    message: 'No armed fault {id}',
    cause: 'The fault id is unknown, or the fault already fired its `times` and was removed.',
    fix: 'List armed faults with GET /sandbox/v1/faults.',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof catalogue;
export const ERRORS: Readonly<Record<ErrorCode, ErrorSpec>> = catalogue;
export const ERROR_CODES = Object.keys(catalogue) as ErrorCode[];

export type ErrorParams = Record<string, string | number>;

export interface VenueText {
  /** The catalogue code it travels under (the envelope's `reason`). */
  readonly reason: ErrorCode;
  /** The venue's exact text. */
  readonly text: string;
  /** When the exchange answers with it, for the docs. */
  readonly when: string;
}

/**
 * The venue's own texts for refusals it documents beyond one-text-per-code: most are field checks
 * that all travel as INVALID_REQUEST, where Mockex's generic text would name the field instead.
 */
const venueTexts = {
  PARAMS_ERROR: {
    reason: 'INVALID_REQUEST',
    text: 'Params error',
    when: 'A required order field is missing or not a number (`quantity`, `leverage`, a LIMIT order without `order_price`, a LIMIT partial close without `limit_price`).',
  },
  LEVERAGE_OUT_OF_RANGE: {
    reason: 'INVALID_REQUEST',
    text: 'leverage out of permissible range',
    when: "`leverage` is outside the asset's `min_leverage`..`max_leverage` or off its `leverage_step`.",
  },
  QUANTITY_STEP: {
    reason: 'INVALID_REQUEST',
    text: 'quantity not a multiple of the quantity step',
    when: "`quantity` is not a whole multiple of the asset's `quantity_step`.",
  },
  QUANTITY_RANGE: {
    reason: 'INVALID_REQUEST',
    text: 'order quantity out of permissible range',
    when: '`quantity` is 0 or less, under `min_contract`, or over `max_contract` (`max_market_contract` for MARKET orders).',
  },
  PRICE_RANGE: {
    reason: 'INVALID_REQUEST',
    text: 'order price out of permissible range',
    when: "A LIMIT `order_price` (or a stop-loss, take-profit or limit price) is outside `min_price`..`max_price` or off the asset's `price_step`. A MARKET order's `order_price` is never checked.",
  },
  INVALID_ORDER_TYPE: {
    reason: 'INVALID_REQUEST',
    text: 'invalid order type',
    when: '`order_type` is not LONG or SHORT (MARKET or LIMIT on a partial close).',
  },
  INVALID_TRIGGER_TYPE: {
    reason: 'INVALID_REQUEST',
    text: 'invalid trigger type',
    when: '`trigger_type` is not MARKET or LIMIT.',
  },
  INVALID_TRADE_CURRENCY: {
    reason: 'INVALID_REQUEST',
    text: 'Invalid trade currency',
    when: '`trade_currency` is given and is neither USDT nor INR.',
  },
  SAME_WALLET: {
    reason: 'INVALID_REQUEST',
    text: 'From and To wallet types must be different',
    when: 'A transfer names the same wallet type on both sides (sent with `code: null`, as the venue does for transfers).',
  },
  RISK_ORDER_ID_MISSING: {
    reason: 'INVALID_REQUEST',
    text: 'risk order id missing',
    when: 'Editing a stop-loss or take-profit (PATCH riskorder) that exists without naming its `stoploss_order_id` / `takeprofit_order_id`.',
  },
  RISK_ORDER_FAILED: {
    reason: 'INVALID_REQUEST',
    text: 'Risk order creation failed',
    when: 'A stop-loss or take-profit price is on the wrong side of the mark price or past the liquidation price.',
  },
  POSITION_NOT_OPEN_STATE: {
    reason: 'POSITION_NOT_OPEN',
    text: 'Position is not in OPEN state',
    when: 'Setting or editing a stop-loss or take-profit on a position that is closed or liquidated.',
  },
  INSUFFICIENT_FUNDS: {
    reason: 'INSUFFICIENT_BALANCE',
    text: 'Insufficient funds',
    when: 'Adding margin needs more than the free futures balance.',
  },
  KLINE_ASSETS_REQUIRED: {
    reason: 'INVALID_REQUEST',
    text: 'assets are required',
    when: 'Market data (`GET /price/kline`, `/price/mark-kline`) without `assets`.',
  },
  KLINE_TOO_MANY_ASSETS: {
    reason: 'INVALID_REQUEST',
    text: 'allowed assets size is 25',
    when: 'Market data naming more than 25 assets.',
  },
  KLINE_AGGREGATION: {
    reason: 'INVALID_REQUEST',
    text: 'aggregation not supported',
    when: 'Market data without `aggregation`, or with one the venue does not offer.',
  },
  KLINE_TIME_MISSING: {
    reason: 'INVALID_REQUEST',
    text: 'start and end time should be greater than 0',
    when: 'Market data without `start_time` or `end_time`, or with one that is not a positive number of seconds.',
  },
  KLINE_TIME_ORDER: {
    reason: 'INVALID_REQUEST',
    text: 'end time should be greater than start time',
    when: 'Market data whose `end_time` is not after its `start_time`.',
  },
  KLINE_INVALID_ASSETS: {
    reason: 'INVALID_REQUEST',
    text: 'invalid assets',
    when: 'Market data naming an asset that is not written `BASE/QUOTE` (`BTC/USDT`).',
  },
  KLINE_ASSET_NOT_FOUND: {
    reason: 'ASSET_NOT_FOUND',
    text: 'asset not found',
    when: 'Market data naming a pair that is not listed (lowercase on these routes, as the venue sends it).',
  },
} as const satisfies Record<string, VenueText>;

export type VenueTextName = keyof typeof venueTexts;
export const VENUE_TEXTS: Readonly<Record<VenueTextName, VenueText>> = venueTexts;

/** Fills the `{placeholders}` of a code's message; unknown placeholders are left readable. */
export function errorMessage(code: ErrorCode, params: ErrorParams = {}): string {
  return ERRORS[code].message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * The one exception type for expected failures. Adapters (tRPC, REST) turn it into their wire shape;
 * anything else that is thrown is a bug and becomes INTERNAL_ERROR without leaking its text.
 */
export class MockexError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly params: ErrorParams;
  /** Extra machine-readable facts for the caller, such as `retryAfterSeconds` or the offending `field`. */
  readonly meta: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    params: ErrorParams = {},
    meta: Record<string, unknown> = {},
    /** The venue's own text, when it has one for this case (see `venueError`). */
    text?: string,
  ) {
    super(text ?? errorMessage(code, params));
    this.name = 'MockexError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.params = params;
    this.meta = meta;
  }
}

/** A refusal with one of the venue's own texts (`meta` names the `field` where there is one). */
export function venueError(name: VenueTextName, meta: Record<string, unknown> = {}): MockexError {
  const { reason, text } = VENUE_TEXTS[name];
  return new MockexError(reason, {}, { ...meta, venueText: name }, text);
}

export function isMockexError(error: unknown): error is MockexError {
  return error instanceof MockexError;
}

/** A 400 INVALID_REQUEST naming the offending field: the detail reads `<field>: <problem>`. */
export function invalidRequest(field: string, problem: string): MockexError {
  return new MockexError('INVALID_REQUEST', { detail: `${field}: ${problem}` }, { field });
}
