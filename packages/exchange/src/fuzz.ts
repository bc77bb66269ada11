/**
 * Requests for fuzz tests (fast-check): every `/fapi/v1` and `/sandbox/v1` route, with path parameters,
 * query strings and JSON bodies drawn from what breaks parsers and databases: NUL bytes, huge and exotic
 * numbers (`1e309`, `-0`, `5e-324`, 40-digit integers, `"NaN"`), long and odd paths, odd Unicode, wrong
 * types. A test sends them and asserts that no answer is a 5xx. Test-only (`@mockex/exchange/testing`).
 */
import fc from 'fast-check';
import type { HttpMethod } from './routes/route.ts';
import { FAPI_ROUTES } from './routes/index.ts';
import { SANDBOX_ROUTES } from './sandbox/control-plane.ts';

export interface FuzzRequest {
  method: string;
  /** Path and query, from the root (`/fapi/v1/futures/orders/abc?limit=1e309`). */
  path: string;
  /** JSON text, or something that is not JSON at all. */
  body?: string | undefined;
  contentType?: string | undefined;
}

/** Every field name the routes read, so generated bodies and queries reach the validators and beyond. */
const FIELD_NAMES = [
  'leverage',
  'margin_type',
  'quantity',
  'order_price',
  'order_type',
  'trigger_type',
  'is_stoploss',
  'stoploss_price',
  'is_takeprofit',
  'takeprofit_price',
  'reduce_only',
  'stoploss_order_id',
  'takeprofit_order_id',
  'from_wallet_type',
  'to_wallet_type',
  'amount',
  'margin',
  'ext_margin',
  'trade_currency',
  'sort',
  'order',
  'offset',
  'limit',
  'is_symbol',
  'symbol',
  'price',
  'seconds',
  'email',
  'status',
  'wallet',
  'fault',
  'match',
  'method',
  'path',
  'keyPrefix',
  'times',
  'probability',
  'latencyMs',
] as const;

/** Percent-encodes; a lone surrogate (which cannot be) becomes the bytes a careless client would send. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

const FORTY_DIGITS = '1234567890123456789012345678901234567890';

/** Numbers as JSON text: JSON.stringify could not write `1e309` or `-0` as they are. */
const numberText = fc.oneof(
  fc.constantFrom(
    '1e309',
    '-1e309',
    '-0',
    '0',
    '5e-324',
    '-5e-324',
    '1e-9',
    '1e21',
    '1.7976931348623157e308',
    '9007199254740993',
    FORTY_DIGITS,
    `-${FORTY_DIGITS}`,
    `0.${FORTY_DIGITS}`,
    '1',
    '2',
    '5',
    '10',
    '0.001',
    '60000',
    '0.5',
    '1000000',
  ),
  fc.double().map((d) => (Number.isFinite(d) ? String(d) : '0')),
  fc.integer().map(String),
);

const oddStrings = fc.constantFrom(
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '5e-324',
  '-0',
  '0x10',
  '1_000',
  ' 1 ',
  '',
  '\u0000',
  'a\u0000b',
  '60000\u0000',
  FORTY_DIGITS,
  `-${FORTY_DIGITS}`,
  '١٢٣',
  '\ud800',
  '🙂',
  'x'.repeat(5_000),
  '*a*a*a*a*a*a*a*a*a*a*b',
  '/fapi/v1/*',
  'mx_',
);

/** Values the routes accept somewhere, so some requests get past validation. */
const plausibleStrings = fc.constantFrom(
  'BTCUSDT',
  'ETHUSDT',
  'LONG',
  'SHORT',
  'MARKET',
  'LIMIT',
  'SPOT',
  'FUTURES',
  'ISOLATED',
  'USDT',
  'INR',
  'asc',
  'desc',
  'price',
  'GET',
  'POST',
  'rate_limit',
  'out_of_sync',
  'maintenance',
  'verified',
  'expired',
  'fuzz@example.com',
  '60000',
  '0.001',
  '5',
  'true',
);

