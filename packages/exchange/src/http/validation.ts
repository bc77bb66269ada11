/**
 * Turns client input into the typed values a route expects, or into one INVALID_REQUEST that names
 * the field (`quantity: must be a multiple of 0.001`). Nothing a client sends may end up as a 500.
 */
import { invalidRequest, MockexError } from '@mockex/domain';
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

export async function parseWith<T>(
  schema: z.ZodType<T> | undefined,
  value: unknown,
  location: Location,
): Promise<T> {
  if (!schema) return (location === 'body' ? undefined : value) as T;
  const result = await schema.safeParseAsync(value);
  if (result.success) return result.data;
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
