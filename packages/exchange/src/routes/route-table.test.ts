import { describe, expect, it } from 'vitest';
import { compileRoutes } from '../http/paths.ts';
import { FAPI_ROUTES } from './index.ts';

describe('route table', () => {
  it('has every route of the contract, each documented', () => {
    const table = FAPI_ROUTES.map((r) => `${r.method} ${r.path}`);
    for (const row of [
      'GET /wallet/funds',
      'POST /wallet/futures/transfer',
      'GET /futures/funds',
      'GET /futures',
      'GET /futures/:asset',
      'GET /futures/:asset/leverage',
      'POST /futures/:asset/leverage',
      'POST /futures/:asset/order',
      'GET /futures/orders',
      'GET /futures/orders/history',
      'GET /futures/orders/:id',
      'PATCH /futures/orders/:id',
      'DELETE /futures/orders/:id',
      'GET /futures/positions',
      'GET /futures/positions/history',
      'POST /futures/positions/:id/close',
      'POST /futures/positions/:id/close/partial',
      'POST /futures/positions/:id/reverse',
      'POST /futures/positions/:id/add-margin',
      'POST /futures/positions/:id/riskorder',
      'PATCH /futures/positions/:id/riskorder',
      'GET /futures/positions/:id/liq-price',
      'GET /futures/fee/history',
      'GET /futures/ping',
      'GET /price/kline',
      'GET /price/mark-kline',
    ])
      expect(table).toContain(row);
    for (const r of FAPI_ROUTES) {
      expect(r.summary && r.operationId && r.tag && r.response, `${r.method} ${r.path}`).toBeTruthy();
      expect(r.example, `${r.method} ${r.path} example`).toBeDefined();
      expect(
        r.response.safeParse(r.example).success,
        `${r.method} ${r.path} example matches its schema`,
      ).toBe(true);
      // Market data is public; every other read needs READ_ONLY, every change TRADE.
      const needs = r.path.startsWith('/price/')
        ? 'PUBLIC'
        : r.method === 'GET' || r.path === '/wallet/funds'
          ? 'READ_ONLY'
          : 'TRADE';
      expect(r.permission, `${r.method} ${r.path}`).toBe(needs);
    }
    expect(new Set(FAPI_ROUTES.map((r) => r.operationId)).size).toBe(FAPI_ROUTES.length);
    const router = compileRoutes(FAPI_ROUTES);
    const listed = router.match('GET', '/futures/orders');
    expect(listed.kind === 'found' && `${listed.route.method} ${listed.route.path}`).toBe(
      'GET /futures/orders',
    );
    const ping = router.match('GET', '/futures/ping');
    expect(ping.kind === 'found' && ping.route.path).toBe('/futures/ping');
  });
});
