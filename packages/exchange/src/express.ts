/**
 * The Express 5 shell over the exchange's one handler: the Node shell (node.ts) as middleware, a
 * failure of the request itself passed on to Express's error handling.
 */
import express from 'express';
import { toNodeListener, type NodeAdapterOptions } from './node.ts';

export type ExpressAdapterOptions = NodeAdapterOptions;

/** Express middleware serving one gateway handler (mount it with `app.use(path, ...)`). */
export function fetchToExpress(options: ExpressAdapterOptions): express.RequestHandler {
  const listener = toNodeListener(options);
  return (req, res, next) => {
    listener(req, res).catch(next);
  };
}

export type ExchangeRouterOptions = ExpressAdapterOptions;

/**
 * The exchange as an Express router. Mount it where the handler expects it:
 * `app.use('/fapi/v1', createExchangeRouter({ handler }))`.
 */
export function createExchangeRouter(options: ExchangeRouterOptions): express.Router {
  const router = express.Router();
  router.use(fetchToExpress(options));
  return router;
}
