import type { AnyExchangeRoute } from './route.ts';
import type { ExchangeRuntime } from '../runtime.ts';
import { instrumentRoutes } from './instruments.ts';
import { orderRoutes } from './orders.ts';
import { positionRoutes } from './positions.ts';
import { walletRoutes } from './wallet.ts';

/**
 * Every `/fapi/v1` route, one per row of the contract's table (plus `POST /wallet/funds`, which older
 * venue docs use). Paths with fixed segments are listed before parameterised ones that could also
 * match them (`/futures/orders` before `/futures/:asset`), so first-match routers work too.
 */
export function createFapiRoutes(runtime: ExchangeRuntime): AnyExchangeRoute[] {
  const all = [
    ...walletRoutes(runtime),
    ...orderRoutes(runtime),
    ...positionRoutes(runtime),
    ...instrumentRoutes(runtime),
  ];
  const fixedSegments = (path: string) => path.split('/').filter((s) => s && !s.startsWith(':')).length;
  const params = (path: string) => path.split('/').filter((s) => s.startsWith(':')).length;
  // Stable: fewer parameters first, then more fixed segments.
  return all
    .map((route, index) => ({ route, index }))
    .sort(
      (a, b) =>
        params(a.route.path) - params(b.route.path) ||
        fixedSegments(b.route.path) - fixedSegments(a.route.path) ||
        a.index - b.index,
    )
    .map(({ route }) => route);
}

export * from './schemas.ts';
export * from './views.ts';
