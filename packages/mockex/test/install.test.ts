/**
 * The published packages as a user gets them: the tarballs `pnpm pack:packages` makes, installed with
 * plain npm into an empty folder outside the workspace (no pnpm, no TypeScript loader, no workspace
 * links), then `npx mockex start --memory`, the typed client against it, and the README's MSW suite
 * run with plain vitest against the installed @mockex/exchange.
 *
 * npm needs the registry the first time; later runs install from npm's cache (--prefer-offline).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
const PACKED = join(ROOT, 'packed');

/** The workspace's own versions of the tools a bot author adds next to @mockex/exchange. */
function catalogVersion(name: string): string {
  const yaml = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8').split(/^catalog:$/m)[1] ?? '';
  const line = new RegExp(`^\\s+'?${name}'?:\\s*(\\S+)\\s*$`, 'm').exec(yaml);
  if (!line) throw new Error(`${name} is not in the catalog`);
  return line[1]!;
}

/** Runs a command in the user's folder with a clean environment (nothing of the workspace leaks in). */
function inFolder(dir: string, file: string, args: string[], timeout: number) {
  return run(file, args, {
    cwd: dir,
    timeout,
    maxBuffer: 16 * 1024 * 1024,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, CI: 'true', NO_COLOR: '1' },
  });
}

describe('the packed packages, installed with npm outside the workspace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mockex-install-'));
  let server: ChildProcess | undefined;
  let url = '';

  beforeAll(async () => {
    await run(process.execPath, [join(ROOT, 'scripts/pack-packages.js')], { cwd: ROOT, timeout: 60_000 });
    const tarballs = readdirSync(PACKED)
      .filter((f) => f.endsWith('.tgz'))
      .map((f) => join(PACKED, f));
    expect(tarballs).toHaveLength(3);
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'my-bot', private: true, type: 'module' }),
    );
    const started = Date.now();
    await inFolder(
      dir,
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--loglevel=error',
        ...tarballs,
        `msw@${catalogVersion('msw')}`,
        `vitest@${catalogVersion('vitest')}`,
      ],
      240_000,
    );
    console.log(`npm install of the three tarballs, msw and vitest: ${Date.now() - started} ms`);
  }, 300_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('npx mockex start --memory serves a healthy server, the docs and the typed client', async () => {
    const started = Date.now();
    server = spawn('npx', ['mockex', 'start', '--memory', '--port', '0'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    server.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    server.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    await expect.poll(() => /running at (http:\/\/\S+)/.exec(out)?.[1], { timeout: 60_000 }).toBeTruthy();
    url = /running at (http:\/\/\S+)/.exec(out)![1]!;
    expect(out).toContain('in memory (nothing kept)');
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    console.log(`npx mockex start --memory to healthy: ${Date.now() - started} ms`);

    const docs = await fetch(`${url}/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('<html');
    const app = await fetch(`${url}/keys`);
    expect(app.status).toBe(200);
    expect(await app.text()).toContain('<title>Mockex</title>');

    const script = `
      import { createExchangeClient, createKeyApiClient, createSandboxClient } from '@mockex/client';
      const sandbox = createSandboxClient({ baseUrl: process.argv[2] });
      const { offsetSeconds } = await sandbox.getClock();
      const keys = createKeyApiClient({ url: process.argv[2] + '/trpc' });
      const { user } = await keys.auth.signUp.mutate({ email: 'npm@example.com', password: 'a long passphrase' });
      // A funded trader and key in one call, and a bot's first read with it.
      const trader = await sandbox.createAccount();
      const exchange = createExchangeClient({ baseUrl: process.argv[2], secret: trader.secret });
      const { balance } = await exchange.getFuturesFunds();
      console.log(JSON.stringify({ offsetSeconds, kycStatus: user.kycStatus, balance }));`;
    writeFileSync(join(dir, 'client.mjs'), script);
    const { stdout } = await inFolder(dir, process.execPath, ['client.mjs', url], 30_000);
    expect(JSON.parse(stdout)).toEqual({ offsetSeconds: 0, kycStatus: 'none', balance: '10000' });
  }, 120_000);

  it("runs the README's MSW suite with plain vitest against the installed @mockex/exchange", async () => {
    copyFileSync(join(ROOT, 'packages/exchange/test/readme-example.test.ts'), join(dir, 'bot.test.ts'));
    const { stdout } = await inFolder(dir, 'npx', ['vitest', 'run', '--reporter=verbose'], 120_000);
    expect(stdout).toMatch(/Tests\s+5 passed/);
  }, 150_000);
});
