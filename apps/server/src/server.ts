import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { systemClock, type Clock, type VenueProfile } from '@mockex/domain';
import { createDatabase, describeUrl, type MockexDatabase } from '@mockex/db';
import type { KeyService } from '@mockex/keys';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { openExchange, openSandbox, sandboxExposureWarning, type ExchangeMount } from './exchange-mount.ts';
import { openKeyService } from './key-service.ts';
import type { Logger } from './logger.ts';

export interface RunningServer {
  readonly url: string;
  readonly database: MockexDatabase;
  readonly keys: KeyService;
  /** The exchange's core, sandbox state and rate limiter (tests and the benchmark reach in). */
  readonly exchange: ExchangeMount;
  readonly http: Server;
  /** Stops accepting, lets in-flight requests finish (up to the grace period), then closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  logger: Logger;
  /** Use this database instead of opening one from the config (tests). It is not closed by close(). */
  database?: MockexDatabase;
  /** The clock key expiry and sessions follow (the sandbox's, so it can move time); default system time. */
  clock?: Clock;
  /** The exchange's venue rules instead of the key service's (the benchmark lifts the rate limit). */
  profile?: VenueProfile;
}

export async function startServer({
  config,
  logger,
  database: given,
  clock = systemClock,
  profile,
}: StartOptions): Promise<RunningServer> {
  const database = given ?? (await openDatabase(config, logger));
  // One clock for everything: the sandbox's offset over `clock`, shared through the database.
  const sandbox = await openSandbox(database, clock);
  const keys = await openKeyService({ config, database, logger, clock: sandbox.clock });
  const exchange = openExchange({
    database,
    sandbox,
    keys,
    profile: profile ?? keys.profile,
    config,
    logger,
  });
  const app = createApp({
    database,
    logger,
    keys,
    exchange,
    trustProxy: config.MOCKEX_TRUST_PROXY,
    docsDir: config.MOCKEX_DOCS_DIR,
  });
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
  const exposed = sandboxExposureWarning(config.HOST, config.MOCKEX_SANDBOX_TOKEN);
  if (exposed) logger.warn(exposed);

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      // Stop accepting; idle keep-alive sockets go now, busy ones when their response is sent.
      const drained = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      const grace = setTimeout(() => http.closeAllConnections(), config.MOCKEX_SHUTDOWN_GRACE_MS);
      await drained;
      clearTimeout(grace);
      await exchange.close();
      await keys.close();
      if (!given) await database.close();
    })());

  return { url, database, keys, exchange, http, close };
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
  return config.DATABASE_URL
    ? `PostgreSQL ${describeUrl(config.DATABASE_URL)}`
    : `embedded PGlite in ${config.MOCKEX_DATA_DIR}`;
}