const stringValue = fc.oneof(
  oddStrings,
  plausibleStrings,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

/** A JSON value as text. */
const jsonValue: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numberText,
    stringValue.map((s) => JSON.stringify(s)),
    fc.constantFrom('true', 'false', 'null'),
    fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 8 })), tie('value')), {
        maxLength: 4,
      })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  ),
})).value;

/** A body: usually an object of known fields, sometimes anything at all. */
const bodyText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(fc.tuple(fc.constantFrom(...FIELD_NAMES), jsonValue), { maxLength: 8 })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  },
  { weight: 2, arbitrary: jsonValue },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', '{', '{"a":', 'not json', '[]', '{}', '\u0000', '{"a":1}'.repeat(1000)),
  },
);

/** A path segment as sent on the wire (already percent-encoded where needed). */
const segment = fc.oneof(
  plausibleStrings.map(encode),
  fc.constantFrom(
    '01903a7b-bf65-707d-a7dc-d7b84c3c756c',
    'ord_01JD0000000000000000000000',
    'pos_01JD0000000000000000000000',
    '%00',
    'a%00b',
    '%',
    '%E0%A4%A',
    '%FF',
    '..',
    '.',
    '%2F',
    'a'.repeat(300),
    'a'.repeat(3_000),
    FORTY_DIGITS,
  ),
  stringValue.map(encode),
);

const queryText = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 6 })),
      fc.oneof(numberText, stringValue, fc.constant('')),
    ),
    { maxLength: 4 },
  )
  .map((pairs) =>
    pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}`,
  );

interface RouteShape {
  method: HttpMethod;
  path: string;
}

export interface FuzzOptions {
  /** Sandbox routes to leave out (over HTTP, `/reset` and `/clock/advance` would end the test's key). */
  skipSandbox?: readonly string[];
}

function routeRequest(base: string, route: RouteShape): fc.Arbitrary<FuzzRequest> {
  const params = route.path.split('/').filter((s) => s.startsWith(':')).length;
  return fc
    .record({
      segments: fc.array(segment, { minLength: params, maxLength: params }),
      query: queryText,
      body:
        route.method === 'GET' ? fc.constant(undefined) : fc.option(bodyText, { nil: undefined, freq: 8 }),
      contentType: fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain'),
    })
    .map(({ segments, query, body, contentType }) => {
      let i = 0;
      const path = route.path.replace(/:\w+/g, () => segments[i++]!);
      return { method: route.method, path: `${base}${path}${query}`, body, contentType };
    });
}

/** Odd paths under each mount: extra, empty and doubled segments, trailing slashes, long ones. */
function oddPath(base: string): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      method: fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS'),
      segments: fc.array(fc.oneof(segment, fc.constant('')), { maxLength: 6 }),
      query: queryText,
      trailing: fc.boolean(),
    })
    .map(({ method, segments, query, trailing }) => ({
      method,
      path: `${base}/${segments.join('/')}${trailing ? '/' : ''}${query}`,
    }));
}

/** Requests to every `/fapi/v1` route, plus odd paths under the mount. */
export function exchangeRequests(): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    ...FAPI_ROUTES.map((route) => ({ weight: 4, arbitrary: routeRequest('/fapi/v1', route) })),
    { weight: 3, arbitrary: oddPath('/fapi/v1') },
  );
}

/** Requests to every `/sandbox/v1` route (but those skipped), plus odd paths under the mount. */
export function sandboxRequests(options: FuzzOptions = {}): fc.Arbitrary<FuzzRequest> {
  const routes = SANDBOX_ROUTES.filter((r) => !options.skipSandbox?.includes(r.path));
  return fc.oneof(...routes.map((route) => ({ weight: 4, arbitrary: routeRequest('/sandbox/v1', route) })), {
    weight: 2,
    arbitrary: oddPath('/sandbox/v1'),
  });
}
