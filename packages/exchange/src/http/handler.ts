/**
 * The one handler of the exchange: a Fetch-style `(request, {ip}) => result`. The Node shell (which the
 * Express one wraps) and the MSW handlers are thin shells around it, so the server and the in-process
 * mock cannot drift apart. It reads only what a Fetch `Request` offers and answers plain data
 * (`GatewayResult`): MSW wraps that in a `Response` (`toFetchHandler`), while the Node shell writes it
 * directly, sparing the hot path the cost of building Fetch objects.
 *
 * Per request, in order: sandbox faults (armed or `X-Mockex-Fault`), routing, `X-Authentication`
 * through the key verifier (which decides key, IP whitelist, the route's permission and the owner's
 * KYC, in that order; the gateway only maps its refusal to the error), the per-key rate limit, input
 * validation, then the route.
 */
import {
  isMockexError,
  MockexError,
  rateBudgetFor,
  type KeyVerifier,
  type VenueProfile,
} from '@mockex/domain';
import type { AnyExchangeRoute, Caller } from '../routes/route.ts';
import type { ExchangeRuntime } from '../runtime.ts';
import {
  errorResponse,
  mockexErrorResponse,
  rateLimitedResponse,
  successResponse,
  toResponse,
  type GatewayResult,
} from './envelope.ts';
import {
  faultEffect,
  faultMatches,
  parseFaultHeader,
  type FaultEffect,
  type FaultRequest,
  type FaultSpec,
} from '../sandbox/faults.ts';
import { compileRoutes } from './paths.ts';
import { hasBearer } from '../sandbox/guard.ts';
import type { RateLimiter } from '../limits/rate-limit.ts';
import type { SandboxState } from '../sandbox/state.ts';
import { parseWith, queryObject, readJsonBody } from './validation.ts';

export interface RequestContext {
  /** The caller's address as the adapter determined it (socket, or X-Forwarded-For behind a trusted proxy). */
  ip: string;
}

/** The part of a Fetch `Request` the gateway reads (a `Request` is one; the Node shell passes a lighter one). */
export interface GatewayRequest {
  readonly method: string;
  /** Absolute URL. */
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
  /** Aborted when the client goes away (ends fault delays early). */
  readonly signal?: AbortSignal | undefined;
}

/** The one handler: request in, plain result out. */
export type GatewayHandler = (request: GatewayRequest, context: RequestContext) => Promise<GatewayResult>;

/** The same handler with Fetch types, for MSW and any Fetch-based server. */
export type FetchHandler = (request: Request, context: RequestContext) => Promise<Response>;

export function toFetchHandler(handler: GatewayHandler): FetchHandler {
  return async (request, context) => toResponse(await handler(request, context));
}

/** The part of a pino logger the gateway uses. */
export interface GatewayLogger {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ExchangeHandlerOptions<R = ExchangeRuntime> {
  routes: readonly AnyExchangeRoute<R>[];
  /** What the routes' `handle` receives (the exchange's runtime; the gateway's own tests pass their own). */
  runtime: R;
  keys: KeyVerifier;
  limiter: RateLimiter;
  profile: VenueProfile;
  sandbox: SandboxState;
  /** Draws for probabilistic faults (seeded with MOCKEX_SEED for reproducible runs). */
  random?: () => number;
  /** Where the exchange is mounted; paths below it are matched against the routes. */
  basePath?: string;
  /** MOCKEX_SANDBOX_TOKEN: when set, `X-Mockex-Fault` also needs `Authorization: Bearer <token>`. */
  sandboxToken?: string | undefined;
  logger?: GatewayLogger;
}

export const EXCHANGE_BASE_PATH = '/fapi/v1';
/** No route of the venue comes near this; a longer path is refused before anything looks at it. */
export const MAX_PATH_LENGTH = 2_048;
export const FAULT_HEADER = 'x-mockex-fault';

/** Waits, but gives up early when the client has gone away. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export function createExchangeHandler<R>(options: ExchangeHandlerOptions<R>): GatewayHandler {
  const { keys, limiter, profile, sandbox, logger } = options;
  const basePath = options.basePath ?? EXCHANGE_BASE_PATH;
  const random = options.random ?? Math.random;
  // The profile's version of the venue may not serve every route of the table.
  const router = compileRoutes(
    options.routes.filter((route) => !profile.omitRoutes.includes(`${route.method} ${route.path}`)),
  );

  /** The first fault that fires decides the answer; latency faults that fire add their delay. */
  async function pickFault(request: GatewayRequest, req: FaultRequest): Promise<FaultEffect | null> {
    const header = request.headers.get(FAULT_HEADER);
    if (header !== null && options.sandboxToken && !hasBearer(request, options.sandboxToken)) {
      throw new MockexError('SANDBOX_UNAUTHORIZED');
    }
    const requested: FaultSpec | null = header ? parseFaultHeader(header) : null;
    let delayMs = 0;
    const candidates = requested ? [requested] : [];
    for (const fault of sandbox.faults()) {
      if (!faultMatches(fault, req)) continue;
      if (fault.probability !== undefined && random() >= fault.probability) continue;
      if (!(await sandbox.takeFault(fault))) continue;
      candidates.push(fault);
      if (fault.fault !== 'latency') break;
    }
    for (const fault of candidates) {
      const effect = faultEffect(fault);
      if (effect.kind === 'delay') delayMs = Math.max(delayMs, effect.delayMs);
      else return { ...effect, delayMs: Math.max(delayMs, effect.delayMs) };
    }
    return delayMs > 0 ? { kind: 'delay', delayMs } : null;
  }

