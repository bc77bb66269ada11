import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxExposureWarning } from '../src/exchange-mount.ts';
import { startTestServer, type TestServer } from '../src/testing.ts';

const TOKEN = 'sandbox-token-0123456789abcdef';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ MOCKEX_SANDBOX_TOKEN: TOKEN });
});
afterAll(() => server?.stop());

describe('sandbox control plane with MOCKEX_SANDBOX_TOKEN', () => {
  it('refuses calls without the bearer token or with a wrong one (401 SANDBOX_UNAUTHORIZED)', async () => {
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer wrong-token-0123456789' },
      { authorization: TOKEN },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${server.url}/sandbox/v1/reset`, { method: 'POST', headers });
      expect(res.status).toBe(401);
      expect((await res.json()).errors[0]).toMatchObject({ code: 401, reason: 'SANDBOX_UNAUTHORIZED' });
    }
  });

  it('accepts the token', async () => {
    const res = await fetch(`${server.url}/sandbox/v1/clock`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).data.offsetSeconds).toBe(0);
  });

  it('never logs the token or an API secret', async () => {
    await fetch(`${server.url}/sandbox/v1/clock`, { headers: { authorization: `Bearer ${TOKEN}` } });
    await fetch(`${server.url}/fapi/v1/futures/funds`, {
      headers: { 'X-Authentication': 'mx_secret_that_must_not_leak_0000000' },
    });
    expect(server.logs.text()).not.toContain(TOKEN);
    expect(server.logs.text()).not.toContain('mx_secret_that_must_not_leak');
  });
});

describe('start-up warning', () => {
  it('warns when listening beyond loopback without a token, and only then', () => {
    expect(sandboxExposureWarning('0.0.0.0', undefined)).toMatch(
      /WARNING: the sandbox control plane .* without a token/,
    );
    expect(sandboxExposureWarning('::', undefined)).not.toBeNull();
    expect(sandboxExposureWarning('0.0.0.0', TOKEN)).toBeNull();
    expect(sandboxExposureWarning('127.0.0.1', undefined)).toBeNull();
    expect(sandboxExposureWarning('::1', undefined)).toBeNull();
    expect(sandboxExposureWarning('localhost', undefined)).toBeNull();
  });

  it('the running server logs it at start', async () => {
    const open = await startTestServer({ HOST: '0.0.0.0' });
    try {
      expect(open.logs.text()).toContain(
        'WARNING: the sandbox control plane (/sandbox/v1) is reachable on 0.0.0.0 without a token',
      );
    } finally {
      await open.stop();
    }
  });
});

/** One HTTP request with exactly these headers (fetch would not let a test set Host). */
function raw(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, read field by field
): Promise<{ status: number; body: any }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: init.method ?? 'GET',
        headers: {
          ...(init.body !== undefined ? { 'content-length': Buffer.byteLength(init.body) } : {}),
          ...init.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }),
        );
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('sandbox without a token: what a browser page on another site could send is refused', () => {
  let open: TestServer;
  beforeAll(async () => {
    open = await startTestServer({ MOCKEX_ALLOWED_HOSTS: 'mockex.test, .lan.example' });
  });
  afterAll(() => open?.stop());
  const json = { 'content-type': 'application/json' };
  const offset = async () => (await (await fetch(`${open.url}/sandbox/v1/clock`)).json()).data.offsetSeconds;

  it('a text/plain POST (no preflight needed) does not move the clock: 415 SANDBOX_NOT_JSON', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await raw(`${open.url}/sandbox/v1/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: '{"seconds":3600}',
      });
      expect(res.status).toBe(415);
      expect(res.body.errors[0]).toMatchObject({ reason: 'SANDBOX_NOT_JSON' });
      expect(res.body.errors[0].text).toContain('Content-Type: application/json');
    }
    expect(await offset()).toBe(0);
  });

  it('a cross-site Origin or Sec-Fetch-Site is refused (403 SANDBOX_CROSS_SITE), and nothing is armed', async () => {
    const attempts: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: `${open.url.replace('127.0.0.1', 'localhost')}` },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of attempts) {
      const res = await raw(`${open.url}/sandbox/v1/faults`, {
        method: 'POST',
        headers: { ...json, ...headers },
        body: '{"fault":"maintenance"}',
      });
      expect(res.status).toBe(403);
      expect(res.body.errors[0]).toMatchObject({ reason: 'SANDBOX_CROSS_SITE' });
    }
    expect((await (await fetch(`${open.url}/sandbox/v1/faults`)).json()).data.faults).toEqual([]);
  });

  it('a foreign Host (DNS rebinding) is refused with 403 SANDBOX_HOST_NOT_ALLOWED', async () => {
    for (const host of [
      'evil.example',
      `rebind.evil.example:${new URL(open.url).port}`,
      'mockex.test.evil',
    ]) {
      const res = await raw(`${open.url}/sandbox/v1/clock/advance`, {
        method: 'POST',
        headers: { ...json, host },
        body: '{"seconds":60}',
      });
      expect(res.status).toBe(403);
      expect(res.body.errors[0]).toMatchObject({ reason: 'SANDBOX_HOST_NOT_ALLOWED' });
      expect(res.body.errors[0].text).toContain('MOCKEX_ALLOWED_HOSTS');
    }
    expect(await offset()).toBe(0);
  });

  it('accepts scripts, same-origin pages, loopback names, IP addresses and MOCKEX_ALLOWED_HOSTS', async () => {
    const port = new URL(open.url).port;
    const allowed: Array<Record<string, string>> = [
      {},
      { origin: open.url, 'sec-fetch-site': 'same-origin' },
      { host: `localhost:${port}` },
      { host: `app.localhost:${port}` },
      { host: `[::1]:${port}` },
      { host: `192.168.1.20:${port}` },
      { host: `mockex.test:${port}`, origin: `http://mockex.test:${port}` },
      { host: `box.lan.example:${port}` },
      { 'sec-fetch-site': 'none' },
    ];
    for (const headers of allowed) {
      const res = await raw(`${open.url}/sandbox/v1/clock/advance`, {
        method: 'POST',
        headers: { ...json, ...headers },
        body: '{"seconds":1}',
      });
      expect(res.status, JSON.stringify(headers)).toBe(200);
    }
    // An empty POST needs no content type (curl -X POST .../reset).
    expect((await raw(`${open.url}/sandbox/v1/reset`, { method: 'POST' })).status).toBe(200);
  });
});

describe('X-Mockex-Fault with MOCKEX_SANDBOX_TOKEN set', () => {
  it('needs the token too: 401 without it, the fault with it', async () => {
    const res = await fetch(`${server.url}/fapi/v1/futures/funds`, {
      headers: { 'X-Mockex-Fault': 'maintenance' },
    });
    expect(res.status).toBe(401);
    expect((await res.json()).errors[0]).toMatchObject({ reason: 'SANDBOX_UNAUTHORIZED' });
    const granted = await fetch(`${server.url}/fapi/v1/futures/funds`, {
      headers: { 'X-Mockex-Fault': 'maintenance', authorization: `Bearer ${TOKEN}` },
    });
    expect(granted.status).toBe(503);
    expect((await granted.json()).errors[0]).toMatchObject({ reason: 'MAINTENANCE' });
  });
});
