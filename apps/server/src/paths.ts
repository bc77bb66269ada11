/**
 * Which part of the server a request path belongs to, decided in one place: the exchange's mounts
 * (served by its Node shell before Express), the key API, the server's own routes, and which answers
 * are private (`Cache-Control: no-store`). Nothing here builds a string per request but `pathOf`.
 */
import { EXCHANGE_BASE_PATH, FAPI_ROUTES, SANDBOX_BASE_PATH } from '@mockex/exchange';

/** The key API (tRPC). */
export const KEY_API_PATH = '/trpc';

/** The path of a request URL: what precedes its query. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/** `prefix` itself or a path below it. */
export function under(path: string, prefix: string): boolean {
  return path.startsWith(prefix) && (path.length === prefix.length || path[prefix.length] === '/');
}

/**
 * The exchange's public routes (market data: no `X-Authentication`), from its route table. A public
 * route with a path parameter would not be found here and so counts as private: the safe side.
 */
const PUBLIC_EXCHANGE_PATHS: ReadonlySet<string> = new Set(
  FAPI_ROUTES.filter((route) => route.permission === 'PUBLIC').map(
    (route) => `${EXCHANGE_BASE_PATH}${route.path}`,
  ),
);

/** Answers that belong to one caller or change the sandbox: the key API, the sandbox, the exchange but market data. */
export function isPrivatePath(path: string): boolean {
  if (under(path, EXCHANGE_BASE_PATH)) return !PUBLIC_EXCHANGE_PATHS.has(path);
  return under(path, KEY_API_PATH) || under(path, SANDBOX_BASE_PATH);
}

/** Paths that belong to the server's APIs and pages: the web app's fallback never answers for them. */
const SERVER_PATHS = [KEY_API_PATH, '/fapi', '/sandbox', '/docs', '/healthz', '/openapi.json'];
export function isServerPath(path: string): boolean {
  return SERVER_PATHS.some((prefix) => under(path, prefix));
}
