import { existsSync } from 'node:fs';
import express from 'express';
import { ERRORS, errorMessage, type ErrorCode, type ErrorParams } from '@mockex/domain';
import type { MockexDatabase } from '@mockex/db';
import type { KeyService } from '@mockex/keys';
import { createKeyApiMiddleware } from '@mockex/api/express';
import type { Logger } from './logger.ts';
import { requestLogger } from './request-log.ts';
import { serveDocs } from './docs.ts';

export interface AppDeps {
  database: MockexDatabase;
  logger: Logger;
  /** The key API's service, served at /trpc. */
  keys: KeyService;
  /** The exchange: /fapi/v1, /sandbox/v1 and /openapi.json (see exchange-mount.ts). */
  exchange?: { mount(app: express.Express): void } | undefined;
  /** Proxy hops whose X-Forwarded-For is trusted for the client address (0: the socket address). */
  trustProxy?: number | undefined;
  /** The built docs site, served at /docs/ when present. */
  docsDir?: string | undefined;
}

/** The plain JSON error shape of the server's own routes (the exchange has its own envelope). */
export function sendError(res: express.Response, code: ErrorCode, params: ErrorParams = {}): void {
  res.status(ERRORS[code].status).json({ error: { code, message: errorMessage(code, params) } });
}

/**
 * Builds the Express app from its dependencies and nothing else, so tests can start it on a random
 * port against their own database. Mounts: /healthz, /trpc, /fapi/v1, /sandbox/v1, /openapi.json, /docs.
 */
export function createApp(deps: AppDeps): express.Express {
  const { database, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (deps.trustProxy) app.set('trust proxy', deps.trustProxy);

  app.use(requestLogger(logger));

  app.get('/healthz', async (_req, res) => {
    const ok = await database.ping(1_500);
    res
      .status(ok ? 200 : 503)
      .json(ok ? { status: 'ok' } : { status: 'unavailable', database: 'unreachable' });
  });

  app.use('/trpc', createKeyApiMiddleware({ keys: deps.keys, logger }));
  deps.exchange?.mount(app);

  if (deps.docsDir && existsSync(deps.docsDir)) serveDocs(app, deps.docsDir);

  app.use((req, res) => sendError(res, 'NOT_FOUND', { method: req.method, path: req.path }));

  // Last resort: an unexpected throw becomes a 500 without leaking its text; a body the JSON parser
  // refused is the client's mistake and says so.
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = (error as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      const type = (error as { type?: string }).type;
      const detail = type === 'entity.parse.failed' ? 'body is not valid JSON' : (error as Error).message;
      sendError(res, 'INVALID_REQUEST', { detail });
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    if (!res.headersSent) sendError(res, 'INTERNAL_ERROR');
  });

  return app;
}
