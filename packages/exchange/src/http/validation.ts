/**
 * Turns client input into the typed values a route expects, or into one INVALID_REQUEST that names
 * the field (`quantity: must be a multiple of 0.001`). Nothing a client sends may end up as a 500.
 */
import { MockexError, VENUE_TEXTS, venueError, type VenueTextName } from '@mockex/domain';
import type { z } from 'zod';

type Location = 'body' | 'query' | 'path';

/** `a.b: message; c: message`, the field path joined with dots, the location when it is the root. */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  location: Location,
): { detail: string; field: string } {
  const parts = issues.map((issue) => {
    const field = issue.path.length ? issue.path.map(String).join('.') : location;
    return { field, text: `${field}: ${issue.message}` };
  });
  return {
    detail: parts.map((p) => p.text).join('; ') || `${location}: invalid`,
    field: parts[0]?.field ?? location,
  };
}

export function invalid(detail: string, field: string): MockexError {
  return new MockexError('INVALID_REQUEST', { detail }, { field });
}

/** Schemas word an issue with one of the venue's texts where the venue has one for that field. */
const VENUE_TEXT_NAMES = new Map(
  Object.entries(VENUE_TEXTS).map(([name, spec]) => [spec.text, name as VenueTextName]),
);

export async function parseWith<T>(
  schema: z.ZodType<T> | undefined,
  value: unknown,
  location: Location,
): Promise<T> {
  if (!schema) return (location === 'body' ? undefined : value) as T;
  const result = await schema.safeParseAsync(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const name = VENUE_TEXT_NAMES.get(issue.message);
    if (name) throw venueError(name, { field: issue.path.map(String).join('.') || location });
  }
  const { detail, field } = describeIssues(result.error.issues, location);
  throw invalid(detail, field);
}

/** Reads a JSON body; an empty body is `undefined` (the route's schema decides whether that is fine). */
export async function readJsonBody(request: { text(): Promise<string> }): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid('body is not valid JSON', 'body');
  }
}

/** Query parameters as a plain object; `?is_symbol` without a value is present as the empty string. */
export function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) out[k] = v;
  return out;
}
