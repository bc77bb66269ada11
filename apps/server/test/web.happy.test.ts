import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config.ts';
import { startTestServer, type TestServer } from '../src/testing.ts';

/** A stand-in for apps/web/dist: the server's behaviour does not depend on what the app contains. */
function fakeWebBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mockex-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Mockex</title><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log("app")');
  return dir;
}

describe('the web app at / and CORS on /trpc', () => {
  let server: TestServer;
  const webDir = fakeWebBuild();
  const origin = 'http://localhost:5173';

  beforeAll(async () => {
    server = await startTestServer({
      MOCKEX_WEB_DIR: webDir,
      MOCKEX_CORS_ORIGINS: `${origin}, https://app.example`,
    });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('serves index.html at / and for the app routes, assets as immutable files', async () => {
    for (const path of ['/', '/keys', '/console', '/account/two-factor']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toContain('<div id="root">');
    }
    const asset = await fetch(`${server.url}/assets/app-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
  });

  it('leaves the API paths and missing files to their JSON 404s', async () => {
    for (const path of [
      '/trpc/no.such',
      '/fapi/v2/anything',
      '/sandbox/v2/x',
      '/docs/missing',
      '/healthz/x',
      '/assets/missing.js',
      '/favicon.ico',
    ]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/json/);
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('answers CORS preflights on /trpc for the configured origins only', async () => {
    const preflight = (from: string) =>
      fetch(`${server.url}/trpc/keys.list`, {
        method: 'OPTIONS',
        headers: {
          origin: from,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    const allowed = await preflight(origin);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(origin);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();

    const call = await fetch(`${server.url}/trpc/account.me`, { headers: { origin } });
    expect(call.status).toBe(401);
    expect(call.headers.get('access-control-allow-origin')).toBe(origin);
  });

  it('refuses a CORS origin that is not an origin', () => {
    expect(configSchema.safeParse({ MOCKEX_CORS_ORIGINS: 'http://ok.example/path' }).success).toBe(false);
    expect(
      configSchema.parse({ MOCKEX_CORS_ORIGINS: ' http://a.example ,https://b.example:8443' })
        .MOCKEX_CORS_ORIGINS,
    ).toEqual(['http://a.example', 'https://b.example:8443']);
  });
});
