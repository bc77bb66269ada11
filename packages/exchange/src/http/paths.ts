/**
 * Route matching for the gateway: Express-style patterns (`/futures/:asset/order`) compiled once, with
 * static segments taking precedence over parameters (`/futures/orders` is not the asset "orders"),
 * whatever order the route table lists them in. Also the `*` wildcard of sandbox fault matches.
 */
import type { HttpMethod } from '../routes/route.ts';

/** What the router reads of a route (exchange and sandbox routes both have it). */
export interface RoutePattern {
  method: HttpMethod;
  path: string;
}

interface CompiledRoute<T> {
  route: T;
  segments: Array<{ param: string } | { literal: string }>;
}

export type RouteMatch<T> =
  | { kind: 'found'; route: T; params: Record<string, string> }
  | { kind: 'not_found' }
  /** A parameter held an invalid percent-encoding. */
  | { kind: 'bad_param'; param: string };

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/** Orders routes so that, segment by segment, a literal beats a parameter. */
function moreSpecificFirst(a: CompiledRoute<unknown>, b: CompiledRoute<unknown>): number {
  const n = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const aLit = 'literal' in a.segments[i]! ? 1 : 0;
    const bLit = 'literal' in b.segments[i]! ? 1 : 0;
    if (aLit !== bLit) return bLit - aLit;
  }
  return 0;
}

export function compileRoutes<T extends RoutePattern>(routes: readonly T[]) {
  const compiled: CompiledRoute<T>[] = routes.map((route) => ({
    route,
    segments: splitPath(route.path).map((s) => (s.startsWith(':') ? { param: s.slice(1) } : { literal: s })),
  }));
  compiled.sort(moreSpecificFirst);

  return {
    /** Finds the route for a method and a path relative to the mount (`/futures/funds`). */
    match(method: string, relativePath: string): RouteMatch<T> {
      const parts = splitPath(relativePath);
      for (const c of compiled) {
        if (c.route.method !== (method as HttpMethod) || c.segments.length !== parts.length) continue;
        const params: Record<string, string> = {};
        let ok = true;
        for (let i = 0; i < parts.length && ok; i++) {
          const seg = c.segments[i]!;
          const part = parts[i]!;
          if ('literal' in seg) ok = seg.literal === part;
          else {
            try {
              params[seg.param] = decodeURIComponent(part);
            } catch {
              return { kind: 'bad_param', param: seg.param };
            }
          }
        }
        if (ok) return { kind: 'found', route: c.route, params };
      }
      return { kind: 'not_found' };
    },
  };
}

/** `*` matches any run of characters (including none and `/`); everything else is literal. */
export function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}
