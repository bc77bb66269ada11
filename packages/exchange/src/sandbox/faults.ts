/**
 * Fault injection: the sandbox can make the exchange fail in each way the real venue fails, on purpose.
 * A fault is armed with an optional match (method, path with `*`, key prefix), an optional count
 * (`times`) and/or probability, or asked for by one request with `X-Mockex-Fault`. Each produces
 * exactly the venue's answer for that case.
 */
import { z } from 'zod';
import { MockexError } from '@mockex/domain';
import { errorResponse, rateLimitedResponse, type GatewayResult } from '../http/envelope.ts';
import { wildcardToRegExp } from '../http/paths.ts';

export const FAULT_KINDS = [
  'rate_limit',
  'out_of_sync',
  'server_error',
  'maintenance',
  'timeout',
  'latency',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** How long `timeout` holds a request before dropping the connection, and `latency` delays one. */
export const DEFAULT_TIMEOUT_HOLD_MS = 10_000;
export const DEFAULT_LATENCY_MS = 1_000;
/** Retry-After of the fault-made 429 and 503. */
export const FAULT_RATE_LIMIT_RETRY_SECONDS = 1;
export const MAINTENANCE_RETRY_SECONDS = 30;

export const faultMatchSchema = z
  .object({
    method: z
      .string()
      .transform((m) => m.toUpperCase())
      .pipe(z.enum(['GET', 'POST', 'PATCH', 'DELETE'], { error: 'must be one of GET, POST, PATCH, DELETE' }))
      .optional(),
    path: z
      .string()
      .min(1, 'must not be empty')
      .max(500, 'must be at most 500 characters')
      .refine((p) => p.startsWith('/') || p.startsWith('*'), 'must start with / or *')
      .optional()
      .meta({
        description: 'The request path as the client sends it, `*` matching any run of characters',
        example: '/fapi/v1/futures/*/order',
      }),
    keyPrefix: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters').optional(),
  })
  .strict();

export const faultSpecSchema = z
  .object({
    fault: z.enum(FAULT_KINDS, { error: `must be one of ${FAULT_KINDS.join(', ')}` }),
    match: faultMatchSchema.optional(),
    times: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(1_000_000, 'must be at most 1000000')
      .optional(),
    probability: z.number().gt(0, 'must be greater than 0').max(1, 'must be at most 1').optional(),
    latencyMs: z
      .number()
      .int('must be a whole number')
      .min(0, 'must be at least 0')
      .max(120_000, 'must be at most 120000')
      .optional(),
  })
  .strict();

export type FaultSpec = z.infer<typeof faultSpecSchema>;
export type FaultSpecInput = z.input<typeof faultSpecSchema>;

export const armedFaultSchema = faultSpecSchema.extend({
  id: z.string(),
  /** Uses left for a fault armed with `times`; null when it stays armed until disarmed. */
  remaining: z.number().int().nullable(),
  createdAt: z.string(),
});
export type ArmedFault = z.infer<typeof armedFaultSchema>;

export interface FaultRequest {
  method: string;
  /** The path as the client sent it, without the query (`/fapi/v1/futures/funds`). */
  path: string;
  /** The X-Authentication value, if any (matched by prefix). */
  secret: string | undefined;
}

const patternCache = new Map<string, RegExp>();
function pathMatches(pattern: string, path: string): boolean {
  let re = patternCache.get(pattern);
  if (!re) {
    re = wildcardToRegExp(pattern);
    if (patternCache.size > 1000) patternCache.clear();
    patternCache.set(pattern, re);
  }
  return re.test(path);
}

export function faultMatches(fault: FaultSpec, req: FaultRequest): boolean {
  const m = fault.match;
  if (!m) return true;
  if (m.method && m.method !== req.method.toUpperCase()) return false;
  if (m.path && !pathMatches(m.path, req.path)) return false;
  if (m.keyPrefix && !(req.secret ?? '').startsWith(m.keyPrefix)) return false;
  return true;
}

/** Reads `X-Mockex-Fault: <fault>` (`latency=<ms>`, `timeout=<ms>` also take a duration). */
export function parseFaultHeader(value: string): FaultSpec {
  const [name = '', arg] = value
    .trim()
    .split('=', 2)
    .map((s) => s.trim());
  const kind = FAULT_KINDS.find((k) => k === name);
  const bad = () =>
    new MockexError(
      'INVALID_REQUEST',
      {
        detail: `X-Mockex-Fault: must be one of ${FAULT_KINDS.join(', ')} (latency=<ms> and timeout=<ms> take milliseconds)`,
      },
      { field: 'X-Mockex-Fault' },
    );
  if (!kind) throw bad();
  if (arg === undefined) return { fault: kind };
  if ((kind !== 'latency' && kind !== 'timeout') || !/^\d{1,6}$/.test(arg) || Number(arg) > 120_000)
    throw bad();
  return { fault: kind, latencyMs: Number(arg) };
}

/** What a fired fault does to the request. */
export type FaultEffect =
  | { kind: 'respond'; response: GatewayResult; delayMs: number }
  /** Hold the request, then drop the connection without any response. */
  | { kind: 'drop'; delayMs: number }
  | { kind: 'delay'; delayMs: number };

export function faultEffect(fault: FaultSpec): FaultEffect {
  switch (fault.fault) {
    case 'rate_limit':
      return {
        kind: 'respond',
        response: rateLimitedResponse(FAULT_RATE_LIMIT_RETRY_SECONDS),
        delayMs: fault.latencyMs ?? 0,
      };
    case 'out_of_sync':
      return {
        kind: 'respond',
        response: errorResponse('POSITION_OUT_OF_SYNC'),
        delayMs: fault.latencyMs ?? 0,
      };
    case 'server_error':
      return { kind: 'respond', response: errorResponse('SERVER_ERROR'), delayMs: fault.latencyMs ?? 0 };
    case 'maintenance':
      return {
        kind: 'respond',
        response: errorResponse('MAINTENANCE', {}, { 'retry-after': String(MAINTENANCE_RETRY_SECONDS) }),
        delayMs: fault.latencyMs ?? 0,
      };
    case 'timeout':
      return { kind: 'drop', delayMs: fault.latencyMs ?? DEFAULT_TIMEOUT_HOLD_MS };
    case 'latency':
      return { kind: 'delay', delayMs: fault.latencyMs ?? DEFAULT_LATENCY_MS };
  }
}

export { seededRandom } from '@mockex/domain';
