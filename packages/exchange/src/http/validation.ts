/**
 * Turns client input into the typed values a route expects, or into one INVALID_REQUEST that names
 * the field (`quantity: must be a multiple of 0.001`). Nothing a client sends may end up as a 500.
 */
import { invalidRequest, MockexError, VENUE_TEXTS, venueError, type VenueTextName } from '@mockex/domain';
import type { z } from 'zod';

type Location = 'body' | 'query' | 'path';

/**
 * `a.b: message; c: message`, the field path joined with dots, the location when it is the root.
 * `field` is the first issue's, and `problem` the rest of the text after its `field: `.
 */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  location: Location,
): { detail: string; field: string; problem: string } {
  const parts = issues.map((issue) => ({
    field: issue.path.length ? issue.path.map(String).join('.') : location,
    message: issue.message,
  }));
  const [first = { field: location, message: 'invalid' }, ...rest] = parts;
  const problem = [first.message, ...rest.map((p) => `${p.field}: ${p.message}`)].join('; ');
  return { detail: `${first.field}: ${problem}`, field: first.field, problem };
}

/**
 * PostgreSQL cannot store a NUL byte in text (nor compare one): a NUL in an id, a name or a prefix would
 * fail in the database as a 500. Every string a client sends (object keys included) is checked here first,
 * and an offending field is named.
 */
export function refuseNul(value: unknown, location: Location): void {
  const pending: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }];
  while (pending.length > 0) {
    const { value: v, path } = pending.pop()!;
    const field = () => (path.length ? path.join('.') : location);
    if (typeof v === 'string') {
      if (v.includes('\0')) throw invalidRequest(field(), 'must not contain a NUL byte');
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k.includes('\0')) {
          throw invalidRequest(location, 'a field name must not contain a NUL byte');
        }
        pending.push({ value: child, path: [...path, k] });
      }
    }
  }
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
  refuseNul(value, location);
  if (!schema) return (location === 'body' ? undefined : value) as T;
  const result = await schema.safeParseAsync(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const name = VENUE_TEXT_NAMES.get(issue.message);
    if (name) throw venueError(name, { field: issue.path.map(String).join('.') || location });
  }
  const { field, problem } = describeIssues(result.error.issues, location);
  throw invalidRequest(field, problem);
}

/** Reads a JSON body; an empty body is `undefined` (the route's schema decides whether that is fine). */
export async function readJsonBody(request: { text(): Promise<string> }): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not `body: …`: the body as a whole is not JSON, no field of it is wrong.
    throw new MockexError('INVALID_REQUEST', { detail: 'body is not valid JSON' }, { field: 'body' });
  }
}

/** Query parameters as a plain object; `?is_symbol` without a value is present as the empty string. */
export function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) out[k] = v;
  return out;
}
