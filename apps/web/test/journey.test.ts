/**
 * The whole journey of a trader in a real browser (Debian's Chromium through playwright-core), on
 * the real server serving the built app: sign up, 2FA from the secret on the page, KYC, a key and its
 * secret read once, an order in the console, the position, "last used" on the key card, rotation
 * (the old secret refused), a 429 as a countdown, revoke all, the audit log, signing in with a code. axe-core checks every page, and the
 * screenshots for the docs site are taken on the way (MOCKEX_APP_SCREENSHOTS names their folder).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import type { TestServer } from '@mockex/server/testing';
import { CHROMIUM_ARGS, chromiumForTests } from '@mockex/testing-browser';
import { Authenticator, requireBuiltApp, seriousViolations, startWebServer } from './helpers.ts';

// CHROMIUM_PATH, else /usr/bin/chromium, else chromium on the PATH; skipped with one line when there is
// none, except under CI=true (see @mockex/testing-browser).
const CHROMIUM = chromiumForTests('the web app journey');
const SCREENSHOTS = process.env.MOCKEX_APP_SCREENSHOTS ?? join(tmpdir(), 'mockex-app-screenshots');
const STEP = 60_000;

describe.skipIf(!CHROMIUM)('the web app in Chromium: a trader from sign-up to revoke-all', () => {
  let server: TestServer;
  let context: BrowserContext;
  let page: Page;
  let authenticator: Authenticator;
  let firstSecret = '';
  let secondSecret = '';
  const pageErrors: string[] = [];
  const email = `trader-${Date.now()}@example.com`;
  const password = 'correct horse battery staple';
  const profileDir = mkdtempSync(join(tmpdir(), 'mockex-chromium-'));

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  const accessible = async (name: string) => expect(await seriousViolations(page), name).toEqual([]);
  const nav = (name: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

  beforeAll(async () => {
    requireBuiltApp();
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startWebServer();
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: { width: 1280, height: 800 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // The app must work offline: any request that leaves the Mockex server fails.
    await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
  });

  beforeEach((ctx) => {
    onTestFailed(async () => {
      await page?.screenshot({ path: join(SCREENSHOTS, `failed-${ctx.task.name.replace(/\W+/g, '-')}.png`) });
    });
  });

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    rmSync(profileDir, { recursive: true, force: true });
  });

  it('signs up and lands on the account page', { timeout: STEP }, async () => {
    const res = await page.goto(`${server.url}/signup`);
    expect(res?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await accessible('sign-up page');
    await shot('sign-up');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Sign up' }).click();
    // The server's own schema, run in the form: nothing was sent.
    await page.getByText('must be at least 8 characters').waitFor();
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Account', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
  });

  it('enrols two-factor authentication from the QR code page', { timeout: STEP }, async () => {
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    await expect(page.getByRole('img', { name: 'QR code of the otpauth URL' }).isVisible()).resolves.toBe(
      true,
    );
    await accessible('two-factor enrolment');
    await shot('two-factor');
    authenticator = new Authenticator(secret);
    await page.getByLabel('Code from the app').fill('000000');
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await page.getByRole('alert').filter({ hasText: /code/i }).waitFor();
    await page.getByLabel('Code from the app').fill(await authenticator.code());
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await page.getByText('Every sign-in and every key change asks for the code').waitFor();
  });

  it('passes KYC', { timeout: STEP }, async () => {
    await expect(page.getByTestId('kyc-status').textContent()).resolves.toBe('Not started');
    await page.getByLabel('Legal name').fill('Ada Lovelace');
    await page.getByLabel('Country').fill('GB');
    await page.getByRole('button', { name: 'Submit for verification' }).click();
    await page.getByTestId('kyc-status').filter({ hasText: 'Verified' }).waitFor();
    await accessible('account page');
    await shot('account');
  });

  it('creates a trading key and shows its secret once', { timeout: STEP }, async () => {
    await nav('API keys');
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByRole('button', { name: 'Create API key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create an API key' });
    await dialog.getByLabel('Label').fill('journey bot');
    await dialog.getByRole('checkbox', { name: 'TRADE' }).check();
    // The policy, before the server is asked: WITHDRAW never goes with TRADE.
    await expect(dialog.getByRole('checkbox', { name: 'WITHDRAW' }).isDisabled()).resolves.toBe(true);
    // The whitelist editor checks entries with the server's parser.
    await dialog.getByLabel('Address or range to add').fill('10.0.0.0/33');
    await dialog.getByRole('button', { name: 'Add address' }).click();
    await dialog.getByText('has a prefix length outside 0-32').waitFor();
    await dialog.getByLabel('Address or range to add').fill('');
    await dialog.getByLabel('Authenticator code').fill(await authenticator.code());
    await accessible('create-key dialog');
    await shot('create-key');
    await dialog.getByRole('button', { name: 'Create key' }).click();

    const secretDialog = page.getByRole('dialog', { name: 'Store your secret now' });
    await secretDialog.waitFor();
    firstSecret = (await secretDialog.getByTestId('new-secret').textContent())!.trim();
    expect(firstSecret).toMatch(/^mx_[0-9A-Za-z]{38}$/);
    await accessible('secret dialog');
    await shot('secret-once');
    // Escape does not dismiss it: only "I have stored it" does.
    await page.keyboard.press('Escape');
    await expect(secretDialog.isVisible()).resolves.toBe(true);
    await secretDialog.getByRole('button', { name: 'I have stored it' }).click();
    await secretDialog.waitFor({ state: 'hidden' });
    // Never again on the page, never in storage.
    await expect(page.content()).resolves.not.toContain(firstSecret);
    const card = page.getByTestId('key-card').filter({ hasText: 'journey bot' });
    await card.getByText('in 90 days').waitFor();
    await expect(card.getByTestId('last-used').textContent()).resolves.toBe('never');
    await accessible('keys page');
    await shot('keys');
  });

  it('trades with the key in the console: transfer, order, position', { timeout: STEP }, async () => {
    await nav('Console');
    await page.getByLabel('API secret').fill(firstSecret);
    await page.getByRole('button', { name: 'Use this key' }).click();
    await page.getByText('Trading with').getByText('journey bot').waitFor();
    // The secret stays in the tab's memory: not in storage, not in the URL.
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
    expect(page.url()).not.toContain(firstSecret);
    await page.getByTestId('mark-BTCUSDT').waitFor();
    await page.getByRole('button', { name: 'BTCUSDT', exact: true }).click();
    await page.getByRole('heading', { name: 'New order: BTCUSDT' }).waitFor();

    await page.getByLabel('Amount (USDT)').fill('1000');
    await page.getByRole('button', { name: 'Transfer', exact: true }).click();
    await page.getByTestId('futures-balance').filter({ hasText: '1000.00' }).waitFor({ timeout: 20_000 });

    // The exchange's own validation message, shown as the exchange words it.
    await page.getByLabel('Leverage').fill('1000');
    await page.getByRole('button', { name: 'Place long order' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /leverage/i })
      .waitFor({ timeout: 20_000 });

    await page.getByLabel('Leverage').fill('5');
    await page.getByLabel('Quantity').fill('0.01');
    await page.getByRole('button', { name: 'Place long order' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Order created/ })
      .waitFor({ timeout: 20_000 });
    const positions = page.getByTestId('positions');
    await positions.getByRole('cell', { name: 'BTCUSDT', exact: true }).waitFor({ timeout: 20_000 });
    await expect(positions.getByRole('cell', { name: 'LONG', exact: true }).count()).resolves.toBe(1);
    await accessible('console');
    await shot('console-position');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('console');
  });

  it('shows when and from where the key was last used', { timeout: STEP }, async () => {
    await nav('API keys');
    const lastUsed = page.getByTestId('key-card').filter({ hasText: 'journey bot' }).getByTestId('last-used');
    await lastUsed.filter({ hasText: 'from 127.0.0.1' }).waitFor({ timeout: 20_000 });
    expect(await lastUsed.textContent()).toMatch(/UTC from 127\.0\.0\.1$/);
    // The console polled and traded within the key's rate limit: the exchange never answered 429.
    const limited = server.logs.lines.filter((l) => l.includes('/fapi/') && l.includes('"statusCode":429'));
    expect(limited).toEqual([]);
    expect(server.logs.lines.some((l) => l.includes('/fapi/') && l.includes('"statusCode":200'))).toBe(true);
  });

  it('rotates the key: a new secret once, and the old one refused', { timeout: STEP * 2 }, async () => {
    const card = page.getByTestId('key-card').filter({ hasText: 'journey bot' });
    await card.getByRole('button', { name: 'Rotate journey bot' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate “journey bot”' });
    await dialog.getByLabel('Authenticator code').fill(await authenticator.code());
    await accessible('rotate dialog');
    await dialog.getByRole('button', { name: 'Rotate key' }).click();
    const secretDialog = page.getByRole('dialog', { name: 'Store your secret now' });
    secondSecret = (await secretDialog.getByTestId('new-secret').textContent())!.trim();
    expect(secondSecret).not.toBe(firstSecret);
    await secretDialog.getByRole('button', { name: 'I have stored it' }).click();

    // The console still holds the old secret: the exchange now refuses it.
    await nav('Console');
    await page
      .getByRole('alert')
      .filter({ hasText: 'Invalid Authentication' })
      .first()
      .waitFor({ timeout: 20_000 });
    await shot('old-secret-refused');
    await page.getByRole('button', { name: 'Use another key' }).click();
    await page.getByLabel('API secret').fill(secondSecret);
    await page.getByRole('button', { name: 'Use this key' }).click();
    await page
      .getByTestId('positions')
      .getByRole('cell', { name: 'BTCUSDT', exact: true })
      .waitFor({ timeout: 20_000 });
  });

  it('shows a 429 as a countdown, then carries on', { timeout: STEP }, async () => {
    await nav('Sandbox');
    await page.getByRole('heading', { name: 'Sandbox controls' }).waitFor();
    await page.getByLabel('Fault', { exact: true }).selectOption('rate_limit');
    await page.getByLabel('Times (empty: until disarmed)').fill('3');
    await page.getByRole('button', { name: 'Arm fault' }).click();
    await page
      .getByRole('table', { name: 'Armed faults' })
      .getByRole('cell', { name: 'rate_limit', exact: true })
      .waitFor();
    await accessible('sandbox controls');
    await shot('sandbox-controls');

    await nav('Console');
    const banner = page
      .getByRole('status')
      .filter({ hasText: /Rate limit reached: .* next request in \d+ s/ });
    await banner.waitFor({ timeout: 20_000 });
    await shot('rate-limited');
    await expect(page.getByRole('heading', { name: 'Trading console' }).isVisible()).resolves.toBe(true);
    await banner.waitFor({ state: 'hidden', timeout: 30_000 });
  });

  it('revokes every key with a code', { timeout: STEP * 2 }, async () => {
    await nav('API keys');
    await page.getByRole('button', { name: 'Revoke all keys' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke every key' });
    await dialog.getByLabel('Authenticator code').fill(await authenticator.code());
    await dialog.getByRole('button', { name: 'Revoke all keys' }).click();
    await page.getByTestId('key-card').filter({ hasText: 'journey bot' }).getByText('revoked').waitFor();
    await expect(page.getByRole('button', { name: 'Revoke all keys' }).isDisabled()).resolves.toBe(true);
  });

  it('lists every change in the audit log', { timeout: STEP }, async () => {
    await nav('Audit log');
    const table = page.getByRole('table', { name: 'Audit events' });
    for (const type of ['key.created', 'key.rotated', 'key.revoked', 'auth.two_factor_enabled'])
      await table.getByText(type, { exact: true }).first().waitFor();
    await accessible('audit log');
    await shot('audit');
  });

  it('signs out, and signing in again asks for the code', { timeout: STEP }, async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Authenticator code').waitFor();
    await accessible('sign-in page asking for the code');
    await page.getByLabel('Authenticator code').fill(await authenticator.code());
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back on the page the session left from.
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByRole('table', { name: 'Audit events' }).getByText('auth.signed_out').waitFor();
  });

  it('is usable at 390 px wide', { timeout: STEP }, async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await nav('API keys');
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await accessible('keys page on a phone');
    await shot('keys-phone');
    // Wide tables scroll inside their own box; the page itself never scrolls sideways.
    for (const [link, heading] of [
      ['Console', 'Trading console'],
      ['Sandbox', 'Sandbox controls'],
      ['Audit log', 'Audit log'],
      ['Account', 'Account'],
    ] as const) {
      await nav(link);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(wide, heading).toBeLessThanOrEqual(0);
    }
    expect(pageErrors).toEqual([]);
    // Nothing the browser sent put a secret into the server's logs.
    const logs = server.logs.text();
    for (const secret of [firstSecret, secondSecret, password]) expect(logs).not.toContain(secret);
  });
});
