import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { createDatabase, describeUrl, type MockexDatabase } from '@mockex/db';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';

export interface RunningServer {
  readonly url: string;
  readonly database: MockexDatabase;
  readonly http: Server;
  /** Stops accepting, lets in-flight requests finish (up to the grace period), then closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  logger: Logger;
  /** Use this database instead of opening one from the config (tests). It is not closed by close(). */
  database?: MockexDatabase;
}

export async function startServer({ config, logger, database: given }: StartOptions): Promise<RunningServer> {
  const database = given ?? (await openDatabase(config, logger));
  const app = createApp({ database, logger, docsDir: config.MOCKEX_DOCS_DIR });
  const http = createServer(app);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.PORT, config.HOST, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  const url = `http://${host}:${port}`;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      // Stop accepting; idle keep-alive sockets go now, busy ones when their response is sent.
      const drained = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      const grace = setTimeout(() => http.closeAllConnections(), config.MOCKEX_SHUTDOWN_GRACE_MS);
      await drained;
      clearTimeout(grace);
      if (!given) await database.close();
    })());

  return { url, database, http, close };
}

async function openDatabase(config: Config, logger: Logger): Promise<MockexDatabase> {
  try {
    return await createDatabase({
      url: config.DATABASE_URL,
      dataDir: config.MOCKEX_DATA_DIR,
      onError: (err) => logger.warn({ err }, 'database connection problem'),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot open the database (${describeDatabase(config)}): ${reason}`, { cause: error });
  }
}

/** What the start banner says about the database, without credentials. */
export function describeDatabase(config: Config): string {
  return config.DATABASE_URL ? `PostgreSQL ${describeUrl(config.DATABASE_URL)}` : `embedded PGlite in ${config.MOCKEX_DATA_DIR}`;
}
