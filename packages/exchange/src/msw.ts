/**
 * The exchange inside a bot's own test-suite, with no server: MSW request handlers for the whole
 * `/fapi/v1` surface (and `/sandbox/v1`), backed by the same engine and the same Fetch-style handler
 * as the server, with state in memory.
 *
 *   const { handlers, sandbox } = createExchangeMock({ baseUrl: 'https://trade.mudrex.com', keys: [{ secret }] });
 *   const server = setupServer(...handlers);
 *
 * The caller's address is 127.0.0.1 unless a request carries X-Forwarded-For (in-process there is no
 * socket; this is how a test exercises a key's IP whitelist).
 */
import { http, type RequestHandler } from 'msw';
import { normalizeIp } from './http/client-ip.ts';
import { EXCHANGE_BASE_PATH } from './http/handler.ts';
import {
  createInProcessExchange,
  type InProcessExchange,
  type InProcessOptions,
  type InProcessSandbox,
} from './in-process.ts';
import type { MockKeySpec } from './accounts/memory-keys.ts';
import { SANDBOX_BASE_PATH } from './sandbox/control-plane.ts';

export type { MockKeySpec } from './accounts/memory-keys.ts';
export type { InProcessSandbox as ExchangeMockSandbox } from './in-process.ts';
export type { FaultSpecInput as FaultSpec, ArmedFault } from './sandbox/faults.ts';
export type { SandboxAccountInput, SandboxAccountResult as SandboxAccount } from './sandbox/accounts.ts';

export interface ExchangeMockOptions extends Omit<InProcessOptions, 'basePath' | 'keys'> {
  /** Where the bot sends its requests: `https://trade.mudrex.com` (with or without `/fapi/v1`). */
  baseUrl: string;
  keys: MockKeySpec[];
}

export interface ExchangeMock {
  handlers: RequestHandler[];
  sandbox: InProcessSandbox;
  /** The assembled in-memory exchange (core, keys, state), for advanced tests. */
  exchange: InProcessExchange;
}

function callerIp(request: Request): string {
  const forwarded = request.headers.get('x-forwarded-for');
  const last = forwarded
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .at(-1);
  return normalizeIp(last ?? '127.0.0.1');
}

export function createExchangeMock(options: ExchangeMockOptions): ExchangeMock {
  const url = new URL(options.baseUrl);
  const prefix = url.pathname.replace(/\/+$/, '').replace(/\/fapi\/v1$/, '');
  const origin = url.origin;
  const exchange = createInProcessExchange({
    ...options,
    basePath: prefix + EXCHANGE_BASE_PATH,
    // The mock answers at the base URL the bot was given, so its sandbox answers to that host too.
    allowedHosts: [url.hostname, ...(options.allowedHosts ?? [])],
  });
  const sandboxPath = prefix + SANDBOX_BASE_PATH;
  const handlers: RequestHandler[] = [
    http.all(`${origin}${prefix}${EXCHANGE_BASE_PATH}/*`, ({ request }) =>
      exchange.handler(request, { ip: callerIp(request) }),
    ),
    http.all(`${origin}${sandboxPath}/*`, ({ request }) => {
      // The sandbox handler matches paths from /sandbox/v1; strip any prefix of the base URL.
      const target = new URL(request.url);
      target.pathname = target.pathname.slice(prefix.length);
      return exchange.sandboxHandler(new Request(target, request), { ip: callerIp(request) });
    }),
  ];
  return { handlers, sandbox: exchange.sandbox, exchange };
}

/** Just the MSW handlers: `setupServer(...createExchangeHandlers({ baseUrl, keys, seed }))`. */
export function createExchangeHandlers(options: ExchangeMockOptions): RequestHandler[] {
  return createExchangeMock(options).handlers;
}
