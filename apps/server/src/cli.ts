#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  cachedMigratedDump,
  createDatabase,
  migrateDown,
  migrateToLatest,
  migrationStatus,
} from '@mockex/db';
import { defaultDocsDir, defaultWebDir, packagedDatabaseDump } from './assets.ts';
import { ConfigError, loadConfig, MEMORY_DATA_DIR, type Config } from './config.ts';
import { createLogger } from './logger.ts';
import { sandboxExposureWarning } from './exchange-mount.ts';
import { describeDatabase, startServer } from './server.ts';

const USAGE = `Usage: mockex <command> [options]

Commands:
  start                      start the server (key API, exchange, sandbox, docs)
  migrate [up|down|status]   apply pending migrations (default), roll back the last one, or list them
  help                       show this text

Options (override the environment variables in brackets):
  --port <n>                 port to listen on, 0 for a free one [PORT, default 8080]
  --host <address>           address to bind [HOST, default 127.0.0.1]
  --data-dir <dir>           embedded database directory [MOCKEX_DATA_DIR, default .mockex/data]
  --memory                   keep the embedded database in memory: nothing is written to disk (CI)

Other settings come from the environment: DATABASE_URL, LOG_LEVEL, MOCKEX_VENUE, MOCKEX_SEED, ...
(see the configuration table in the README or the docs' deployment guide).`;

/** Progress on the terminal while starting: a cold start must never look like a hang. */
function progress(message: string): void {
  process.stderr.write(`mockex: ${message}\n`);
}

/**
 * The dump a fresh embedded database starts from: the one the package ships, or in a checkout one
 * made on first use and cached (a few seconds once, then a few hundred milliseconds).
 */
async function databaseSeed(): Promise<Blob> {
  const shipped = packagedDatabaseDump();
  if (shipped) return new Blob([readFileSync(shipped)]);
  return cachedMigratedDump(() => progress('preparing the embedded database (once per machine)...'));
}

async function start(config: Config): Promise<void> {
  const logger = createLogger(config.LOG_LEVEL);
  const docsDir = config.MOCKEX_DOCS_DIR ?? defaultDocsDir();
  const webDir = config.MOCKEX_WEB_DIR ?? defaultWebDir();
  progress(`starting on ${describeDatabase(config)}...`);
  const server = await startServer({
    config: { ...config, MOCKEX_DOCS_DIR: docsDir, MOCKEX_WEB_DIR: webDir },
    logger,
    databaseSeed: config.DATABASE_URL ? undefined : databaseSeed,
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
    `  docs          ${docsDir ? `${server.url}/docs/` : '(not built: run pnpm --filter @mockex/docs build)'}`,
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

/** The command line: flags override the environment they stand for, then the config is validated. */
function parseCommandLine(argv: string[]): {
  command: string;
  arg: string | undefined;
  env: NodeJS.ProcessEnv;
} {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      memory: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command = 'help', arg] = positionals;
  const env = { ...process.env };
  if (values.port !== undefined) env.PORT = values.port;
  if (values.host !== undefined) env.HOST = values.host;
  if (values['data-dir'] !== undefined) env.MOCKEX_DATA_DIR = values['data-dir'];
  if (values.memory) {
    if (env.DATABASE_URL) throw new ConfigError('--memory is for the embedded database: unset DATABASE_URL');
    env.MOCKEX_DATA_DIR = MEMORY_DATA_DIR;
  }
  return { command: values.help ? 'help' : command, arg, env };
}

async function main(argv: string[]): Promise<void> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    console.error(`mockex: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(1);
  }
  const { command, arg, env } = parsed;
  if (command === 'help') {
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
  const config = loadConfig(env);
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
