/**
 * @mockex/exchange: the mock Mudrex-compatible futures exchange. The core (engine, state, routes) and
 * the gateway (auth, rate limit, faults, envelope, sandbox control plane, OpenAPI) meet in one
 * Fetch-style handler; `@mockex/exchange/express` and `@mockex/exchange/msw` are its two shells.
 */
import { buildOpenApiDocument } from './http/openapi.ts';
import { FAPI_ROUTES } from './routes/index.ts';
import { SANDBOX_ROUTES } from './sandbox/control-plane.ts';

export * from './routes/route.ts';
export * from './engine/index.ts';
export * from './store/index.ts';
export { FAPI_ROUTES } from './routes/index.ts';
export { createExchange, type Exchange, type ExchangeOptions } from './exchange.ts';
export type { ExchangeAccounts } from './accounts/accounts.ts';
export { sandboxBackend } from './sandbox/backend.ts';
export * as fapiSchemas from './routes/schemas.ts';
export {
  createRuntime,
  creditAccount,
  createExchangeCore,
  DEFAULT_SEED,
  type ExchangeRuntime,
  type HistoryPages,
  type RuntimeOptions,
  type ExchangeCore,
  type ExchangeCoreOptions,
} from './runtime.ts';
export {
  createExchangeHandler,
  toFetchHandler,
  EXCHANGE_BASE_PATH,
  FAULT_HEADER,
  type ExchangeHandlerOptions,
  type FetchHandler,
  type GatewayHandler,
  type GatewayRequest,
  type GatewayLogger,
  type RequestContext,
} from './http/handler.ts';
export {
  errorEnvelope,
  wireCode,
  toResponse,
  type Envelope,
  type EnvelopeError,
  type GatewayAnswer,
  type GatewayResult,
} from './http/envelope.ts';
export {
  createRateLimiter,
  createMemoryRateLimiter,
  createRedisRateLimiter,
  type RateLimiter,
  type RateDecision,
} from './limits/rate-limit.ts';
export { createDbSandboxState, createMemorySandboxState, type SandboxState } from './sandbox/state.ts';
export {
  createSandboxHandler,
  resetSandbox,
  SANDBOX_ROUTES,
  SANDBOX_BASE_PATH,
  type SandboxBackend,
  type SandboxPlane,
  type SandboxRoute,
} from './sandbox/control-plane.ts';
export {
  FAULT_KINDS,
  faultSpecSchema,
  seededRandom,
  type ArmedFault,
  type FaultKind,
  type FaultSpec,
  type FaultSpecInput,
} from './sandbox/faults.ts';
export {
  DEFAULT_SANDBOX_FUTURES_FUNDS,
  SANDBOX_ACCOUNT_PERMISSIONS,
  keyOnTheWire,
  openSandboxAccount,
  sandboxAccountInputSchema,
  sandboxAccountSchema,
  sandboxCredits,
  type SandboxAccountInput,
  type SandboxAccountKey,
  type SandboxAccountMaker,
  type SandboxAccountRequest,
  type SandboxAccountResult,
} from './sandbox/accounts.ts';
export { createMemoryKeyVerifier, type MockKeySpec } from './accounts/memory-keys.ts';
export { clientIp } from './http/client-ip.ts';
export { createInProcessExchange, type InProcessExchange, type InProcessSandbox } from './in-process.ts';
export {
  buildOpenApiDocument,
  FAULT_ERRORS,
  GATEWAY_ERRORS,
  SANDBOX_ERRORS,
  openApiPath,
} from './http/openapi.ts';

/**
 * The OpenAPI 3.1 document of `/fapi/v1` and `/sandbox/v1` (the server serves it at /openapi.json;
 * the docs site generates its REST reference from it), built from the static route tables alone.
 */
export function createOpenApiDocument(
  options: { servers?: Array<{ url: string; description?: string }> } = {},
): ReturnType<typeof buildOpenApiDocument> {
  return buildOpenApiDocument({
    exchangeRoutes: FAPI_ROUTES,
    sandboxRoutes: SANDBOX_ROUTES,
    ...(options.servers ? { servers: options.servers } : {}),
  });
}
