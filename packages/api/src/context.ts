import type { KeyService } from '@mockex/keys';

/** What every procedure sees: the key service, the caller's bearer token and address. */
export interface Context {
  keys: KeyService;
  token: string | null;
  ip: string | null;
}

/** Builds a context without HTTP (unit tests through createCaller, scripts). */
export function createContextInner(opts: {
  keys: KeyService;
  token?: string | null | undefined;
  ip?: string | null | undefined;
}): Context {
  return { keys: opts.keys, token: opts.token ?? null, ip: opts.ip ?? null };
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return match ? match[1]! : null;
}
