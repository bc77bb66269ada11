import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientIp } from '@mockex/exchange';
import type { Logger } from './logger.ts';
import { pathOf } from './paths.ts';

/**
 * One line per request, written when the response is finished. At `info` it is short
 * (`GET /fapi/v1/futures/funds 200 1.3ms`); at `debug` the same line carries the request and response
 * detail (headers through the logger's redaction). Query strings never appear with their values: tRPC
 * queries carry their input there, and a bot may put anything in one. Health probes are not logged.
 *
 * This replaces pino-http, whose per-request child logger cost about a tenth of a cheap request.
 */
export function requestLogger(logger: Logger, options: { trustProxy?: number | undefined } = {}) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    // A silent logger (the level is read per request: it may change while running) costs no listener.
    if (!logger.isLevelEnabled('error')) return next();
    const url = req.url ?? '/';
    const path = pathOf(url);
    if (path === '/healthz') return next();
    const started = performance.now();
    res.once('finish', () => {
      const ms = performance.now() - started;
      const status = res.statusCode;
      const line = `${req.method} ${path} ${status} ${ms.toFixed(1)}ms`;
      const level = status >= 500 ? 'error' : 'info';
      if (level === 'info' && !logger.isLevelEnabled('debug')) {
        logger.info(line);
        return;
      }
      logger[level === 'error' ? 'error' : 'debug'](
        {
          req: {
            method: req.method,
            url: redactQuery(url),
            headers: req.headers,
            remoteAddress: clientIp(
              req.socket.remoteAddress,
              req.headers['x-forwarded-for'],
              options.trustProxy,
            ),
          },
          res: { statusCode: status, headers: res.getHeaders() },
          responseTime: Math.round(ms * 10) / 10,
        },
        line,
      );
    });
    next();
  };
}

/** `/a?input=...&x=1` becomes `/a?input=[redacted]&x=[redacted]`: which parameters, never their values. */
export function redactQuery(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const names = [...new URLSearchParams(url.slice(at + 1)).keys()];
  return `${url.slice(0, at)}?${names.map((n) => `${encodeURIComponent(n)}=[redacted]`).join('&')}`;
}
