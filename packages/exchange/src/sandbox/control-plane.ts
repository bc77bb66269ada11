/**
 * The sandbox control plane, `/sandbox/v1`: arm and disarm faults, set mark prices, read and advance
 * the sandbox clock, set a user's KYC, credit funds, reset. A Fetch-style handler like the exchange's,
 * with the same envelope; its routes are data, so the OpenAPI document is generated from them too.
 * When a token is configured, every call needs `Authorization: Bearer <token>`.
 */
import { z } from 'zod';
import { Decimal, isMockexError, KYC_STATUSES, type ErrorCode } from '@mockex/domain';
import { decimalText, fitsUsdt, USDT_PLACES_TEXT } from '../routes/schemas.ts';
import { errorResponse, mockexErrorResponse, successResponse, type GatewayResult } from '../http/envelope.ts';
import { browserRefusal, hasBearer } from './guard.ts';
import { ACCOUNT_ROUTE, type SandboxAccountRequest, type SandboxAccountResult } from './accounts.ts';
import { FAULT_ROUTES } from './fault-routes.ts';
import type { GatewayHandler, GatewayLogger, GatewayRequest } from '../http/handler.ts';
import { compileRoutes } from '../http/paths.ts';
import type { RateLimiter } from '../limits/rate-limit.ts';
import type { SandboxState } from './state.ts';
import { parseWith, readJsonBody, refuseNul } from '../http/validation.ts';
import type { HttpMethod } from '../routes/route.ts';

export const SANDBOX_BASE_PATH = '/sandbox/v1';

/** What the control plane drives besides its own state: the exchange core and the accounts. */
export interface SandboxBackend {
  /** Sets a mark price; throws ASSET_NOT_FOUND for an unknown symbol. Returns the price as stored. */
  setPrice(symbol: string, price: string): Promise<{ symbol: string; price: string }>;
  /** Current mark prices, symbol → decimal string. */
  prices(): Promise<Array<{ symbol: string; price: string }>>;
  /** Throws ACCOUNT_NOT_FOUND for an unknown email. */
  setKycStatus(email: string, status: (typeof KYC_STATUSES)[number]): Promise<void>;
  /** Credits sandbox funds; throws ACCOUNT_NOT_FOUND for an unknown email. Returns the new balance. */
  credit(email: string, wallet: 'SPOT' | 'FUTURES', amount: string): Promise<{ balance: string }>;
  /** A ready trader: account, 2FA, KYC, key and funds (EMAIL_TAKEN when the email is in use). */
  createAccount(input: SandboxAccountRequest): Promise<SandboxAccountResult>;
  /** Forgets every account, key, order and position. */
  reset(): Promise<void>;
  /** Called after the clock moved, so funding, fills and liquidations catch up at once. */
  settle?(): Promise<void>;
}

export interface SandboxRoute<B = unknown> {
  method: HttpMethod;
  /** Relative to `/sandbox/v1`. */
  path: string;
  operationId: string;
  summary: string;
  body?: z.ZodType<B>;
  response: z.ZodType;
  example?: unknown;
  successStatus: 200 | 201;
  errors: ErrorCode[];
  handle(input: { params: Record<string, string>; body: B }, plane: SandboxPlane): Promise<unknown>;
}

/** What the control plane's routes act on. */
export interface SandboxPlane {
  state: SandboxState;
  backend: SandboxBackend;
  limiter: RateLimiter;
}

const positiveDecimal = decimalText((d) => d.gt(0), 'must be a positive decimal number', '65000.5');

export const clockSchema = z.object({
  now: z.string().meta({ example: '2026-01-01T00:00:00.000Z' }),
  offsetSeconds: z.number(),
});
const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('must be an email address'))
  .meta({ example: 'trader@example.com' });

/** Back to a fresh sandbox: accounts and exchange state, armed faults and clock, rate-limit history. */
export async function resetSandbox(plane: SandboxPlane): Promise<void> {
  await plane.backend.reset();
  await plane.state.reset();
  await plane.limiter.reset();
}

const clockNow = (state: SandboxState) => ({
  now: state.clock.now().toISOString(),
  offsetSeconds: state.offsetSeconds(),
});
const route = <B>(r: SandboxRoute<B>) => r;

