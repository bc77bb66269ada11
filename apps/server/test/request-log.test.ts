import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../src/logger.ts';
import { redactQuery, requestLogger } from '../src/request-log.ts';
import { captureLogs } from '../src/testing.ts';

/** A bare app with only the request logger, so each test sees exactly the lines one request writes. */
async function withApp(
  level: string,
  fn: (url: string, lines: () => Record<string, unknown>[], logger: Logger) => Promise<void>,
) {
  const { logger, lines } = captureLogs(level);
  const app = express();
  app.use(requestLogger(logger));
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/boom', (_req, res) => void res.status(500).json({}));
  app.use((_req, res) => void res.json({ ok: true }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    await fn(
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
      logger,
    );
  } finally {
    await new Promise((r) => server.close(r));
  }
}

const SECRET_QUERY = '/trpc/account.me?input=%7B%22token%22%3A%22s3cret-in-the-url%22%7D';

describe('request logs', () => {
  it('write one short line per request at info: method, path, status, time; never the query string', async () => {
    await withApp('info', async (url, lines) => {
      await fetch(`${url}${SECRET_QUERY}`, { headers: { authorization: 'Bearer tok-abc' } });
      await fetch(`${url}/healthz`);
      await expect.poll(() => lines().length).toBe(1);
      const [line] = lines();
      expect(line!.msg).toMatch(/^GET \/trpc\/account\.me 200 \d+\.\dms$/);
      expect(Object.keys(line!).sort()).toEqual(['level', 'msg', 'time']);
      expect(JSON.stringify(lines())).not.toMatch(/s3cret|tok-abc|input/);
    });
  });

  it('carry the detail at debug, with credentials and query values redacted', async () => {
    await withApp('debug', async (url, lines) => {
      await fetch(`${url}${SECRET_QUERY}`, {
        headers: { authorization: 'Bearer tok-abc', 'x-authentication': 'mx_live_secret' },
      });
      await expect.poll(() => lines().length).toBe(1);
      const [line] = lines() as [
        { req: { url: string; headers: Record<string, string> }; res: { statusCode: number } },
      ];
      expect(line.req.url).toBe('/trpc/account.me?input=[redacted]');
      expect(line.req.headers.authorization).toBe('[redacted]');
      expect(line.req.headers['x-authentication']).toBe('[redacted]');
      expect(line.res.statusCode).toBe(200);
      expect(JSON.stringify(line)).not.toMatch(/s3cret|tok-abc|mx_live_secret/);
    });
  });

  it('log a 5xx at error with its detail even at info', async () => {
    await withApp('info', async (url, lines) => {
      await fetch(`${url}/boom?x=1`);
      await expect.poll(() => lines().length).toBe(1);
      expect(lines()[0]).toMatchObject({ level: 50, msg: expect.stringMatching(/^GET \/boom 500 /) });
      expect(lines()[0]).toMatchObject({ req: { url: '/boom?x=[redacted]' } });
    });
  });

  it('follow a level changed while running: nothing while silent, lines once raised', async () => {
    await withApp('silent', async (url, lines, logger) => {
      await fetch(`${url}/boom`);
      await fetch(`${url}/quiet`);
      logger.level = 'info';
      await fetch(`${url}/loud`);
      await expect.poll(() => lines().length).toBe(1);
      expect(lines()[0]).toMatchObject({ msg: expect.stringMatching(/^GET \/loud 200 /) });
    });
  });

  it('keep parameter names and drop every value', () => {
    expect(redactQuery('/a')).toBe('/a');
    expect(redactQuery('/a?is_symbol')).toBe('/a?is_symbol=[redacted]');
    expect(redactQuery('/a?input=x&b=2')).toBe('/a?input=[redacted]&b=[redacted]');
  });
});
