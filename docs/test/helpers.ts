import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from '@mockex/server/testing';

export const DOCS_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BUILD_DIR = join(DOCS_ROOT, 'build');
export const EXAMPLES_DIR = join(DOCS_ROOT, 'examples');

/** The suite reads the site `pnpm build` made (turbo runs build before test); it never builds itself. */
export function requireBuiltSite(): string {
  if (!existsSync(join(BUILD_DIR, 'index.html'))) {
    throw new Error(`no built site in ${BUILD_DIR}: run \`pnpm --filter @mockex/docs build\` first`);
  }
  return BUILD_DIR;
}

/** The real Mockex server, on a random port over a fresh test database, serving the built site. */
export function startDocsServer(env: Record<string, string> = {}): Promise<TestServer> {
  return startTestServer({ MOCKEX_DOCS_DIR: BUILD_DIR, ...env });
}

const run = promisify(execFile);

/** Runs one of the guides' shell snippets exactly as printed, with the variables a reader would set. */
export async function runSnippet(file: string, env: Record<string, string>): Promise<string> {
  const { stdout } = await run('bash', ['-euo', 'pipefail', join(EXAMPLES_DIR, file)], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    timeout: 20_000,
  });
  return stdout;
}

/** The JSON a snippet printed (its last JSON document, for snippets that call curl twice). */
export function lastJson<T = unknown>(stdout: string): T {
  const lines = stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{') || l.startsWith('['));
  if (lines.length === 0) throw new Error(`no JSON in the output: ${stdout.slice(0, 500)}`);
  return JSON.parse(lines[lines.length - 1]!) as T;
}

/** A key-API mutation over plain HTTP, as the contract describes it (no client library involved). */
export async function trpcMutation<T>(
  baseUrl: string,
  procedure: string,
  input: unknown,
  token?: string,
): Promise<T> {
  const res = await fetch(`${baseUrl}/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: input === undefined ? undefined : JSON.stringify(input),
  });
  const body = (await res.json()) as { result?: { data: T }; error?: unknown };
  if (!body.result) throw new Error(`${procedure} failed: ${res.status} ${JSON.stringify(body.error)}`);
  return body.result.data;
}
