import { describe, expect, it } from 'vitest';
import { createDatabase } from '@mockex/db';
import { createScratchDatabase, startTcpProxy } from '@mockex/db/testing';
import { configSchema, loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { captureLogs, startTestServer } from '../src/testing.ts';

describe('configuration', () => {
  it('applies defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(8080);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.MOCKEX_DATA_DIR).toBe('.mockex/data');
  });

  it.each([
    [{ PORT: 'eighty' }, 'invalid PORT (got "eighty"): must be a number'],
    [{ PORT: '70000' }, 'invalid PORT (got "70000"): must be between 0 and 65535'],
    [{ PORT: '80.5' }, 'invalid PORT (got "80.5"): must be a whole number'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'invalid DATABASE_URL: must be a postgres:// URL'],
    [{ DATABASE_URL: 'not a url' }, 'invalid DATABASE_URL: must be a postgres:// URL'],
    [{ LOG_LEVEL: 'loud' }, 'invalid LOG_LEVEL (got "loud")'],
  ])('refuses %o with one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('never echoes a DATABASE_URL, which may hold a password', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x' })).toThrow(/^(?!.*hunter2)/);
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(configSchema.parse({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});

describe('malformed requests', () => {
  it('answers a bad JSON body with 400, not 500', async () => {
    const server = await startTestServer();
    try {
      const res = await fetch(`${server.url}/healthz`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"broken": ',
      });
      expect(res.status).toBeLessThan(500);
    } finally {
      await server.stop();
    }
  });
});

describe.runIf(process.env.DATABASE_URL)('health when PostgreSQL goes away', () => {
  it('turns /healthz to 503 while the database is unreachable and back to 200 without a restart', async () => {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL!);
    const proxy = await startTcpProxy(new URL(scratch.url));
    const viaProxy = new URL(scratch.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const logs = captureLogs();
    const database = await createDatabase({ url: viaProxy.toString(), onError: () => {} });
    const server = await startServer({
      config: configSchema.parse({ PORT: '0', DATABASE_URL: viaProxy.toString() }),
      logger: logs.logger,
      database,
    });
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      await proxy.stop();
      const down = await fetch(`${server.url}/healthz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ status: 'unavailable' });
      await proxy.start();
      await expect
        .poll(async () => (await fetch(`${server.url}/healthz`)).status, { timeout: 15_000 })
        .toBe(200);
    } finally {
      await server.close();
      await database.close();
      await proxy.stop();
      await scratch.drop();
    }
  });
});
