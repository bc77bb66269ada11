/**
 * The one place the exchange is assembled: the runtime over a store, the `/fapi/v1` handler over the
 * static route table, the `/sandbox/v1` control plane over the sandbox state, all behind one accounts
 * port. The server, the in-process (MSW) mode and the benchmark each make one `createExchange` call;
 * only what they pass in differs (PostgreSQL or memory, the key service or declared keys, Redis or not).
 */
import { venueProfile, type IdKind, type VenueProfile } from '@mockex/domain';
import type { ExchangeAccounts } from './accounts/accounts.ts';
import type { InstrumentSpec } from './engine/instruments.ts';
import { createExchangeHandler, type GatewayHandler, type GatewayLogger } from './http/handler.ts';
import { createMemoryRateLimiter, type RateLimiter } from './limits/rate-limit.ts';
import { FAPI_ROUTES } from './routes/index.ts';
import { createExchangeCore, DEFAULT_SEED, type ExchangeCore } from './runtime.ts';
import { sandboxBackend } from './sandbox/backend.ts';
import { createSandboxHandler, resetSandbox, type SandboxBackend } from './sandbox/control-plane.ts';
import { seededRandom } from './sandbox/faults.ts';
import { createMemorySandboxState, type SandboxState } from './sandbox/state.ts';
import { createMemoryStore } from './store/memory.ts';
import type { ExchangeStore } from './store/types.ts';

export interface ExchangeOptions<A extends ExchangeAccounts = ExchangeAccounts> {
  /** Key verification and the accounts the sandbox control plane acts on. */
  accounts: A;
  /** Armed faults and the sandbox clock (which is the exchange's clock). Default: in memory. */
  state?: SandboxState | undefined;
  /** Accounts, orders, positions and price overrides. Default: in memory. */
  store?: ExchangeStore | undefined;
  /** Per-key rate limits. Default: in memory. */
  limiter?: RateLimiter | undefined;
  /** Venue rules (rate limits, key TTL, opening funds); `mudrex` by default. */
  profile?: VenueProfile | undefined;
  /** Seeds the price walk and probabilistic faults (MOCKEX_SEED); the same seed gives the same run. */
  seed?: string | number | undefined;
  instruments?: readonly InstrumentSpec[] | undefined;
  /** Id factory, for tests that want deterministic ids. */
  newId?: ((kind: IdKind, now: Date) => string) | undefined;
  /** When set, every `/sandbox/v1` call needs `Authorization: Bearer <token>`. */
  sandboxToken?: string | undefined;
  /** Where `/fapi/v1` is mounted in request paths (default `/fapi/v1`). */
  basePath?: string | undefined;
  logger?: GatewayLogger | undefined;
}

export interface Exchange<A extends ExchangeAccounts = ExchangeAccounts> {
  /** The runtime and its clock-bound facade (prices, credit, settle, reset). */
  readonly core: ExchangeCore;
  readonly accounts: A;
  readonly state: SandboxState;
  readonly limiter: RateLimiter;
  /** What `/sandbox/v1` drives besides its own state (the in-process sandbox API drives it too). */
  readonly backend: SandboxBackend;
  /** The `/fapi/v1` handler. */
  readonly gateway: GatewayHandler;
  /** The `/sandbox/v1` handler. */
  readonly sandboxGateway: GatewayHandler;
  /** Back to a fresh exchange: what `POST /sandbox/v1/reset` does. */
  reset(): Promise<void>;
  /** Releases the limiter, the store and the sandbox state (not the database, not the accounts). */
  close(): Promise<void>;
}

export function createExchange<A extends ExchangeAccounts>(options: ExchangeOptions<A>): Exchange<A> {
  const { accounts, logger } = options;
  const profile = options.profile ?? venueProfile();
  const seed = options.seed ?? DEFAULT_SEED;
  const state = options.state ?? createMemorySandboxState();
  const limiter = options.limiter ?? createMemoryRateLimiter();
  const core = createExchangeCore({
    store: options.store ?? createMemoryStore(),
    clock: state.clock,
    profile,
    seed,
    instruments: options.instruments,
    newId: options.newId,
  });
  const backend = sandboxBackend(core, accounts);
  const gateway = createExchangeHandler({
    routes: FAPI_ROUTES,
    runtime: core.runtime,
    keys: accounts,
    limiter,
    profile,
    sandbox: state,
    random: seededRandom(seed),
    ...(options.basePath ? { basePath: options.basePath } : {}),
    ...(logger ? { logger } : {}),
  });
  const sandboxGateway = createSandboxHandler({
    state,
    backend,
    limiter,
    token: options.sandboxToken,
    ...(logger ? { logger } : {}),
  });
  return {
    core,
    accounts,
    state,
    limiter,
    backend,
    gateway,
    sandboxGateway,
    reset: () => resetSandbox({ state, backend, limiter }),
    async close() {
      await limiter.close();
      await core.close();
      await state.close();
    },
  };
}
