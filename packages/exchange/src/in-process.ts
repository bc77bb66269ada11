/**
 * The whole exchange in memory, for the in-process (MSW) mode and the conformance suite:
 * `createExchange` over the keys a test declares, with every part in memory. `sandbox` offers in code
 * what `/sandbox/v1` offers over HTTP, with accounts named by their secret rather than their email.
 */
import { venueProfile, type KycStatus, type VenueProfile } from '@mockex/domain';
import { createMemoryKeyVerifier, type MemoryKeyVerifier, type MockKeySpec } from './accounts/memory-keys.ts';
import { createExchange, type Exchange } from './exchange.ts';
import {
  toFetchHandler,
  type FetchHandler,
  type GatewayHandler,
  type GatewayLogger,
} from './http/handler.ts';
import { describeIssues } from './http/validation.ts';
import type { ExchangeCore } from './runtime.ts';
import {
  sandboxAccountInputSchema,
  type SandboxAccountInput,
  type SandboxAccountResult,
} from './sandbox/accounts.ts';
import { faultSpecSchema, type ArmedFault, type FaultSpecInput } from './sandbox/faults.ts';
import { createMemorySandboxState, type SandboxState } from './sandbox/state.ts';
import type { RateLimiter } from './limits/rate-limit.ts';

export interface InProcessOptions {
  keys: MockKeySpec[];
  /** Seeds the price walk and probabilistic faults (reproducible runs). */
  seed?: string | number;
  /** Venue rules (rate limits, key TTL, opening funds); `mudrex` by default. */
  profile?: VenueProfile;
  /** Where the exchange is mounted in request paths (default `/fapi/v1`). */
  basePath?: string;
  logger?: GatewayLogger;
}

export interface InProcessSandbox {
  /** Sets a mark price: resting orders fill, stops and liquidations trigger from it. */
  setPrice(symbol: string, price: string | number): Promise<{ symbol: string; price: string }>;
  /** Arms a fault (same spec as `POST /sandbox/v1/faults`). */
  armFault(spec: FaultSpecInput): Promise<ArmedFault>;
  listFaults(): Promise<ArmedFault[]>;
  clearFaults(): Promise<void>;
  /** Moves the sandbox clock forward: key expiry, funding and history follow it. */
  advanceClock(seconds: number): Promise<void>;
  /** The sandbox clock's current time. */
  now(): Date;
  /** Credits sandbox funds to the account behind a secret; returns the wallet's new balance. */
  credit(secret: string, wallet: 'SPOT' | 'FUTURES', amount: string | number): Promise<{ balance: string }>;
  setKycStatus(secret: string, status: KycStatus): Promise<void>;
  /**
   * A ready trader with a new in-memory key (same input and answer as `POST /sandbox/v1/accounts`):
   * READ_ONLY+TRADE, 10000 USDT in the futures wallet unless told otherwise; gone at the next reset.
   */
  createAccount(input?: SandboxAccountInput): Promise<SandboxAccountResult>;
  /** Revokes a key: its next request answers 401 KEY_REVOKED. */
  revokeKey(secret: string): Promise<void>;
  /** Back to a fresh exchange: no orders, positions, faults or rate-limit history; keys as declared. */
  reset(): Promise<void>;
}

export interface InProcessExchange {
  /** The exchange's one handler (what the Node and Express shells serve). */
  gateway: GatewayHandler;
  /** The same, with Fetch types (what the MSW shell serves). */
  handler: FetchHandler;
  /** The `/sandbox/v1` control plane (emails are the keys' `email`). */
  sandboxGateway: GatewayHandler;
  sandboxHandler: FetchHandler;
  sandbox: InProcessSandbox;
  core: ExchangeCore;
  keys: MemoryKeyVerifier;
  state: SandboxState;
  limiter: RateLimiter;
}

function accountOf(keys: MemoryKeyVerifier, secret: string) {
  const account = keys.accountOf(secret);
  if (!account) throw new Error('no key with this secret was declared in createExchangeMock({ keys })');
  return account;
}

export function createInProcessExchange(options: InProcessOptions): InProcessExchange {
  const state = createMemorySandboxState();
  const keys = createMemoryKeyVerifier(options.keys, options.profile ?? venueProfile(), state.clock);
  const exchange: Exchange<MemoryKeyVerifier> = createExchange({
    accounts: keys,
    state,
    profile: options.profile,
    seed: options.seed,
    basePath: options.basePath,
    logger: options.logger,
    // Nothing listens on a port here: the mock answers only its own test's requests.
    guardBrowsers: false,
  });
  const { core, backend } = exchange;

  const sandbox: InProcessSandbox = {
    setPrice: (symbol, price) => core.setMarkPrice(symbol, price),
    async armFault(spec) {
      const parsed = faultSpecSchema.safeParse(spec);
      if (!parsed.success)
        throw new Error(`invalid fault: ${describeIssues(parsed.error.issues, 'body').detail}`);
      return state.armFault(parsed.data);
    },
    listFaults: () => state.listFaults(),
    async clearFaults() {
      for (const fault of await state.listFaults()) await state.disarmFault(fault.id);
    },
    async advanceClock(seconds) {
      if (!(seconds > 0)) throw new Error('advanceClock: seconds must be greater than 0');
      await state.advanceClock(seconds);
      await core.settleAll();
    },
    now: () => state.clock.now(),
    async credit(secret, wallet, amount) {
      const { balance } = await core.credit(accountOf(keys, secret).id, wallet, amount);
      return { balance };
    },
    setKycStatus: (secret, status) => backend.setKycStatus(accountOf(keys, secret).email, status),
    async createAccount(input = {}) {
      const parsed = sandboxAccountInputSchema.safeParse(input);
      if (!parsed.success)
        throw new Error(`invalid account: ${describeIssues(parsed.error.issues, 'body').detail}`);
      return backend.createAccount(parsed.data);
    },
    async revokeKey(secret) {
      accountOf(keys, secret);
      keys.revoke(secret);
    },
    reset: () => exchange.reset(),
  };

  return {
    gateway: exchange.gateway,
    handler: toFetchHandler(exchange.gateway),
    sandboxGateway: exchange.sandboxGateway,
    sandboxHandler: toFetchHandler(exchange.sandboxGateway),
    sandbox,
    core,
    keys,
    state,
    limiter: exchange.limiter,
  };
}
