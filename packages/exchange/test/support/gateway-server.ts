/** Starts the gateway over real HTTP (Express on a random loopback port) for the gateway's own tests. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { venueProfile, type KeyVerifier, type VenueProfile } from '@mockex/domain';
import type { AnyExchangeRoute } from '../../src/routes/route.ts';
import { createExchangeRouter } from '../../src/express.ts';
import { createExchangeHandler, type GatewayLogger } from '../../src/http/handler.ts';
import {
  createMemoryKeyVerifier,
  type MemoryKeyVerifier,
  type MockKeySpec,
} from '../../src/accounts/memory-keys.ts';
import { createMemoryRateLimiter, type RateLimiter } from '../../src/limits/rate-limit.ts';
import { createMemorySandboxState, type SandboxState } from '../../src/sandbox/state.ts';
import { fixtureRoutes } from './fixture-routes.ts';

export const SECRETS = {
  trader: 'mx_trader_0000000000000000000000',
  reader: 'mx_reader_0000000000000000000000',
  unverified: 'mx_kycless_000000000000000000000',
  whitelisted: 'mx_office_0000000000000000000000',
} as const;

export const KEYS: MockKeySpec[] = [
  { secret: SECRETS.trader, permissions: ['READ_ONLY', 'TRADE'], email: 'trader@example.com' },
  { secret: SECRETS.reader, permissions: ['READ_ONLY'], email: 'reader@example.com' },
  {
    secret: SECRETS.unverified,
    permissions: ['READ_ONLY', 'TRADE'],
    kycStatus: 'expired',
    email: 'late@example.com',
  },
  {
    secret: SECRETS.whitelisted,
    permissions: ['READ_ONLY'],
    ipWhitelist: ['203.0.113.0/24'],
    email: 'office@example.com',
  },
];

export interface GatewayHarness {
  url: string;
  state: SandboxState;
  keys: MemoryKeyVerifier;
  limiter: RateLimiter;
  errors: Array<{ obj: object; msg: string }>;
  call(
    path: string,
    init?: RequestInit & { secret?: string | null },
  ): Promise<{ status: number; headers: Headers; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

export async function startGateway(
  options: {
    routes?: AnyExchangeRoute<unknown>[];
    profile?: VenueProfile;
    limiter?: RateLimiter;
    keys?: KeyVerifier;
    trustProxy?: number;
    random?: () => number;
  } = {},
): Promise<GatewayHarness> {
  const profile = options.profile ?? venueProfile('mudrex');
  const state = createMemorySandboxState();
  const keys = createMemoryKeyVerifier(KEYS, profile, state.clock);
  const limiter = options.limiter ?? createMemoryRateLimiter();
  const errors: GatewayHarness['errors'] = [];
  const logger: GatewayLogger = { error: (obj, msg) => errors.push({ obj, msg }), warn: () => {} };
  const handler = createExchangeHandler({
    routes: options.routes ?? fixtureRoutes(),
    runtime: undefined,
    keys: options.keys ?? keys,
    limiter,
    profile,
    sandbox: state,
    logger,
    ...(options.random ? { random: options.random } : {}),
  });
  const app = express();
  app.use('/fapi/v1', createExchangeRouter({ handler, trustProxy: options.trustProxy ?? 0 }));
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    state,
    keys,
    limiter,
    errors,
    async call(path, init = {}) {
      const { secret = SECRETS.trader, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (secret !== null) headers.set('X-Authentication', secret);
      if (rest.body !== undefined && !headers.has('content-type'))
        headers.set('content-type', 'application/json');
      const res = await fetch(url + path, { ...rest, headers });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text for the assertion message
      }
      return { status: res.status, headers: res.headers, body };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await limiter.close();
    },
  };
}
