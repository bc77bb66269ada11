import type { AnyExchangeRoute } from './route.ts';
import { instrumentRoutes } from './instruments.ts';
import { marketDataRoutes, pingRoute } from './market-data.ts';
import { orderRoutes } from './orders.ts';
import { positionRoutes } from './positions.ts';
import { walletRoutes } from './wallet.ts';

/**
 * Every `/fapi/v1` route, one per row of the contract's table (plus `POST /wallet/funds`, which older
 * venue docs use). The order is the document's; matching precedence (`/futures/orders` before
 * `/futures/:asset`) is the router's business (`http/paths.ts`).
 */
export const FAPI_ROUTES: readonly AnyExchangeRoute[] = [
  ...walletRoutes,
  ...orderRoutes,
  ...positionRoutes,
  pingRoute,
  ...instrumentRoutes,
  ...marketDataRoutes,
];

export * from './schemas.ts';
export * from './views.ts';
