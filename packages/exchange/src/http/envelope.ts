/**
 * The venue's response envelope, in one place. Success: `{"success": true, "data": ...}`; failure:
 * `{"success": false, "errors": [{"code", "text", "reason"}]}`.
 *
 * `code` follows what Mudrex's own documented error examples show: `null` for 400 answers (out of sync,
 * insufficient balance, bad input), and the HTTP status as a number for every other failure (401, 403,
 * 404, 429, 5xx). `reason` is our stable catalogue code; `text` is the catalogue message.
 */
import { ERRORS, errorMessage, type ErrorCode, type ErrorParams } from '@mockex/domain';

export interface EnvelopeError {
  code: number | null;
  text: string;
  reason: ErrorCode;
}

export type Envelope<T = unknown> = { success: true; data: T } | { success: false; errors: EnvelopeError[] };

/** The `code` value sent for a catalogue code (see the module comment for the rule). */
export function wireCode(reason: ErrorCode): number | null {
  const status = ERRORS[reason].status;
  return status === 400 ? null : status;
}

export function errorEnvelope(reason: ErrorCode, params: ErrorParams = {}): Envelope<never> {
  return { success: false, errors: [{ code: wireCode(reason), text: errorMessage(reason, params), reason }] };
}

/**
 * What the gateway answers, before any HTTP library sees it: plain data, so the Express shell writes it
 * straight to the socket and only the MSW shell pays for a Fetch `Response`. `drop` means: hang up
 * without answering (the `timeout` fault).
 */
export type GatewayResult =
  { status: number; headers: Record<string, string>; body: string } | { drop: true };

const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): GatewayResult {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

export function successResponse(data: unknown, status = 200): GatewayResult {
  return jsonResponse(status, { success: true, data });
}

export function errorResponse(
  reason: ErrorCode,
  params: ErrorParams = {},
  headers: Record<string, string> = {},
): GatewayResult {
  return jsonResponse(ERRORS[reason].status, errorEnvelope(reason, params), headers);
}

/** 429 with the venue's exact text and a Retry-After that agrees with it (whole seconds, at least 1). */
export function rateLimitedResponse(retryAfterSeconds: number): GatewayResult {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return errorResponse('RATE_LIMITED', { seconds }, { 'retry-after': String(seconds) });
}

/** The Fetch `Response` for a result (a network error for `drop`). */
export function toResponse(result: GatewayResult): Response {
  if ('drop' in result) return Response.error();
  return new Response(result.body, { status: result.status, headers: result.headers });
}
