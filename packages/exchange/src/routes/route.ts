/**
 * What an exchange route is: the seam between the runtime (engine bound to a store) and the HTTP layer
 * (auth chain, rate limit, faults, envelope, Express/MSW shells, OpenAPI). Each route is static data;
 * the HTTP layer validates, authorises, runs `handle` with the runtime it was built over, and wraps the
 * result. Static tables are what let one definition drive the server, the in-process mock and the
 * OpenAPI document (which needs no runtime at all).
 */
import type { z } from 'zod';
import type { ErrorCode, Permission, VerifiedAccount, VerifiedKey } from '@mockex/domain';
import type { ExchangeRuntime } from '../runtime.ts';

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

/** What a public route (market data: no key, limited per address) is called with: no caller. */
export type PublicRouteInput<P, Q, B> = Omit<RouteInput<P, Q, B>, 'caller'>;

/** A route that needs a key with `permission` (TRADE keys may also read). */
interface KeyedRoute<P, Q, B, R> {
  permission: Extract<Permission, 'READ_ONLY' | 'TRADE'>;
  /** Returns `data` for the envelope, or throws MockexError. Every number in `data` is a string. */
  handle(input: RouteInput<P, Q, B>, runtime: R): Promise<unknown>;
}

/** A route anyone may call without `X-Authentication`, rate-limited per address (`rateLimit.public`). */
interface PublicRoute<P, Q, B, R> {
  permission: 'PUBLIC';
  handle(input: PublicRouteInput<P, Q, B>, runtime: R): Promise<unknown>;
}

export type ExchangeRoute<P = unknown, Q = unknown, B = unknown, R = ExchangeRuntime> = RouteFields<P, Q, B> &
  (KeyedRoute<P, Q, B, R> | PublicRoute<P, Q, B, R>);

interface RouteFields<P, Q, B> {
  method: HttpMethod;
  /** Relative to `/fapi/v1`, Express style: `/futures/:asset/order`. */
  path: string;
  /** Rate-limit group (a key of the venue profile's `rateLimit.groups`); `default` when absent. */
  rateGroup?: string;
  /** Refusals carry `errors[].code: null` (the venue's transfer routes). */
  nullErrorCode?: boolean;
  /** For the OpenAPI document and the docs. */
  operationId: string;
  summary: string;
  description?: string;
  tag: 'Wallet' | 'Instruments' | 'Leverage' | 'Orders' | 'Positions' | 'Fees' | 'Market data';
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
}

/** Erases a route's type parameters for storing routes of different shapes in one table. */
export type AnyExchangeRoute<R = ExchangeRuntime> = ExchangeRoute<any, any, any, R>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Identity helper that keeps the parameter types flowing from the schemas into `handle`. */
export function defineRoute<
  P = Record<string, never>,
  Q = Record<string, never>,
  B = undefined,
  R = ExchangeRuntime,
>(route: ExchangeRoute<P, Q, B, R>): ExchangeRoute<P, Q, B, R> {
  return route;
}
