/**
 * Mounts the exchange on the server: `/fapi/v1` (the mock exchange), `/sandbox/v1` (its control plane)
 * and `/openapi.json`: one `createExchange` over the PostgreSQL store, the real key service, the
 * Redis (or per-process) rate limiter and the sandbox state shared through the database. The sandbox
 * clock is opened first, because the key service must run on the same clock (key expiry follows it).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock, VenueProfile } from '@mockex/domain';
import { DATABASE_RETRY_AFTER_SECONDS, type MockexDatabase } from '@mockex/db';
import {
  createDbSandboxState,
  createExchange,
  EXCHANGE_BASE_PATH,
  createOpenApiDocument,
  createPostgresStore,
  createRateLimiter,
  SANDBOX_BASE_PATH,
  type Exchange,
  type ExchangeAccounts,
  type SandboxState,
} from '@mockex/exchange';
import { errorResponse, sendResult, toNodeListener, type NodeListener } from '@mockex/exchange/node';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { pathOf, under } from './paths.ts';

export interface ExchangeMount extends Exchange {
  /**
   * Serves the request when its path is the exchange's (/fapi/v1 or /sandbox/v1, and below) and says
   * so; false leaves it to the rest of the app. The server calls it before Express: the exchange routes
   * its own paths, and Express's router would cost more than a whole read.
   */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  /** The OpenAPI document of /fapi/v1 (built on first use: it never changes while running). */
  openapi(): object;
}

/** Opens the sandbox state first: its clock (`base` plus the sandbox offset) is the one the key service and the core must share. */
export function openSandbox(database: MockexDatabase, base?: Clock): Promise<SandboxState> {
  return createDbSandboxState(database, base);
}

export interface OpenExchangeOptions {
  database: MockexDatabase;
  sandbox: SandboxState;
  /** The key service. */
  keys: ExchangeAccounts;
  profile: VenueProfile;
  config: Pick<
    Config,
    | 'MOCKEX_SEED'
    | 'MOCKEX_SANDBOX_TOKEN'
    | 'REDIS_URL'
    | 'MOCKEX_TRUST_PROXY'
    | 'HOST'
    | 'MOCKEX_ALLOWED_HOSTS'
  >;
  logger: Logger;
}

export function openExchange(options: OpenExchangeOptions): ExchangeMount {
  const { database, sandbox, keys, profile, config, logger } = options;
  let lastRedisWarning = 0;
  const exchange = createExchange({
    accounts: keys,
    state: sandbox,
    store: createPostgresStore(database),
    limiter: createRateLimiter({
      redisUrl: config.REDIS_URL,
      prefix: redisPrefix(database),
      onError: (err) => {
        // At most one line every 10 s while Redis is away (each request would otherwise log one).
        if (Date.now() - lastRedisWarning < 10_000) return;
        lastRedisWarning = Date.now();
        logger.warn({ err }, 'Redis rate limiter unavailable; limiting per process until it returns');
      },
    }),
    profile,
    seed: config.MOCKEX_SEED,
    sandboxToken: config.MOCKEX_SANDBOX_TOKEN,
    allowedHosts: [config.HOST, ...config.MOCKEX_ALLOWED_HOSTS],
    logger,
  });
  // Built on first request: start-up stays quick, and the document never changes while running.
  let openapi: ReturnType<typeof createOpenApiDocument> | undefined;
  const trustProxy = config.MOCKEX_TRUST_PROXY;

  // The exchange and the sandbox answer from process-local copies (key checks, faults, clock,
  // prices). After the database link was lost, they reload before anything is answered from them.
  const fresh =
    (serve: NodeListener): NodeListener =>
    async (req, res) => {
      const pending = database.resync();
      if (pending) {
        try {
          await pending;
        } catch {
          const retryAfter = { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) };
          return sendResult(res, errorResponse('DATABASE_UNAVAILABLE', {}, retryAfter));
        }
      }
      return serve(req, res);
    };
  const fapi = fresh(toNodeListener({ handler: exchange.gateway, trustProxy }));
  const sandboxApi = fresh(toNodeListener({ handler: exchange.sandboxGateway, trustProxy }));

  return {
    ...exchange,
    serve(req, res) {
      const path = pathOf(req.url ?? '/');
      const listener = under(path, EXCHANGE_BASE_PATH)
        ? fapi
        : under(path, SANDBOX_BASE_PATH)
          ? sandboxApi
          : null;
      if (!listener) return false;
      listener(req, res).catch((err: unknown) => {
        // The request itself failed (the client went away before its body ended): nothing to answer.
        logger.warn({ err, method: req.method, path }, 'exchange request failed before it was answered');
        if (!res.headersSent) sendResult(res, errorResponse('INTERNAL_ERROR'));
      });
      return true;
    },
    openapi() {
      // The server URL is relative ("the server this document came from"): copying the request's Host
      // into it would let a forged Host header point readers of the document at another server.
      return (openapi ??= {
        ...createOpenApiDocument(),
        servers: [{ url: '/', description: 'The server this document was fetched from' }],
      });
    },
  };
}

/**
 * Rate-limit keys in Redis are scoped to the database: processes on one database share one limit per
 * API key, and a sandbox reset on one database cannot wipe another's counters on a shared Redis.
 */
function redisPrefix(database: MockexDatabase): string {
  const scope = database.inMemory ? randomUUID() : database.location;
  return `mockex:rl:${createHash('sha256').update(scope).digest('hex').slice(0, 16)}:`;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;

/** The start-up warning when anyone on the network could drive the sandbox (fail, reset, fund). */
export function sandboxExposureWarning(host: string, token: string | undefined): string | null {
  if (token || LOOPBACK.test(host.replace(/^\[|\]$/g, ''))) return null;
  return (
    `WARNING: the sandbox control plane (/sandbox/v1) is reachable on ${host} without a token: anyone who can reach ` +
    'this port can reset the exchange, arm faults and credit funds. Set MOCKEX_SANDBOX_TOKEN, or listen on 127.0.0.1.'
  );
}