  async function run(
    request: GatewayRequest,
    context: RequestContext,
    matched: { route?: AnyExchangeRoute<R> },
  ): Promise<GatewayResult> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const secret = request.headers.get('x-authentication')?.trim() || undefined;
    if (url.pathname.length > MAX_PATH_LENGTH) {
      return errorResponse('INVALID_REQUEST', {
        detail: `path: must be at most ${MAX_PATH_LENGTH} characters`,
      });
    }

    // Most requests carry no fault header and meet no armed fault: no async hop for them.
    const effect =
      request.headers.get(FAULT_HEADER) === null && sandbox.faults().length === 0
        ? null
        : await pickFault(request, { method, path: url.pathname, secret });
    if (effect) {
      await sleep(effect.delayMs, request.signal);
      if (effect.kind === 'drop') return { drop: true };
      if (effect.kind === 'respond') return effect.response;
    }

    const relative = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : null;
    const match = relative === null ? ({ kind: 'not_found' } as const) : router.match(method, relative);
    if (match.kind === 'not_found') return errorResponse('NOT_FOUND', { method, path: url.pathname });
    if (match.kind === 'bad_param') {
      return errorResponse('INVALID_REQUEST', { detail: `${match.param}: is not a valid path segment` });
    }
    const { route, params: rawParams } = match;
    matched.route = route;

    async function input() {
      const params = await parseWith(route.params, rawParams, 'path');
      const query = await parseWith(route.query, queryObject(url), 'query');
      const rawBody = method === 'GET' ? undefined : await readJsonBody(request);
      const body = await parseWith(route.body, rawBody, 'body');
      return { params, query, body };
    }

    const now = sandbox.clock.now();
    if (route.permission === 'PUBLIC') {
      // Market data: no key, one budget per caller address.
      const decision = await limiter.consume(`ip:${context.ip}:public`, profile.rateLimit.public);
      if (!decision.allowed) {
        const seconds = String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
        return errorResponse('MARKET_RATE_LIMITED', {}, { 'retry-after': seconds });
      }
      const data = await route.handle({ ...(await input()), now }, options.runtime);
      return successResponse(data ?? null, route.successStatus);
    }

    const verification = await keys.verifyKey(secret, { ip: context.ip, now, needs: route.permission });
    if (!verification.valid) {
      return errorResponse(verification.reason, 'detail' in verification ? verification.detail : {});
    }
    const { key, account } = verification;

    const budget = rateBudgetFor(profile, route.rateGroup);
    const decision = await limiter.consume(`${key.id}:${budget.name}`, budget.windows);
    if (!decision.allowed) return rateLimitedResponse(decision.retryAfterMs / 1000);

    const caller: Caller = { key, account, ip: context.ip };
    const data = await route.handle({ caller, ...(await input()), now }, options.runtime);
    return successResponse(data ?? null, route.successStatus);
  }

  return async (request, context) => {
    const matched: { route?: AnyExchangeRoute<R> } = {};
    try {
      return await run(request, context, matched);
    } catch (error) {
      if (isMockexError(error)) return mockexErrorResponse(error, matched.route?.nullErrorCode === true);
      logger?.error(
        { err: error, method: request.method, path: new URL(request.url).pathname },
        'exchange request failed',
      );
      return errorResponse('INTERNAL_ERROR');
    }
  };
}
