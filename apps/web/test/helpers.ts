import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { startTestServer, type TestServer } from '@mockex/server/testing';

export const WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST_DIR = join(WEB_ROOT, 'dist');

/** The suite drives the app `pnpm build` made (turbo runs build before test); it never builds itself. */
export function requireBuiltApp(): string {
  if (!existsSync(join(DIST_DIR, 'index.html'))) {
    throw new Error(`no built app in ${DIST_DIR}: run \`pnpm --filter @mockex/web build\` first`);
  }
  return DIST_DIR;
}

/** The real Mockex server on a random port over a fresh test database, serving the built app at /. */
export function startWebServer(env: Record<string, string> = {}): Promise<TestServer> {
  return startTestServer({ MOCKEX_WEB_DIR: DIST_DIR, ...env });
}

/**
 * An authenticator app for the test. The server accepts the previous, current and next 30 s step
 * but each step only once and in increasing order, so every change gets the lowest step still
 * unused; when none is valid yet, it waits for the real clock to reach one.
 */
export class Authenticator {
  private readonly totp: TOTP;
  private lastStep = -Infinity;

  constructor(secret: string) {
    this.totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  }

  async code(): Promise<string> {
    for (;;) {
      const now = Date.now();
      const current = Math.floor(now / 30_000);
      const intoStep = now - current * 30_000;
      // The previous step is only safe early in the current one (it must still be valid on arrival).
      const earliest = intoStep < 15_000 ? current - 1 : current;
      const step = Math.max(this.lastStep + 1, earliest);
      if (step <= current + 1) {
        this.lastStep = step;
        return this.totp.generate({ timestamp: step * 30_000 });
      }
      await new Promise((r) => setTimeout(r, (current + 1) * 30_000 - now + 250));
    }
  }
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = require.resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core in the page; returns the serious and critical violations only. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: unknown[] }> } })
      .axe;
    return (await axe.run(document)).violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
}
