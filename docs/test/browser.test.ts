/**
 * The built site in a real browser (Debian's Chromium through playwright-core), served by the real
 * Mockex server exactly as `pnpm start` serves it: search finds the rotation answer, and the
 * quickstart and the error reference render.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@mockex/domain';
import type { TestServer } from '@mockex/server/testing';
import { CHROMIUM_ARGS, chromiumForTests } from '@mockex/testing-browser';
import { requireBuiltSite, startDocsServer } from './helpers.ts';

// CHROMIUM_PATH, else /usr/bin/chromium, else chromium on the PATH; skipped with one line when there is
// none, except under CI=true (see @mockex/testing-browser).
const CHROMIUM = chromiumForTests('the docs browser tests');
const SCREENSHOTS = process.env.MOCKEX_SCREENSHOT_DIR ?? tmpdir();

describe.skipIf(!CHROMIUM)('the docs site in Chromium', () => {
  let server: TestServer;
  let context: BrowserContext;
  let page: Page;
  const profileDir = mkdtempSync(join(tmpdir(), 'mockex-chromium-'));

  beforeAll(async () => {
    requireBuiltSite();
    server = await startDocsServer();
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    // The site must work offline: any request that leaves the Mockex server fails the test.
    await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
  });

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    rmSync(profileDir, { recursive: true, force: true });
  });

  it('serves the landing page at /docs/ and redirects /docs to it', async () => {
    const res = await page.goto(`${server.url}/docs`);
    expect(res?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/docs/');
    await expect(page.locator('h1').first().textContent()).resolves.toBe('What Mockex is');
  });

  it('finds the answer on rotating a key through the search bar', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/docs/`);
    const search = page.getByRole('textbox', { name: 'Search' });
    await search.click();
    await search.fill('rotate');
    const hit = page
      .getByRole('option')
      .filter({ hasText: /rotate my key/i })
      .first();
    await hit.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'mockex-docs-search.png') });
    await hit.click();
    await page.waitForURL(/\/docs\/faq\//);
    const answer = page.locator('h3', { hasText: 'How do I rotate my key' });
    await answer.waitFor({ state: 'visible' });
    const body = await page.locator('article').textContent();
    expect(body).toContain('keys.rotate');
    expect(body).toContain('AUTH_INVALID');
    expect(errors).toEqual([]);
  });

  it('renders the quickstart with its runnable samples', async () => {
    const res = await page.goto(`${server.url}/docs/quickstart/`);
    expect(res?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Quickstart');
    await page.getByText('X-Authentication: $SECRET').first().waitFor({ state: 'visible' });
    await page.getByRole('tab', { name: 'TypeScript client' }).click();
    await page.getByText('createKeyApiClient({ url:').first().waitFor({ state: 'visible' });
    await page.screenshot({ path: join(SCREENSHOTS, 'mockex-docs-quickstart.png'), fullPage: false });
  });

  it('renders the error reference with every code of the catalogue', async () => {
    const res = await page.goto(`${server.url}/docs/reference/errors/`);
    expect(res?.status()).toBe(200);
    const headings = await page.locator('article h3').allTextContents();
    for (const code of ERROR_CODES)
      expect(headings.map((h) => h.replace(/\u200b|#/g, '').trim())).toContain(code);
    await page.locator('#rate-limited').scrollIntoViewIfNeeded();
    await page.locator('#rate-limited').waitFor({ state: 'visible' });
    await page.screenshot({ path: join(SCREENSHOTS, 'mockex-docs-errors.png') });
  });

  it('reloads a deep link straight from the server', async () => {
    const res = await page.goto(`${server.url}/docs/guides/rate-limits/`);
    expect(res?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Rate limits and backing off');
  });
});
