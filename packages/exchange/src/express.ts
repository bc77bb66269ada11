/**
 * The Express 5 shell over the exchange's one handler: it hands the handler a light, Fetch-shaped view of
 * `req` (the body read raw, so malformed JSON reaches the handler and becomes a 400 that names it), and
 * writes the result back. A `drop` result (the `timeout` fault) destroys the connection without writing
 * anything, as a venue that hangs up would.
 */
import express from 'express';
import type { IncomingHttpHeaders } from 'node:http';
import { errorResponse, type GatewayResult } from './http/envelope.ts';
import { clientIp } from './http/client-ip.ts';
import type { GatewayHandler, GatewayRequest } from './http/handler.ts';

export interface ExpressAdapterOptions {
  /** The handler to serve (the exchange's or the sandbox's). */
  handler: GatewayHandler;
  /** Proxy hops to trust for X-Forwarded-For (0: use the socket address). */
  trustProxy?: number;
  /** Largest body accepted, in bytes. */
  maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY = 1024 * 1024;

function headerReader(raw: IncomingHttpHeaders): GatewayRequest['headers'] {
  return {
    get(name) {
      const value = raw[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** The raw body as text (listeners rather than `for await`, which costs more on every request). */
function readBody(req: express.Request, limit: number): Promise<string | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      done(); // the rest is discarded once the answer is sent (Node dumps an unread body)
      resolve('too_large');
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onClose = () => {
      done();
      reject(new Error('the client closed the request before its body ended'));
    };
    if (req.readableEnded) return resolve(''); // read before us (nothing more will come)
    if (req.destroyed) return reject(new Error('the client closed the request before its body ended'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

function send(res: express.Response, result: Exclude<GatewayResult, { drop: true }>): void {
  res.writeHead(result.status, { ...result.headers, 'content-length': Buffer.byteLength(result.body) });
  res.end(result.body);
}

/** Express middleware serving one gateway handler (mount it with `app.use(path, ...)`). */
export function fetchToExpress(options: ExpressAdapterOptions): express.RequestHandler {
  const { handler } = options;
  const trustProxy = options.trustProxy ?? 0;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  return async (req, res, next) => {
    try {
      const method = req.method.toUpperCase();
      const body = method === 'GET' || method === 'HEAD' ? '' : await readBody(req, maxBody);
      if (body === 'too_large') {
        send(
          res,
          errorResponse(
            'INVALID_REQUEST',
            { detail: `body: must be at most ${maxBody} bytes` },
            // The rest of the body is not read: close the connection rather than drain it.
            { connection: 'close' },
          ) as Exclude<GatewayResult, { drop: true }>,
        );
        return;
      }
      // Only fault delays listen for the client going away; most requests never create the signal.
      let abort: AbortController | undefined;
      const request: GatewayRequest = {
        method,
        url: `http://${req.headers.host ?? 'localhost'}${req.originalUrl}`,
        headers: headerReader(req.headers),
        text: async () => body,
        get signal() {
          if (!abort) {
            const controller = (abort = new AbortController());
            res.once('close', () => {
              if (!res.writableFinished) controller.abort();
            });
          }
          return abort.signal;
        },
      };
      const result = await handler(request, {
        ip: clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustProxy),
      });
      if ('drop' in result) {
        req.socket.destroy();
        return;
      }
      send(res, result);
    } catch (error) {
      next(error);
    }
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