/** The control plane's routes, as data (the handler and the OpenAPI document both read them). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- routes of different body types in one table
export const SANDBOX_ROUTES: readonly SandboxRoute<any>[] = [
  ...FAULT_ROUTES,
  route({
    method: 'POST',
    path: '/prices',
    operationId: 'setPrice',
    summary: 'Set a mark price',
    body: z
      .object({
        symbol: z.string().trim().min(1, 'must not be empty').toUpperCase().meta({ example: 'BTCUSDT' }),
        price: positiveDecimal,
      })
      .strict(),
    response: z.object({ symbol: z.string(), price: z.string() }),
    example: { symbol: 'BTCUSDT', price: '65000.5' },
    successStatus: 200,
    errors: ['ASSET_NOT_FOUND'],
    handle: ({ body }, plane) => plane.backend.setPrice(body.symbol, body.price),
  }),
  route({
    method: 'GET',
    path: '/prices',
    operationId: 'listPrices',
    summary: 'Current mark prices',
    response: z.object({ prices: z.array(z.object({ symbol: z.string(), price: z.string() })) }),
    successStatus: 200,
    errors: [],
    handle: async (_input, plane) => ({ prices: await plane.backend.prices() }),
  }),
  route({
    method: 'GET',
    path: '/clock',
    operationId: 'readClock',
    summary: 'Read the sandbox clock',
    response: clockSchema,
    successStatus: 200,
    errors: [],
    handle: async (_input, plane) => clockNow(plane.state),
  }),
  route({
    method: 'POST',
    path: '/clock/advance',
    operationId: 'advanceClock',
    summary: 'Move the sandbox clock forward',
    body: z
      .object({
        seconds: z
          .number({ error: 'must be a number' })
          .positive('must be greater than 0')
          .max(10 * 365 * 86_400, 'must be at most ten years')
          .meta({ example: 86_400 }),
      })
      .strict(),
    response: clockSchema,
    successStatus: 200,
    errors: [],
    handle: async ({ body }, plane) => {
      await plane.state.advanceClock(body.seconds);
      await plane.backend.settle?.();
      return clockNow(plane.state);
    },
  }),
  route({
    method: 'POST',
    path: '/accounts/kyc',
    operationId: 'setKycStatus',
    summary: "Set a user's KYC status",
    body: z
      .object({
        email: emailSchema,
        status: z.enum(KYC_STATUSES, { error: `must be one of ${KYC_STATUSES.join(', ')}` }),
      })
      .strict(),
    response: z.object({ email: z.string(), kycStatus: z.enum(KYC_STATUSES) }),
    example: { email: 'trader@example.com', kycStatus: 'expired' },
    successStatus: 200,
    errors: ['ACCOUNT_NOT_FOUND'],
    handle: async ({ body }, plane) => {
      await plane.backend.setKycStatus(body.email, body.status);
      return { email: body.email, kycStatus: body.status };
    },
  }),
  route({
    method: 'POST',
    path: '/accounts/funds',
    operationId: 'creditFunds',
    summary: 'Credit sandbox funds',
    body: z
      .object({
        email: emailSchema,
        wallet: z.enum(['SPOT', 'FUTURES'], { error: 'must be SPOT or FUTURES' }),
        amount: positiveDecimal.refine((v) => fitsUsdt(new Decimal(v)), USDT_PLACES_TEXT),
      })
      .strict(),
    response: z.object({
      email: z.string(),
      wallet: z.enum(['SPOT', 'FUTURES']),
      amount: z.string(),
      balance: z.string(),
    }),
    example: { email: 'trader@example.com', wallet: 'FUTURES', amount: '1000', balance: '1000' },
    successStatus: 200,
    errors: ['ACCOUNT_NOT_FOUND'],
    handle: async ({ body }, plane) => {
      const { balance } = await plane.backend.credit(body.email, body.wallet, body.amount);
      return { email: body.email, wallet: body.wallet, amount: body.amount, balance };
    },
  }),
  route({
    method: 'POST',
    path: '/reset',
    operationId: 'resetSandbox',
    summary: 'Back to a fresh sandbox',
    response: z.object({ reset: z.literal(true) }),
    successStatus: 200,
    errors: [],
    handle: async (_input, plane) => {
      await resetSandbox(plane);
      return { reset: true };
    },
  }),
  ACCOUNT_ROUTE,
];

export interface SandboxHandlerOptions {
  state: SandboxState;
  backend: SandboxBackend;
  limiter: RateLimiter;
  /** When set, every call needs `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /**
   * Without a token: host names the sandbox answers to besides loopback names and IP addresses (the
   * configured HOST and MOCKEX_ALLOWED_HOSTS; see guard.ts).
   */
  allowedHosts?: readonly string[] | undefined;
  /**
   * Refuse what a browser page on another site could send when there is no token (default true). The
   * in-process (MSW) mode turns it off: it intercepts its own test's requests and listens on no port.
   */
  guardBrowsers?: boolean | undefined;
  basePath?: string;
  logger?: GatewayLogger;
}

export function createSandboxHandler(options: SandboxHandlerOptions): GatewayHandler {
  const basePath = options.basePath ?? SANDBOX_BASE_PATH;
  const plane: SandboxPlane = { state: options.state, backend: options.backend, limiter: options.limiter };
  const router = compileRoutes(SANDBOX_ROUTES);
  const { token, logger } = options;
  const allowedHosts = options.allowedHosts ?? [];

  async function run(request: GatewayRequest): Promise<GatewayResult> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const text = method === 'GET' || method === 'HEAD' ? '' : await request.text();
    if (token) {
      if (!hasBearer(request, token)) return errorResponse('SANDBOX_UNAUTHORIZED');
    } else if (options.guardBrowsers !== false) {
      const refusal = browserRefusal(request, url, text, allowedHosts);
      if (refusal) return mockexErrorResponse(refusal);
    }
    const relative = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : null;
    const match = relative === null ? ({ kind: 'not_found' } as const) : router.match(method, relative);
    if (match.kind === 'not_found') return errorResponse('NOT_FOUND', { method, path: url.pathname });
    if (match.kind === 'bad_param')
      return errorResponse('INVALID_REQUEST', { detail: `${match.param}: is not a valid path segment` });
    const { route } = match;
    refuseNul(match.params, 'path');
    const rawBody = method === 'GET' ? undefined : await readJsonBody({ text: async () => text });
    const body = route.body ? await parseWith(route.body, rawBody ?? {}, 'body') : undefined;
    const data = await route.handle({ params: match.params, body }, plane);
    return successResponse(data, route.successStatus);
  }

  return async (request) => {
    try {
      return await run(request);
    } catch (error) {
      if (isMockexError(error)) return mockexErrorResponse(error);
      logger?.error(
        { err: error, method: request.method, path: new URL(request.url).pathname },
        'sandbox request failed',
      );
      return errorResponse('INTERNAL_ERROR');
    }
  };
}
