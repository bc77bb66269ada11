import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { venueProfile } from '@mockex/domain';
import { DEFAULT_SANDBOX_FUTURES_FUNDS, SANDBOX_ACCOUNT_PERMISSIONS } from '@mockex/exchange';
import { BUILD_DIR, DOCS_ROOT, EXAMPLES_DIR, requireBuiltSite } from './helpers.ts';

const SEEDS_DIR = join(DOCS_ROOT, '../../shared/seeds');
const PAGES_DIR = join(DOCS_ROOT, 'docs');

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => pattern.test(f))
    .map((f) => join(dir, f));
}

const handWritten = files(PAGES_DIR, /\.mdx?$/).filter(
  (f) => !relative(PAGES_DIR, f).startsWith('reference'),
);
const page = (name: string) => readFileSync(join(PAGES_DIR, name), 'utf8');
const words = (text: string) => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

describe('the pages are our own words', () => {
  it.skipIf(!existsSync(SEEDS_DIR))('share no run of eight words with the seed documents', () => {
    const seedRuns = new Set<string>();
    for (const seed of files(SEEDS_DIR, /\.txt$/)) {
      const w = words(readFileSync(seed, 'utf8'));
      for (let i = 0; i + 8 <= w.length; i++) seedRuns.add(w.slice(i, i + 8).join(' '));
    }
    for (const file of [...handWritten, ...files(EXAMPLES_DIR, /\.(ts|sh)$/)]) {
      const w = words(readFileSync(file, 'utf8'));
      for (let i = 0; i + 8 <= w.length; i++) {
        const run = w.slice(i, i + 8).join(' ');
        // The venue's fixed error texts are quoted on purpose; they are shorter than eight words.
        expect(seedRuns.has(run), `${relative(DOCS_ROOT, file)}: "${run}"`).toBe(false);
      }
    }
  });
});

describe('the facts the guides state match the code', () => {
  const profile = venueProfile('mudrex');
  const faq = page('faq.mdx');
  const keys = page('guides/key-management.mdx');

  it('key limit, expiry, label length, rate limit and sandbox funds', () => {
    expect(profile.keys.maxActiveKeysPerUser).toBe(1);
    expect(faq).toContain('One active key per user');
    expect(keys).toContain('**one active key**');
    expect(faq).toContain(`${profile.keys.ttlDays} days after they were created or last rotated`);
    expect(keys).toContain(`**${profile.keys.ttlDays} days**`);
    const windows = Object.fromEntries(profile.rateLimit.default.map((w) => [w.perSeconds, w.requests]));
    expect(windows).toEqual({ 1: 2, 60: 50, 3600: 1000, 86400: 10000 });
    const flat = (text: string) => text.replace(/\s+/g, ' ');
    const limits = flat(page('guides/rate-limits.mdx'));
    expect(limits).toContain(`**${windows[1]} requests per second per API key**`);
    expect(limits).toContain(
      `at most ${windows[60]} a minute, ${windows[3600]} an hour and ${windows[86400]} a day`,
    );
    expect(flat(faq)).toContain(
      `by default ${windows[1]} requests a second, ${windows[60]} a minute, ${windows[3600]} an hour and ${windows[86400]} a day`,
    );
    // The venue notes page states every window of every profile as the code has them.
    const profiles = flat(page('guides/venue-notes.md'));
    const said = (budget: readonly { requests: number; perSeconds: number }[]) =>
      budget
        .map(
          (w) => `${w.requests}/${{ 1: 'second', 60: 'minute', 3600: 'hour', 86400: 'day' }[w.perSeconds]}`,
        )
        .join(', ');
    const august = venueProfile('mudrex@2026-08');
    // The README's profile table states them too.
    const readme = flat(readFileSync(join(DOCS_ROOT, '..', 'README.md'), 'utf8'));
    for (const text of [profiles, readme]) {
      expect(text).toContain(said(profile.rateLimit.default));
      expect(text).toContain(said(august.rateLimit.default));
      expect(text).toContain(said(august.rateLimit.groups.wallet!));
    }
    expect(profiles).toContain(
      `${august.rateLimit.public[0]!.requests} requests a minute per caller address`,
    );
    expect(page('guides/sandbox-and-faults.mdx')).toContain(
      `new accounts start with ${profile.sandboxFunds.spot} USDT in spot`,
    );
    expect(venueProfile('multikey').keys.maxActiveKeysPerUser).toBe(5);
    expect(faq).toContain('the `multikey` profile allows five');
  });

  it("the one-call account's defaults", () => {
    const sandbox = page('guides/sandbox-and-faults.mdx');
    expect(sandbox).toContain(`\`{"futures": "${DEFAULT_SANDBOX_FUTURES_FUNDS}"}\``);
    expect(sandbox).toContain(`\`${JSON.stringify(SANDBOX_ACCOUNT_PERMISSIONS).replace(',', ', ')}\``);
  });

  it('the FAQ answers the questions users ask', () => {
    const questions = [...faq.matchAll(/^### (.+)$/gm)].map((m) => m[1]!.toLowerCase());
    const topics = [
      'lost my secret',
      'how many keys',
      'rotate',
      'revoke',
      'expire',
      'create a key',
      'two-factor',
      'several machines',
      'headers',
      'strings or numbers',
      'websockets',
      'spot',
      'too many requests',
      'not in sync',
      'invalid key or missing permission',
      'stopped working',
      'leaked',
    ];
    for (const topic of topics)
      expect(
        questions.some((q) => q.includes(topic)),
        topic,
      ).toBe(true);
  });
});

describe('the built site', () => {
  const build = requireBuiltSite();
  const html = (route: string) => readFileSync(join(build, route, 'index.html'), 'utf8');

  it('has every page, rendered on the server without errors', () => {
    const routes = [
      '',
      'quickstart',
      'faq',
      'reference/errors',
      'reference/rest-api',
      'reference/key-api',
      ...handWritten
        .filter((f) => f.includes('/guides/'))
        .map((f) => relative(PAGES_DIR, f).replace(/\.mdx?$/, '')),
    ];
    for (const route of routes) {
      const text = html(route);
      expect(text, route).toContain('<article');
      expect(text, route).not.toMatch(/ReferenceError|is not defined|Retry<\/button>/);
    }
    expect(
      existsSync(join(BUILD_DIR, 'search-index.json')) ||
        files(BUILD_DIR, /search-index.*\.json$/).length > 0,
    ).toBe(true);
  });

  it('shows the example files as they are now (the code the tests run)', () => {
    const quickstart = html('quickstart');
    expect(quickstart).toContain('createKeyApiClient');
    expect(quickstart).toContain('examples/quickstart.ts');
    const line = readFileSync(join(EXAMPLES_DIR, 'pacer.ts'), 'utf8')
      .split('\n')
      .find((l) => l.includes('const gapMs'))!
      .trim();
    expect(html('guides/rate-limits').replace(/<[^>]+>/g, '')).toContain(line.replace(/>/g, '&gt;'));
  });

  it('links pages under /docs/, where the Mockex server serves them', () => {
    expect(html('')).toMatch(/href="?\/docs\/quickstart\/"?[ >]/);
    expect(html('quickstart')).not.toMatch(/href="?\/(?!docs\/)[a-z]/);
  });
});
