/**
 * The OpenAPI 3.1 document of `/fapi/v1` and `/sandbox/v1`, generated from the same route tables and zod
 * schemas the gateway validates with, so the document cannot describe an API the server does not serve.
 * Every route lists every error it can answer with, each as its own envelope schema.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ERRORS, errorMessage, type ErrorCode } from '@mockex/domain';
import type { AnyExchangeRoute } from '../routes/route.ts';
import { wireCode } from './envelope.ts';
import { EXCHANGE_BASE_PATH } from './handler.ts';
import { SANDBOX_BASE_PATH, type SandboxRoute } from '../sandbox/control-plane.ts';

/** Errors the gateway itself can answer any exchange route with, in the order it checks them. */
export const GATEWAY_ERRORS: readonly ErrorCode[] = [
  'AUTH_MISSING',
  'AUTH_INVALID',
  'KEY_REVOKED',
  'KEY_EXPIRED',
  'IP_NOT_ALLOWED',
  'PERMISSION_DENIED',
  'KYC_REQUIRED',
  'RATE_LIMITED',
  'INVALID_REQUEST',
  'INTERNAL_ERROR',
];
/** What the gateway itself can answer on a public (market-data) route: no key checks, a per-address limit. */
export const PUBLIC_GATEWAY_ERRORS: readonly ErrorCode[] = [
  'MARKET_RATE_LIMITED',
  'INVALID_REQUEST',
  'INTERNAL_ERROR',
];
/** Errors the sandbox's faults can produce on any exchange route. */
export const FAULT_ERRORS: readonly ErrorCode[] = [
  'RATE_LIMITED',
  'POSITION_OUT_OF_SYNC',
  'SERVER_ERROR',
  'MAINTENANCE',
];
export const SANDBOX_ERRORS: readonly ErrorCode[] = [
  'SANDBOX_UNAUTHORIZED',
  'SANDBOX_CROSS_SITE',
  'SANDBOX_HOST_NOT_ALLOWED',
  'SANDBOX_NOT_JSON',
  'INVALID_REQUEST',
  'INTERNAL_ERROR',
];

/** `/futures/:asset/order` → `/futures/{asset}/order`. */
export function openApiPath(base: string, path: string): string {
  return base + path.replace(/:(\w+)/g, '{$1}');
}

