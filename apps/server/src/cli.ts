#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, migrateDown, migrateToLatest, migrationStatus } from '@mockex/db';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger } from './logger.ts';
import { sandboxExposureWarning } from './exchange-mount.ts';
import { describeDatabase, startServer } from './server.ts';

const USAGE = `Usage: mockex <command>

Commands:
  start                      start the server (key API, exchange, sandbox, docs)
  migrate [up|down|status]   apply pending migrations (default), roll back the last one, or list them
  help                       show this text

Configuration comes from the environment: PORT, HOST, DATABASE_URL, MOCKEX_DATA_DIR, LOG_LEVEL, ...
(see README.md).`;

/** The docs site built by `pnpm build`, looked up beside this bundle's checkout unless configured. */
function defaultDocsDir(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidate = resolve(here, '../../../docs/build');
  return existsSync(candidate) ? candidate : undefined;
}

/** The web app built by `pnpm build` (apps/web/dist), found the same way. */
function defaultWebDir(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidate = resolve(here, '../../web/dist');
  return existsSync(resolve(candidate, 'index.html')) ? candidate : undefined;
}

async function start(config: Config): Promise<void> {
  const logger = createLogger(config.LOG_LEVEL);
  const docsDir = config.MOCKEX_DOCS_DIR ?? defaultDocsDir();
  const webDir = config.MOCKEX_WEB_DIR ?? defaultWebDir();
  const server = await startServer({
    config: { ...config, MOCKEX_DOCS_DIR: docsDir, MOCKEX_WEB_DIR: webDir },
    logger,
  });
  const lines = [
    `Mockex is running at ${server.url}`,
    `  web app       ${webDir ? `${server.url}/` : '(not built: run pnpm build)'}`,
    `  database      ${describeDatabase(config)}`,
    `  health        ${server.url}/healthz`,
    `  key API       ${server.url}/trpc`,
    `  exchange      ${server.url}/fapi/v1`,
    `  sandbox       ${server.url}/sandbox/v1`,
    `  OpenAPI       ${server.url}/openapi.json`,
    `  docs          ${docsDir ? `${server.url}/docs/` : '(not built: run pnpm build)'}`,
    'Press Ctrl+C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  // The log line alone is easy to miss in a JSON stream: say it on the terminal too.
  const exposed = sandboxExposureWarning(config.HOST, config.MOCKEX_SANDBOX_TOKEN);
  if (exposed) process.stderr.write(`\n${exposed}\n\n`);
  logger.info({ url: server.url, database: server.database.kind }, 'server started');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    server.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function migrate(config: Config, action: string): Promise<void> {
  const database = await createDatabase({
    url: config.DATABASE_URL,
    dataDir: config.MOCKEX_DATA_DIR,
    migrate: false,
  });
  try {
    if (action === 'status') {
      for (const m of await migrationStatus(database.db)) {
        console.log(`${m.executedAt ? 'applied' : 'pending'}  ${m.name}`);
      }
    } else if (action === 'down') {
      const { applied } = await migrateDown(database.db);
      console.log(applied.length ? `rolled back ${applied.join(', ')}` : 'nothing to roll back');
    } else {
      const { applied } = await migrateToLatest(database.db);
      console.log(applied.length ? `applied ${applied.join(', ')}` : 'already up to date');
    }
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command = 'help', arg] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return;
  }
  if (command !== 'start' && command !== 'migrate') {
    console.error(`mockex: unknown command "${command}"\n\n${USAGE}`);
    process.exit(1);
  }
  if (command === 'migrate' && arg && !['up', 'down', 'status'].includes(arg)) {
    console.error(`mockex: unknown migrate action "${arg}" (use up, down or status)`);
    process.exit(1);
  }
  const config = loadConfig();
  if (command === 'start') await start(config);
  else await migrate(config, arg ?? 'up');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`mockex: ${error.message}`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`mockex: ${message.split('\n')[0]}`);
  }
  process.exit(1);
});
