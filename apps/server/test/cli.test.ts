import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../bin/mockex.js');

function run(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('mockex CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mockex-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [{ PORT: 'nope' }, 'mockex: invalid PORT (got "nope"): must be a number'],
    [{ DATABASE_URL: 'http://example' }, 'mockex: invalid DATABASE_URL: must be a postgres:// URL'],
  ])('exits 1 with one line for bad configuration %o', async (env, line) => {
    const p = run(['start'], env);
    expect(await p.exited).toBe(1);
    expect(p.err().trim().split('\n')).toHaveLength(1);
    expect(p.err()).toContain(line);
  });

  it('refuses --memory together with DATABASE_URL, in one line', async () => {
    const p = run(['start', '--memory'], { DATABASE_URL: 'postgres://u@127.0.0.1:1/x' });
    expect(await p.exited).toBe(1);
    expect(p.err().trim()).toBe('mockex: --memory is for the embedded database: unset DATABASE_URL');
  });

  it('start --memory --port 0: says what it does, keeps nothing on disk, answers /healthz', async () => {
    const cwd = mkdtempSync(join(dir, 'memory-'));
    const child = spawn(process.execPath, [BIN, 'start', '--memory', '--port', '0'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await expect.poll(() => out, { timeout: 60_000 }).toMatch(/running at (http:\/\/[^\s]+)/);
    expect(out).toMatch(/^mockex: starting on embedded PGlite in memory \(nothing kept\)\.\.\.$/m);
    const url = /running at (http:\/\/[^\s]+)/.exec(out)![1]!;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
  }, 90_000);

  it('exits 1 for an unknown command', async () => {
    const p = run(['launch'], {});
    expect(await p.exited).toBe(1);
    expect(p.err()).toContain('unknown command "launch"');
  });

  it('migrates, starts on the embedded database, stops on SIGTERM and keeps its data', async () => {
    const dataDir = join(dir, 'data');
    const migrate = run(['migrate'], { MOCKEX_DATA_DIR: dataDir });
    expect(await migrate.exited).toBe(0);
    expect(migrate.out()).toMatch(/applied .*init/);

    const status = run(['migrate', 'status'], { MOCKEX_DATA_DIR: dataDir });
    expect(await status.exited).toBe(0);
    expect(status.out()).toMatch(/^applied {2}\d{8}T\d{6}_init$/m);

    // The generated key pepper goes to the config directory, never into the data directory.
    const configHome = join(dir, 'config');
    const server = run(['start'], {
      MOCKEX_DATA_DIR: dataDir,
      XDG_CONFIG_HOME: configHome,
      PORT: '0',
      LOG_LEVEL: 'warn',
    });
    await expect.poll(() => server.out(), { timeout: 60_000 }).toMatch(/running at (http:\/\/[^\s]+)/);
    const url = /running at (http:\/\/[^\s]+)/.exec(server.out())![1]!;
    expect(server.out()).toContain(`embedded PGlite in ${dataDir}`);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(statSync(join(configHome, 'mockex', 'key-pepper')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dataDir)).not.toContain('mockex-key-pepper');

    const again = run(['migrate'], { MOCKEX_DATA_DIR: dataDir });
    expect(await again.exited).toBe(0);
    expect(again.out()).toContain('already up to date');
  }, 120_000); // three cold PGlite starts in child processes: slow on a loaded 2-core machine
});
