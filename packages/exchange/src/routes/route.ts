/**
 * The seam between the exchange core (engine, state, route handlers) and the gateway (HTTP shell:
 * auth chain, rate limit, faults, envelope, Express/MSW adapters, OpenAPI). The core describes each
 * route as data; the gateway validates, authorises, runs `handle`, and wraps the result. Keeping the
 * routes as data is what lets one table drive the server, the in-process mock and the OpenAPI document.
 */
import type { z } from 'zod';
import type { ErrorCode, Permission, VerifiedAccount, VerifiedKey } from '@mockex/domain';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Who is calling, after the gateway's auth chain has accepted the request. */
export interface Caller {
  key: VerifiedKey;
  account: VerifiedAccount;
  ip: string;
}

export interface RouteInput<P, Q, B> {
  caller: Caller;
  params: P;
  query: Q;
  body: B;
  /** The sandbox clock's time when the request was accepted. */
  now: Date;
}

export interface ExchangeRoute<P = unknown, Q = unknown, B = unknown> {
  method: HttpMethod;
  /** Relative to `/fapi/v1`, Express style: `/futures/:asset/order`. */
  path: string;
  /** The permission a key needs (TRADE keys may also read). */
  permission: Extract<Permission, 'READ_ONLY' | 'TRADE'>;
  /** Rate-limit group (a key of the venue profile's `rateLimit.groups`); `default` when absent. */
  rateGroup?: string;
  /** Refusals carry `errors[].code: null` (the venue's transfer routes). */
  nullErrorCode?: boolean;
  /** For the OpenAPI document and the docs. */
  operationId: string;
  summary: string;
  description?: string;
  tag: 'Wallet' | 'Instruments' | 'Leverage' | 'Orders' | 'Positions' | 'Fees';
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Schema of `data` in the success envelope. */
  response: z.ZodType;
  /** An example of `data`, for the OpenAPI document. */
  example?: unknown;
  /** 200 for reads; 202 where the venue answers 202 (order create, transfer). */
  successStatus: 200 | 202;
  /** Catalogue codes this route can answer with besides the gateway's own (auth, rate limit, validation). */
  errors: ErrorCode[];
  /** Returns `data` for the envelope, or throws MockexError. Every number in `data` is a string. */
  handle(input: RouteInput<P, Q, B>): Promise<unknown>;
}

/** Erases a route's type parameters for storing routes of different shapes in one table. */
export type AnyExchangeRoute = ExchangeRoute<any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Identity helper that keeps the parameter types flowing from the schemas into `handle`. */
export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  route: ExchangeRoute<P, Q, B>,
): ExchangeRoute<P, Q, B> {
  return route;
}
