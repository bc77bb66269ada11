import {
  createTRPCClient,
  httpLink,
  isTRPCClientError,
  TRPCClientError,
  type TRPCClient,
} from '@trpc/client';
import type { AppRouter, KeyApiErrorData, KeyApiInputs, KeyApiOutputs } from '@mockex/api';

/**
 * The typed key-API client: every procedure, input and output comes from the server's router type
 * (a type-only import, so nothing of the server is bundled). Plain JSON on the wire (no transformer),
 * one HTTP request per call, and only `fetch`: it runs in browsers and in Node 18+.
 */
export type KeyApiClient = TRPCClient<AppRouter>;
export type { AppRouter, KeyApiInputs, KeyApiOutputs, KeyApiErrorData };
export { TRPCClientError };

export type TokenSource =
  string | null | undefined | (() => string | null | undefined | Promise<string | null | undefined>);

export interface KeyApiClientOptions {
  /**
   * The key API endpoint, e.g. `http://127.0.0.1:8080/trpc`; a bare server URL gets `/trpc` appended.
   * In a browser a relative `/trpc` works too.
   */
  url: string;
  /** The session token from auth.signIn, or a function returning the current one (read on every call). */
  token?: TokenSource;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof globalThis.fetch;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
}

/**
 * `http://host:8080` and `http://host:8080/` mean the server; the key API lives at its `/trpc`. A
 * relative URL (`/trpc`, as a page served by Mockex uses) is kept relative: the browser resolves it
 * against the page, and a bare `/` means the page's own server.
 */
export function keyApiEndpoint(url: string): string {
  if (!/^[a-z][a-z\d+.-]*:/i.test(url)) {
    const path = url.replace(/\/+$/, '');
    return path === '' ? '/trpc' : path;
  }
  const u = new URL(url);
  if (u.pathname === '' || u.pathname === '/') u.pathname = '/trpc';
  return u.toString().replace(/\/$/, '');
}

export function createKeyApiClient(options: KeyApiClientOptions): KeyApiClient {
  const { token } = options;
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: keyApiEndpoint(options.url),
        ...(options.fetch ? { fetch: options.fetch } : {}),
        async headers() {
          const current = typeof token === 'function' ? await token() : token;
          return { ...options.headers, ...(current ? { authorization: `Bearer ${current}` } : {}) };
        },
      }),
    ],
  });
}

/** What a refused call says, in the contract's terms. */
export interface KeyApiFailure {
  /** The stable catalogue code, e.g. `KYC_REQUIRED`. */
  appCode: string;
  httpStatus: number;
  message: string;
  field?: string;
  retryAfterSeconds?: number;
}

/** The contract's view of an error thrown by a key-API call, or null when it is not one (e.g. network). */
export function keyApiFailure(error: unknown): KeyApiFailure | null {
  if (!isTRPCClientError<AppRouter>(error) || !error.data) return null;
  const data = error.data as Partial<KeyApiErrorData>;
  if (typeof data.appCode !== 'string') return null;
  return {
    appCode: data.appCode,
    httpStatus: data.httpStatus ?? 0,
    message: error.message,
    ...(data.field !== undefined ? { field: data.field } : {}),
    ...(data.retryAfterSeconds !== undefined ? { retryAfterSeconds: data.retryAfterSeconds } : {}),
  };
}