function pathParamNames(path: string): string[] {
  return [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
}

/** A fixed example for each placeholder, so the documented texts read like real answers. */
const EXAMPLE_PARAMS = {
  detail: 'quantity: must be a multiple of 0.001',
  method: 'GET',
  path: '/fapi/v1/futures/unknown/route',
  status: 'expired',
  expiredAt: '2026-04-01T00:00:00.000Z',
  ip: '198.51.100.7',
  permission: 'TRADE',
  seconds: 1,
  asset: 'NOPEUSDT',
  id: '0199c39f-e866-7d6b-947e-ed2f09c90b8e',
  email: 'trader@example.com',
  limit: 1,
  host: '"rebind.example.com"',
  origin: 'Origin: https://elsewhere.example',
  contentType: '"text/plain"',
};

export interface OpenApiOptions {
  exchangeRoutes: readonly AnyExchangeRoute[];
  sandboxRoutes: readonly SandboxRoute[];
  /** Servers listed in the document (default: the local server). */
  servers?: Array<{ url: string; description?: string }>;
  version?: string;
}

// Named through the generator: the inferred type would point into openapi3-ts, which the published
// declarations cannot name.
export function buildOpenApiDocument(
  options: OpenApiOptions,
): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'ApiKey', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Authentication',
    description: 'The API secret issued by the key API (`keys.create` / `keys.rotate`).',
  });
  registry.registerComponent('securitySchemes', 'SandboxToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'Needed only when the server runs with MOCKEX_SANDBOX_TOKEN.',
  });

  const errorSchemas = new Map<ErrorCode, z.ZodType>();
  /** `nullCode`: the route's refusals carry `code: null` (the venue's transfer routes). */
  const errorSchema = (code: ErrorCode, nullCode: boolean) => {
    const key = (nullCode ? `${code}_null` : code) as ErrorCode;
    let schema = errorSchemas.get(key);
    if (!schema) {
      const spec = ERRORS[code];
      const wire = nullCode ? null : wireCode(code);
      // A schema with a meta `id` becomes a named component.
      schema = z
        .object({
          success: z.literal(false),
          errors: z
            .array(
              z.object({
                code: wire === null ? z.null() : z.literal(wire),
                text: z.string(),
                reason: z.literal(code),
              }),
            )
            .length(1),
        })
        .meta({ id: `Error_${key}`, description: `${spec.cause} ${spec.fix}` });
      errorSchemas.set(key, schema);
    }
    return schema;
  };

  function errorResponses(codes: readonly ErrorCode[], nullCodes: ReadonlySet<ErrorCode> = new Set()) {
    const byStatus = new Map<number, ErrorCode[]>();
    for (const code of new Set(codes)) {
      const status = ERRORS[code].status;
      byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
    }
    const responses: Record<number, object> = {};
    for (const [status, list] of [...byStatus].sort((a, b) => a[0] - b[0])) {
      const schemas = list.map((code) => errorSchema(code, nullCodes.has(code)));
      const retryAfter = list.some(
        (c) => c === 'RATE_LIMITED' || c === 'MARKET_RATE_LIMITED' || c === 'MAINTENANCE',
      );
      responses[status] = {
        description: list.join(', '),
        ...(retryAfter
          ? {
              headers: {
                'Retry-After': {
                  description: 'Whole seconds to wait before retrying',
                  schema: { type: 'integer', minimum: 1 },
                },
              },
            }
          : {}),
        content: {
          'application/json': {
            schema:
              schemas.length === 1 ? schemas[0]! : z.union(schemas as [z.ZodType, z.ZodType, ...z.ZodType[]]),
            examples: Object.fromEntries(
              list.map((code) => [
                code,
                {
                  value: {
                    success: false,
                    errors: [
                      {
                        code: nullCodes.has(code) ? null : wireCode(code),
                        text: errorMessage(code, EXAMPLE_PARAMS),
                        reason: code,
                      },
                    ],
                  },
                },
              ]),
            ),
          },
        },
      };
    }
    return responses;
  }

  const success = (data: z.ZodType, example: unknown) =>
    z
      .object({ success: z.literal(true), data })
      .meta(example === undefined ? {} : { example: { success: true, data: example } });

  const paramsFor = (path: string, schema: z.ZodType | undefined) => {
    if (schema instanceof z.ZodObject) return schema;
    const names = pathParamNames(path);
    return names.length ? z.object(Object.fromEntries(names.map((n) => [n, z.string()]))) : undefined;
  };
  const objectOrNothing = (schema: z.ZodType | undefined) =>
    schema instanceof z.ZodObject ? schema : undefined;

  for (const route of options.exchangeRoutes) {
    const params = paramsFor(route.path, route.params);
    const query = objectOrNothing(route.query);
    registry.registerPath({
      method: route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete',
      path: openApiPath(EXCHANGE_BASE_PATH, route.path),
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      security: route.permission === 'PUBLIC' ? [] : [{ ApiKey: [] }],
      'x-mockex-permission': route.permission,
      'x-mockex-rate-group': route.permission === 'PUBLIC' ? 'public' : (route.rateGroup ?? 'default'),
      request: {
        ...(params ? { params } : {}),
        ...(query ? { query } : {}),
        ...(route.body
          ? { body: { required: true, content: { 'application/json': { schema: route.body } } } }
          : {}),
        headers: z.object({
          'X-Mockex-Fault': z.string().optional().meta({
            description:
              'Sandbox only: make this one request fail (`rate_limit`, `out_of_sync`, `server_error`, `maintenance`, `timeout`, `latency=<ms>`).',
          }),
        }),
      },
      responses: {
        [route.successStatus]: {
          description: route.successStatus === 202 ? 'Accepted' : 'OK',
          content: { 'application/json': { schema: success(route.response, route.example) } },
        },
        ...errorResponses(
          [
            ...(route.permission === 'PUBLIC' ? PUBLIC_GATEWAY_ERRORS : GATEWAY_ERRORS),
            ...FAULT_ERRORS,
            ...route.errors,
          ],
          // What the route itself refuses (validation included) carries the route's code rule.
          new Set(route.nullErrorCode ? ['INVALID_REQUEST', ...route.errors] : []),
        ),
      },
    } as Parameters<typeof registry.registerPath>[0]);
  }

  for (const route of options.sandboxRoutes) {
    const params = paramsFor(route.path, undefined);
    registry.registerPath({
      method: route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete',
      path: openApiPath(SANDBOX_BASE_PATH, route.path),
      operationId: route.operationId,
      summary: route.summary,
      tags: ['Sandbox'],
      security: [{ SandboxToken: [] }, {}],
      request: {
        ...(params ? { params } : {}),
        ...(route.body
          ? { body: { required: true, content: { 'application/json': { schema: route.body } } } }
          : {}),
      },
      responses: {
        [route.successStatus]: {
          description: route.successStatus === 201 ? 'Created' : 'OK',
          content: { 'application/json': { schema: success(route.response, route.example) } },
        },
        ...errorResponses([...SANDBOX_ERRORS, ...route.errors]),
      },
    });
  }

  const generator = new OpenApiGeneratorV31(registry.definitions);
  return generator.generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Mockex exchange and sandbox',
      version: options.version ?? '1.0.0',
      description:
        'A Mudrex-compatible mock futures exchange (`/fapi/v1`) and its sandbox control plane (`/sandbox/v1`). ' +
        'Every number in a response is a string; requests accept numbers as JSON numbers or numeric strings. ' +
        'Failures use the envelope `{"success": false, "errors": [{"code", "text", "reason"}]}`: `code` is the HTTP status, ' +
        'except null where the venue sends null (`position not in sync with exchange`, refused wallet transfers); `text` is ' +
        "the venue's own text wherever it has one; `reason` is a stable code of the error catalogue.",
    },
    servers: options.servers ?? [{ url: 'http://127.0.0.1:8080', description: 'A local Mockex server' }],
  });
}
