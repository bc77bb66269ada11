/** Test helpers for the server and the packages that test against it (`@mockex/server/testing`). */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Clock } from '@mockex/domain';
import { createTestDatabase, type TestDatabase } from '@mockex/db/testing';
import { configSchema } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { startServer, type RunningServer } from './server.ts';

// Every server a test starts (here or by startServer directly) keeps a generated key pepper in one
// scratch config directory, never in the developer's ~/.config; servers sharing a database share it.
process.env.XDG_CONFIG_HOME = join(tmpdir(), 'mockex-test-config');

/** Collects every log line a logger at `level` writes, so tests can assert what was (and was not) logged. */
export function captureLogs(level = 'debug'): { logger: Logger; lines: string[]; text(): string } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger(level, sink), lines, text: () => lines.join('\n') };
}

export interface TestServer extends RunningServer {
  db: TestDatabase;
  logs: ReturnType<typeof captureLogs>;
  stop(): Promise<void>;
}

/** Starts the real server on a random loopback port over a fresh test database (optionally on a test clock). */
export async function startTestServer(
  env: Record<string, string> = {},
  options: { clock?: Clock } = {},
): Promise<TestServer> {
  const db = await createTestDatabase();
  const logs = captureLogs();
  const config = configSchema.parse({ PORT: '0', HOST: '127.0.0.1', ...env });
  const server = await startServer({ config, logger: logs.logger, database: db, ...options });
  return Object.assign(server, {
    db,
    logs,
    async stop() {
      await server.close();
      await db.destroy();
    },
  });
}
