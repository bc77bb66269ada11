import { createExpressMiddleware } from '@trpc/server/adapters/express';
import type { RequestHandler } from 'express';
import { isMockexError } from '@mockex/domain';
import type { KeyService } from '@mockex/keys';
import { bearerToken, createContextInner } from './context.ts';
import { appRouter } from './root.ts';

export interface KeyApiMiddlewareOptions {
  keys: KeyService;
  /** Where unexpected failures are reported (inputs are never logged: they hold passwords and codes). */
  logger?: { error(obj: object, msg?: string): void };
  /** Largest accepted request body (default 64 KiB). */
  maxBodySize?: number;
}

/**
 * The key API as Express middleware: mount it at `/trpc`. The caller's address is `req.ip`, which is
 * the socket address unless the app has `trust proxy` set (then X-Forwarded-For is honoured).
 */
export function createKeyApiMiddleware(options: KeyApiMiddlewareOptions): RequestHandler {
  const trpc = createExpressMiddleware({
    router: appRouter,
    maxBodySize: options.maxBodySize ?? 64 * 1024,
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
    // `curl -X POST .../account.beginTwoFactor` sends no content type: the key API only speaks JSON.
    if (req.method === 'POST' && !req.headers['content-type'])
      req.headers['content-type'] = 'application/json';
    return trpc(req, res, next);
  };
}
