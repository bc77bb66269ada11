/**
 * The README's shell blocks, pasted in order into one shell against a running server, as a new user
 * would: each must do what it says, with no error answer anywhere. The only change is the server's
 * address (a random port instead of 8080, so the suite never collides with a running server).
 * Blocks that install or start things are covered elsewhere: `npx mockex start`, `npm i` and the MSW
 * suite by packages/mockex/test/install.test.ts, the MSW block also by
 * packages/exchange/test/readme-example.test.ts; `pnpm install && pnpm start` and `pnpm test` are what
 * CI itself runs.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '@mockex/server/testing';
import { DOCS_ROOT, startDocsServer } from './helpers.ts';

const README = readFileSync(join(DOCS_ROOT, '../README.md'), 'utf8');
const blocks = [...README.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => ({
  lang: m[1]!,
  code: m[2]!,
}));
const shell = blocks.filter((b) => b.lang === 'sh');
// Blocks that install, start a server or run a suite are run by CI and the install test, not pasted here.
const startsOrInstalls = (code: string) =>
  /\b(npx mockex start|npm i |pnpm install|pnpm test|pnpm start|pnpm --filter)/.test(code);
const run = promisify(execFile);

/** Every top-level JSON object in curl's output (its answers have no newline between them). */
function jsonObjects(text: string): unknown[] {
  const found: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"' && depth > 0) inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && depth > 0 && --depth === 0) found.push(JSON.parse(text.slice(start, i + 1)));
  }
  return found;
}

describe("the README's shell blocks, pasted in order", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startDocsServer();
  });
  afterAll(() => server?.stop());

  it('leaves out only the blocks that install or start Mockex', () => {
    expect(shell.length).toBeGreaterThanOrEqual(6);
    expect(shell.filter((b) => startsOrInstalls(b.code))).toHaveLength(4);
  });

  it('run without a single error answer, from sign-up to an order and the fault recipes', async () => {
    const script = shell
      .filter((b) => !startsOrInstalls(b.code))
      .map((b) => b.code.replaceAll('http://127.0.0.1:8080', server.url))
      .join('\n');
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' },
      timeout: 90_000,
    });
    const answers = jsonObjects(stdout) as { error?: unknown; success?: boolean }[];
    expect(answers.length).toBeGreaterThan(15);
    for (const answer of answers) {
      expect(answer, JSON.stringify(answer)).not.toHaveProperty('error');
      expect(answer.success, JSON.stringify(answer)).not.toBe(false);
    }
    expect(stdout).toContain('"status":"CREATED"');
    expect(stdout).toMatch(/"secret":"mx_/);
  }, 120_000);
});
