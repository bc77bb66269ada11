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

/**
 * Does `path` match `pattern`, where `*` matches any run of characters (including none and `/`) and
 * everything else is literal? Without regular expressions: a pattern such as `/*a*a*a*b` compiled to
 * `^/.*a.*a.*a.*b$` backtracks exponentially on a long path of `a`s, and one request could hold the
 * event loop for minutes. For `*`-only patterns the first literal piece must start the path, the last
 * must end it, and each piece between is taken at its leftmost place after the previous one: a
 * leftmost choice never rules out a match a later choice would allow. Each piece is searched once, so
 * the work is linear in the path's length for a pattern of bounded length.
 */
export function wildcardMatches(pattern: string, path: string): boolean {
  const pieces = pattern.split('*');
  if (pieces.length === 1) return pattern === path;
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (first.length + last.length > path.length || !path.startsWith(first) || !path.endsWith(last))
    return false;
  let from = first.length;
  const end = path.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i]!;
    if (piece === '') continue;
    const at = path.indexOf(piece, from);
    if (at === -1 || at + piece.length > end) return false;
    from = at + piece.length;
  }
  return true;
}
