/** Helpers for the exchange's suites over the running server: traders with real keys from the key API. */
import {
  createExchangeClient,
  createSandboxClient,
  type ExchangeClient,
  type SandboxClient,
} from '@mockex/client';
import type { VenueName } from '@mockex/domain';
import { readyTrader, startKeyApiServer, type Trader } from './key-api-support.ts';
import type { TestServer } from '../src/testing.ts';

export interface KeyedTrader extends Trader {
  secret: string;
  keyId: string;
  exchange: ExchangeClient;
}

export interface ExchangeServer {
  server: TestServer;
  clock: Awaited<ReturnType<typeof startKeyApiServer>>['clock'];
  sandbox: SandboxClient;
  /** A signed-up, KYC-verified, 2FA-enabled user with one API key from keys.create. */
  trader(options?: {
    permissions?: Array<'READ_ONLY' | 'TRADE' | 'WITHDRAW'>;
    ipWhitelist?: string[];
  }): Promise<KeyedTrader>;
  /** Raw HTTP against /fapi/v1 (status, headers and parsed body). */
  call(
    path: string,
    init?: { method?: string; body?: unknown; secret?: string | null; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Headers; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function startExchangeServer(env: Record<string, string> = {}): Promise<ExchangeServer> {
  const { server, clock } = await startKeyApiServer(env);
  const sandbox = createSandboxClient({
    baseUrl: server.url,
    ...(env.MOCKEX_SANDBOX_TOKEN ? { token: env.MOCKEX_SANDBOX_TOKEN } : {}),
  });
  return {
    server,
    clock,
    sandbox,
    async trader(options = {}) {
      const t = await readyTrader(server, clock, 'exchange');
      const { key, secret } = await t.api.keys.create.mutate({
        label: 'bot',
        permissions: options.permissions ?? ['READ_ONLY', 'TRADE'],
        ...(options.ipWhitelist ? { ipWhitelist: options.ipWhitelist } : {}),
        otp: t.nextCode(),
      });
      return { ...t, secret, keyId: key.id, exchange: createExchangeClient({ baseUrl: server.url, secret }) };
    },
    async call(path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      if (init.secret) headers['X-Authentication'] = init.secret;
      let body: string | undefined;
      if (init.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      }
      const res = await fetch(`${server.url}/fapi/v1${path}`, {
        method: init.method ?? 'GET',
        headers,
        ...(body !== undefined ? { body } : {}),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // keep the text
      }
      return { status: res.status, headers: res.headers, body: parsed };
    },
  };
}

/**
 * A profile whose per-key budget lets a long scripted run through unthrottled: the venue's revised
 * limits (10/second, which ccxt's own limiter also assumes).
 */
export const RELAXED_VENUE = 'mudrex@2026-08' satisfies VenueName;

/** Waits until the key's 2 requests/second allowance is back (tests that count requests start clean). */
export const fullAllowance = () => new Promise((r) => setTimeout(r, 1_000));
