/**
 * The Node `http` shell over the exchange's one handler: it hands the handler a light, Fetch-shaped view
 * of the request (the body read raw, so malformed JSON reaches the handler and becomes a 400 that names
 * it), and writes the result straight back. A `drop` result (the `timeout` fault) destroys the
 * connection without writing anything, as a venue that hangs up would. The server puts it in front of
 * Express (whose router costs more than the exchange's whole read); the Express shell wraps it.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { errorResponse, type GatewayAnswer } from './http/envelope.ts';
import { clientIp } from './http/client-ip.ts';
import type { GatewayHandler, GatewayRequest } from './http/handler.ts';

export interface NodeAdapterOptions {
  /** The handler to serve (the exchange's or the sandbox's). */
  handler: GatewayHandler;
  /** Proxy hops to trust for X-Forwarded-For (0: use the socket address). */
  trustProxy?: number;
  /** Largest body accepted, in bytes. */
  maxBodyBytes?: number;
}

/** Serves one request; rejects only when the request itself failed (the client went away mid-body). */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const DEFAULT_MAX_BODY = 1024 * 1024;

function headerReader(raw: IncomingHttpHeaders): GatewayRequest['headers'] {
  return {
    get(name) {
      const value = raw[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** The Host for the request's URL; one that could not be part of a URL is replaced (the raw header stays readable). */
function plainHost(host: string | undefined): string {
  return host && /^[A-Za-z0-9.\-_]*(:\d*)?$|^\[[0-9A-Fa-f:.]+\](:\d*)?$/.test(host) ? host : 'localhost';
}

/** The raw body as text (listeners rather than `for await`, which costs more on every request). */
function readBody(req: IncomingMessage, limit: number): Promise<string | 'too_large'> {
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

export function sendResult(res: ServerResponse, result: GatewayAnswer): void {
  res.writeHead(result.status, { ...result.headers, 'content-length': Buffer.byteLength(result.body) });
  res.end(result.body);
}

/**
 * A Node request listener serving one gateway handler. The request's full path is `originalUrl` under
 * Express (which strips a mount's prefix from `url`), `url` otherwise.
 */
export function toNodeListener(options: NodeAdapterOptions): NodeListener {
  const { handler } = options;
  const trustProxy = options.trustProxy ?? 0;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  return async (req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const body = method === 'GET' || method === 'HEAD' ? '' : await readBody(req, maxBody);
    if (body === 'too_large') {
      sendResult(
        res,
        errorResponse(
          'INVALID_REQUEST',
          { detail: `body: must be at most ${maxBody} bytes` },
          // The rest of the body is not read: close the connection rather than drain it.
          { connection: 'close' },
        ),
      );
      return;
    }
    // Only fault delays listen for the client going away; most requests never create the signal.
    let abort: AbortController | undefined;
    const path = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    const request: GatewayRequest = {
      method,
      url: `http://${plainHost(req.headers.host)}${path}`,
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
    sendResult(res, result);
  };
}

export { errorResponse };
