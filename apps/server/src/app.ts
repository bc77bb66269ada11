import { existsSync } from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { join } from 'node:path';
import cors from 'cors';
import express from 'express';
import { ERRORS, errorMessage, isMockexError, type ErrorCode, type ErrorParams } from '@mockex/domain';
import type { MockexDatabase } from '@mockex/db';
import type { KeyService } from '@mockex/keys';
import { createKeyApiMiddleware } from '@mockex/api/express';
import type { Logger } from './logger.ts';
import { requestLogger } from './request-log.ts';
import type { ExchangeMount } from './exchange-mount.ts';
import { redirectRootToDocs, serveDocs } from './docs.ts';
import { isPrivatePath, isServerPath, KEY_API_PATH, pathOf } from './paths.ts';

export interface AppDeps {
  database: MockexDatabase;
  logger: Logger;
  /** The key API's service, served at /trpc. */
  keys: KeyService;
  /** The exchange: /fapi/v1, /sandbox/v1 and /openapi.json (see exchange-mount.ts). */
  exchange?: Pick<ExchangeMount, 'serve' | 'openapi'> | undefined;
  /** Proxy hops whose X-Forwarded-For is trusted for the client address (0: the socket address). */
  trustProxy?: number | undefined;
  /** The built docs site, served at /docs/ when present. */
  docsDir?: string | undefined;
  /** The built web app, served at / when present (with its routes falling back to index.html). */
  webDir?: string | undefined;
  /** Origins allowed to call /trpc from a browser page (CORS, preflight included). */
  corsOrigins?: readonly string[] | undefined;
}

/** The plain JSON error shape of the server's own routes (the exchange has its own envelope). */
export function sendError(res: express.Response, code: ErrorCode, params: ErrorParams = {}): void {
  res.status(ERRORS[code].status).json({ error: { code, message: errorMessage(code, params) } });
}

/**
 * The server's request listener, built from its dependencies and nothing else, so tests can start it
 * on a random port against their own database. Every answer gets the same headers and log line; the
 * exchange (/fapi/v1, /sandbox/v1) then serves its own paths, and Express everything else: /healthz,
 * /trpc, /openapi.json, /docs and the web app at /.
 */
export function createApp(deps: AppDeps): RequestListener {
  const app = createExpressApp(deps);
  const log = requestLogger(deps.logger, { trustProxy: deps.trustProxy });
  return (req: IncomingMessage, res: ServerResponse) => {
    setAnswerHeaders(pathOf(req.url ?? '/'), res);
    log(req, res, () => {
      if (!deps.exchange?.serve(req, res)) app(req, res);
    });
  };
}

/**
 * Every answer: never sniff a type other than the declared one. Private answers (a key's account, the
 * key API, the sandbox) must not be kept by a browser or a shared cache; public market data may be.
 */
function setAnswerHeaders(path: string, res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (isPrivatePath(path)) res.setHeader('Cache-Control', 'no-store');
}

function createExpressApp(deps: AppDeps): express.Express {
  const { database, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (deps.trustProxy) app.set('trust proxy', deps.trustProxy);

  app.get('/healthz', async (_req, res) => {
    const ok = await database.ping(1_500);
    res
      .status(ok ? 200 : 503)
      .json(ok ? { status: 'ok' } : { status: 'unavailable', database: 'unreachable' });
  });

  if (deps.corsOrigins?.length) {
    // Bearer tokens, not cookies: no credentials mode. Other origins get no CORS headers at all.
    app.use(
      KEY_API_PATH,
      cors({
        origin: [...deps.corsOrigins],
        methods: ['GET', 'POST'],
        allowedHeaders: ['authorization', 'content-type', 'trpc-accept'],
        maxAge: 600,
      }),
    );
  }
  app.use(KEY_API_PATH, createKeyApiMiddleware({ keys: deps.keys, logger }));
  const exchange = deps.exchange;
  if (exchange) app.get('/openapi.json', (_req, res) => void res.json(exchange.openapi()));

  const hasDocs = Boolean(deps.docsDir && existsSync(deps.docsDir));
  if (hasDocs) serveDocs(app, deps.docsDir!);

  if (deps.webDir && existsSync(join(deps.webDir, 'index.html'))) {
    const webDir = deps.webDir;
    // Vite names assets by content hash: they never change, so browsers may keep them.
    app.use('/assets', express.static(join(webDir, 'assets'), { immutable: true, maxAge: '1y' }));
    app.use(express.static(webDir, { index: false, maxAge: 0 }));
    // The app's own routes (/keys, /console, ...) load index.html and route in the browser; API paths
    // and missing files (anything with an extension) keep their JSON 404.
    app.get(/.*/, (req, res, next) => {
      if (isServerPath(req.path) || /\.[a-z0-9]+$/i.test(req.path)) return next();
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(join(webDir, 'index.html'));
    });
  } else if (hasDocs) {
    redirectRootToDocs(app);
  }

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
    if (isMockexError(error) && error.status === 503) {
      // The database is away (or the like): say so, and when to come back.
      const seconds = Number(error.meta.retryAfterSeconds ?? 1);
      if (!res.headersSent) {
        res.setHeader('Retry-After', String(Math.max(1, Math.ceil(seconds))));
        sendError(res, error.code);
      }
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    if (!res.headersSent) sendError(res, 'INTERNAL_ERROR');
  });

  return app;
}
