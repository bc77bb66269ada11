/** Calls straight into the in-process exchange's handlers (real routes, memory storage, no HTTP). */
import { venueProfile, type VenueProfile } from '@mockex/domain';
import { createInProcessExchange, type InProcessExchange } from '../../src/in-process.ts';
import type { GatewayHandler } from '../../src/http/handler.ts';

export const TRADER = 'mx_fuzz_trader_000000000000000000';

/** The default profile without its rate limits, so a test can send as many requests as it needs. */
export function unlimitedProfile(): VenueProfile {
  const profile = venueProfile('mudrex');
  const unlimited = [{ requests: 1_000_000_000, perSeconds: 1 }];
  return {
    ...profile,
    rateLimit: { ...profile.rateLimit, default: unlimited, groups: {}, public: unlimited },
  };
}

export function inProcessExchange(): InProcessExchange {
  return createInProcessExchange({
    keys: [{ secret: TRADER, email: 'fuzz@example.com' }],
    profile: unlimitedProfile(),
    seed: 'fuzz',
  });
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, read field by field
  body: any;
}

/** One request to a gateway handler; `path` is the full path (`/fapi/v1/...`, `/sandbox/v1/...`). */
export async function callHandler(
  handler: GatewayHandler,
  init: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  const headers = new Map(Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const result = await handler(
    {
      method: init.method ?? 'GET',
      url: `http://127.0.0.1:8080${init.path}`,
      headers: { get: (name) => headers.get(name.toLowerCase()) ?? null },
      text: async () => init.body ?? '',
    },
    { ip: '127.0.0.1' },
  );
  if ('drop' in result) return { status: 0, headers: {}, body: undefined };
  return { status: result.status, headers: result.headers, body: JSON.parse(result.body) };
}
