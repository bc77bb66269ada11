import { createExpressMiddleware } from '@trpc/server/adapters/express';
import type { Request, RequestHandler } from 'express';
import { errorMessage, isMockexError } from '@mockex/domain';
import type { KeyService } from '@mockex/keys';
import { bearerToken, createContextInner } from './context.ts';
import { appRouter } from './root.ts';

export interface KeyApiMiddlewareOptions {
  keys: KeyService;
  /** Where unexpected failures are reported (inputs are never logged: they hold passwords and codes). */
  logger?: { error(obj: object, msg?: string): void };
  /** Largest accepted request body (default 64 KiB). */
  maxBodySize?: number;
  /** Most calls in one tRPC batch (default 10); larger batches are refused whole with a 400. */
  maxBatchSize?: number;
}

export const MAX_BATCH_SIZE = 10;

/** The calls of a batch request (`/a,b,c?batch=1`), counted without parsing its body. */
function batchSize(req: Request): number {
  if (req.query.batch !== '1') return 1;
  return req.path.split(',').length;
}

/**
 * The key API as Express middleware: mount it at `/trpc`. The caller's address is `req.ip`, which is
 * the socket address unless the app has `trust proxy` set (then X-Forwarded-For is honoured).
 */
export function createKeyApiMiddleware(options: KeyApiMiddlewareOptions): RequestHandler {
  const maxBatchSize = options.maxBatchSize ?? MAX_BATCH_SIZE;
  const trpc = createExpressMiddleware({
    router: appRouter,
    maxBodySize: options.maxBodySize ?? 64 * 1024,
    maxBatchSize,
    createContext: ({ req }) =>
      createContextInner({
        keys: options.keys,
        token: bearerToken(req.headers.authorization),
        ip: req.ip ?? req.socket.remoteAddress ?? null,
      }),
    onError({ error, path, type }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        options.logger?.error({ err: error.cause ?? error, path, type }, 'key API call failed');
      }
    },
    responseMeta({ errors }) {
      // Throttled callers learn when to come back, as HTTP clients expect.
      for (const error of errors) {
        const seconds = isMockexError(error.cause) ? error.cause.meta.retryAfterSeconds : undefined;
        if (typeof seconds === 'number') return { headers: { 'Retry-After': String(seconds) } };
      }
      return {};
    },
  });
  return (req, res, next) => {
    // Refused before any call runs: a batch of hundreds of sign-ins must not queue hundreds of
    // password hashes in front of everybody else's. (tRPC's own maxBatchSize is the backstop.)
    const calls = batchSize(req);
    if (calls > maxBatchSize) {
      const message = errorMessage('INVALID_REQUEST', {
        detail: `batch: at most ${maxBatchSize} calls per request, this one has ${calls}`,
      });
      res.status(400).json({
        error: {
          message,
          code: -32600,
          data: { code: 'BAD_REQUEST', httpStatus: 400, appCode: 'INVALID_REQUEST', field: 'batch' },
        },
      });
      return;
    }
    // `curl -X POST .../account.beginTwoFactor` sends no content type: the key API only speaks JSON.
    if (req.method === 'POST' && !req.headers['content-type'])
      req.headers['content-type'] = 'application/json';
    return trpc(req, res, next);
  };
}
