import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, openApiPath } from '../src/http/openapi.ts';
import { SANDBOX_BASE_PATH, SANDBOX_ROUTES } from '../src/sandbox/control-plane.ts';
import { EXCHANGE_BASE_PATH } from '../src/http/handler.ts';
import { fixtureRoutes } from './support/fixture-routes.ts';

type Doc = ReturnType<typeof buildOpenApiDocument>;

/** Every (method, path) the document describes. */
function documented(doc: Doc): string[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    ['get', 'post', 'patch', 'delete']
      .filter((m) => m in (item as object))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );
}

describe('OpenAPI document (fixture routes)', () => {
  const exchangeRoutes = fixtureRoutes();
  const sandboxRoutes = SANDBOX_ROUTES;
  const doc = buildOpenApiDocument({ exchangeRoutes, sandboxRoutes });

  it('is OpenAPI 3.1 and lists exactly the registered routes', () => {
    expect(doc.openapi).toBe('3.1.0');
    const registered = [
      ...exchangeRoutes.map((r) => `${r.method} ${openApiPath(EXCHANGE_BASE_PATH, r.path)}`),
      ...sandboxRoutes.map((r) => `${r.method} ${openApiPath(SANDBOX_BASE_PATH, r.path)}`),
    ].sort();
    expect(documented(doc).sort()).toEqual(registered);
  });

  it('documents every error of a route with its envelope, and the 429 Retry-After header', () => {
    const op = doc.paths!['/fapi/v1/futures/{asset}/order']!.post!;
    expect(Object.keys(op.responses!).sort()).toEqual(['202', '400', '401', '403', '429', '500', '503']);
    const r429 = op.responses!['429'] as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(r429.headers['Retry-After']).toBeDefined();
    expect(r429.content['application/json'].examples.RATE_LIMITED.value.errors[0].text).toBe(
      'Too many requests. Try again in 1 seconds.',
    );
    const r401 = op.responses!['401'] as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(Object.keys(r401.content['application/json'].examples).sort()).toEqual([
      'AUTH_INVALID',
      'AUTH_MISSING',
      'KEY_EXPIRED',
      'KEY_REVOKED',
    ]);
    expect(doc.components!.schemas!.Error_POSITION_OUT_OF_SYNC).toBeDefined();
    const asset = doc.paths!['/fapi/v1/futures/{asset}']!.get!;
    expect(Object.keys(asset.responses!)).toContain('404');
  });

  it('documents request bodies from the validation schemas', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const body = (doc.paths!['/sandbox/v1/faults']!.post!.requestBody as any).content['application/json']
      .schema;
    expect(JSON.stringify(body)).toContain('rate_limit');
  });
});

describe('OpenAPI document of the real route tables', () => {
  it('describes every registered /fapi/v1 and /sandbox/v1 route, and nothing else', async () => {
    const { createOpenApiDocument, FAPI_ROUTES } = await import('../src/index.ts');
    const doc = createOpenApiDocument();
    const registered = [
      ...FAPI_ROUTES.map((r) => `${r.method} ${openApiPath(EXCHANGE_BASE_PATH, r.path)}`),
      ...SANDBOX_ROUTES.map((r) => `${r.method} ${openApiPath(SANDBOX_BASE_PATH, r.path)}`),
    ].sort();
    expect(new Set(registered).size).toBe(registered.length);
    expect(documented(doc).sort()).toEqual(registered);
    // The contract's routes are all there.
    for (const route of [
      'GET /fapi/v1/wallet/funds',
      'POST /fapi/v1/wallet/futures/transfer',
      'GET /fapi/v1/futures/funds',
      'GET /fapi/v1/futures',
      'GET /fapi/v1/futures/{asset}',
      'GET /fapi/v1/futures/{asset}/leverage',
      'POST /fapi/v1/futures/{asset}/leverage',
      'POST /fapi/v1/futures/{asset}/order',
      'GET /fapi/v1/futures/orders',
      'GET /fapi/v1/futures/orders/history',
      'GET /fapi/v1/futures/orders/{id}',
      'PATCH /fapi/v1/futures/orders/{id}',
      'DELETE /fapi/v1/futures/orders/{id}',
      'GET /fapi/v1/futures/positions',
      'GET /fapi/v1/futures/positions/history',
      'POST /fapi/v1/futures/positions/{id}/close',
      'POST /fapi/v1/futures/positions/{id}/close/partial',
      'POST /fapi/v1/futures/positions/{id}/reverse',
      'POST /fapi/v1/futures/positions/{id}/add-margin',
      'POST /fapi/v1/futures/positions/{id}/riskorder',
      'PATCH /fapi/v1/futures/positions/{id}/riskorder',
      'GET /fapi/v1/futures/positions/{id}/liq-price',
      'GET /fapi/v1/futures/fee/history',
    ]) {
      expect(registered).toContain(route);
    }
    // Every operation documents a success and at least the gateway's errors.
    for (const item of Object.values(doc.paths ?? {})) {
      for (const op of Object.values(item as Record<string, { responses?: Record<string, unknown> }>)) {
        expect(Object.keys(op.responses ?? {})).toEqual(expect.arrayContaining(['400', '500']));
      }
    }
  });
});
