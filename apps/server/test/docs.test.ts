import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';

describe('the docs site at /docs/', () => {
  const site = mkdtempSync(join(tmpdir(), 'mockex-site-'));
  let server: TestServer;
  beforeAll(async () => {
    mkdirSync(join(site, 'guides'));
    writeFileSync(join(site, 'index.html'), '<html>landing</html>');
    writeFileSync(join(site, 'guides/index.html'), '<html>guides</html>');
    writeFileSync(join(site, '404.html'), '<html>the site says: page not found</html>');
    server = await startTestServer({ MOCKEX_DOCS_DIR: site });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(site, { recursive: true, force: true });
  });

  it('serves the site, with / leading to it', async () => {
    const root = await fetch(`${server.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/docs/');
    expect(await (await fetch(`${server.url}/`)).text()).toBe('<html>landing</html>');
    expect(await (await fetch(`${server.url}/docs/guides/`)).text()).toBe('<html>guides</html>');
  });

  it("answers a page the site does not have with the site's own 404 page and status 404", async () => {
    const res = await fetch(`${server.url}/docs/no/such/page/`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('the site says: page not found');
  });

  it('keeps the JSON 404 for unknown API routes', async () => {
    const res = await fetch(`${server.url}/fapi/v1/no-such-route`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/json/);
  });
});
