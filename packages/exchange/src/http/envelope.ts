/**
 * The venue's response envelope, in one place. Success: `{"success": true, "data": ...}`; failure:
 * `{"success": false, "errors": [{"code", "text", "reason"}]}`.
 *
 * `code` is the HTTP status, as the venue's documented examples show, except where they show `null`:
 * `position not in sync with exchange`, and every refusal of a wallet transfer. `reason` is our stable
 * catalogue code; `text` is the venue's text (the catalogue message, or a `VENUE_TEXTS` entry).
 */
import { ERRORS, errorMessage, type ErrorCode, type ErrorParams, type MockexError } from '@mockex/domain';

export interface EnvelopeError {
  code: number | null;
  text: string;
  reason: ErrorCode;
}

export type Envelope<T = unknown> = { success: true; data: T } | { success: false; errors: EnvelopeError[] };

/** Codes the venue always sends with `code: null`. */
const NULL_CODE: ReadonlySet<ErrorCode> = new Set(['POSITION_OUT_OF_SYNC']);

/** The `code` value sent for a catalogue code (see the module comment for the rule). */
export function wireCode(reason: ErrorCode): number | null {
  return NULL_CODE.has(reason) ? null : ERRORS[reason].status;
}

export function errorEnvelope(
  reason: ErrorCode,
  params: ErrorParams = {},
  options: { text?: string | undefined; nullCode?: boolean | undefined } = {},
): Envelope<never> {
  return {
    success: false,
    errors: [
      {
        code: options.nullCode ? null : wireCode(reason),
        text: options.text ?? errorMessage(reason, params),
        reason,
      },
    ],
  };
}

/**
 * What the gateway answers, before any HTTP library sees it: plain data, so the Node shell (node.ts)
 * writes it straight to the socket and only the MSW shell pays for a Fetch `Response`. `drop` means:
 * hang up without answering (the `timeout` fault).
 */
export type GatewayResult = GatewayAnswer | { drop: true };

/** An answer to write: status, headers and the JSON body as text. */
export interface GatewayAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): GatewayAnswer {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

export function successResponse(data: unknown, status = 200): GatewayAnswer {
  return jsonResponse(status, { success: true, data });
}

export function errorResponse(
  reason: ErrorCode,
  params: ErrorParams = {},
  headers: Record<string, string> = {},
): GatewayAnswer {
  return jsonResponse(ERRORS[reason].status, errorEnvelope(reason, params), headers);
}

/**
 * The answer for an expected failure: its own text; `nullCode` for routes whose refusals carry
 * `code: null`. A 429 or 503 (rate limited, maintenance, database unavailable) says when to come back,
 * in whole seconds.
 */
export function mockexErrorResponse(error: MockexError, nullCode = false): GatewayAnswer {
  const headers: Record<string, string> = {};
  if (error.status === 429 || error.status === 503) {
    const seconds = Number(error.meta.retryAfterSeconds ?? error.params.seconds ?? 1);
    headers['retry-after'] = String(Math.max(1, Math.ceil(Number.isFinite(seconds) ? seconds : 1)));
  }
  return jsonResponse(
    error.status,
    errorEnvelope(error.code, error.params, { text: error.message, nullCode }),
    headers,
  );
}

/** 429 with the venue's exact text and a Retry-After that agrees with it (whole seconds, at least 1). */
export function rateLimitedResponse(retryAfterSeconds: number): GatewayAnswer {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return errorResponse('RATE_LIMITED', { seconds }, { 'retry-after': String(seconds) });
}

/** The Fetch `Response` for a result (a network error for `drop`). */
export function toResponse(result: GatewayResult): Response {
  if ('drop' in result) return Response.error();
  return new Response(result.body, { status: result.status, headers: result.headers });
}
