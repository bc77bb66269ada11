import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';

describe('server shell', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('answers /healthz with 200 {"status":"ok"} when the database answers', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers unknown routes with a JSON 404 naming the route', async () => {
    const res = await fetch(`${server.url}/no/such/thing`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'No route for GET /no/such/thing' },
    });
  });

  it('writes structured JSON request logs with credentials redacted', async () => {
    await fetch(`${server.url}/no/such/thing`, {
      headers: { authorization: 'Bearer super-secret-token', 'x-authentication': 'mx_supersecretvalue' },
    });
    const text = server.logs.text();
    expect(text).toContain('"url":"/no/such/thing"');
    expect(text).not.toContain('super-secret-token');
    expect(text).not.toContain('mx_supersecretvalue');
    expect(text).toContain('[redacted]');
    for (const line of server.logs.lines) expect(() => JSON.parse(line)).not.toThrow();
  });
});

describe('graceful shutdown', () => {
  it('finishes an in-flight request, then refuses new connections', async () => {
    const server = await startTestServer();
    // A slow route stands in for any request that is mid-flight when the signal arrives.
    const [app] = server.http.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    server.http.removeAllListeners('request');
    server.http.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.url !== '/slow') return app!(req, res);
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('done'), 300);
    });
    const inFlight = fetch(`${server.url}/slow`).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 50));
    const closed = server.close();
    expect(await inFlight).toBe('done');
    await closed;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    await server.db.destroy();
  });
});
