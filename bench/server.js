// The benchmark's server process (started by bench/run.js): a bare Express `res.json` baseline and the
// real Mockex server (startServer: key service, gateway, core on PostgreSQL/PGlite), each on its own
// loopback port, over a fresh database of its own. It prints one JSON line with the URLs and the test keys, then serves
// (answering `cpu` lines on stdin with its CPU time) until its parent closes stdin.
//
// The venue profile is mudrex with a very high rate limit, so the limiter still runs on every request
// but the 2 requests/second allowance is not what is measured.
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import express from 'express';

// The workspace ships TypeScript: load it through the server's tsx, as the CLI does.
const serverEntry = fileURLToPath(import.meta.resolve('@mockex/server'));
const requireFromServer = createRequire(serverEntry);
const load = (specifier) => import(pathToFileURL(requireFromServer.resolve(specifier)).href);
// require.resolve finds tsx's CommonJS entry; its ESM API sits beside it.
const tsxApi = requireFromServer.resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs');
(await import(pathToFileURL(tsxApi).href)).register();

const { startServer, configSchema, createLogger } = await import('@mockex/server');
const { venueProfile } = await load('@mockex/domain');
const { createTestDatabase } = await load('@mockex/db/testing');
const { totpCode } = await load('@mockex/keys/testing');

const USERS = Number(process.env.BENCH_USERS ?? 50);

function listen(app) {
  const http = createServer(app);
  http.keepAliveTimeout = 30_000;
  return new Promise((resolve) =>
    http.listen(0, '127.0.0.1', () => resolve({ http, url: `http://127.0.0.1:${http.address().port}` })),
  );
}

// Baseline: the least an Express JSON endpoint can cost.
const bare = express();
bare.disable('x-powered-by');
bare.set('etag', false);
bare.get('/funds', (_req, res) => res.json({ success: true, data: { balance: '1000', locked_amount: '0' } }));
const baseline = await listen(bare);

// The server's own pool size (createDatabase's default), not the smaller one tests use.
const database = await createTestDatabase({ poolSize: Number(process.env.BENCH_POOL_SIZE ?? 10) });
const logger = createLogger('silent');
const config = configSchema.parse({
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  MOCKEX_SEED: 'bench',
});
// A clock the bench can move by 30 s to get a fresh TOTP step without waiting for one.
let skew = 0;
const base = { now: () => new Date(Date.now() + skew) };
const mudrex = venueProfile('mudrex');
const server = await startServer({
  config,
  logger,
  database,
  clock: base,
  profile: {
    ...mudrex,
    rateLimit: { ...mudrex.rateLimit, default: [{ requests: 1_000_000, perSeconds: 1 }] },
  },
});
server.http.keepAliveTimeout = 30_000;
const { keys, exchange } = server;
const clock = exchange.state.clock;

const info = { ip: '127.0.0.1' };
const secrets = [];
for (let i = 0; i < USERS; i++) {
  const user = await keys.signUp(
    { email: `bench${i}@example.com`, password: `bench-password-${i}-long` },
    info,
  );
  await keys.submitKyc(user.id, { legalName: `Bench ${i}`, country: 'GB' }, info);
  const { secret: totp } = await keys.beginTwoFactor(user.id, info);
  await keys.enableTwoFactor(user.id, { otp: totpCode(totp, clock.now()) }, info);
  skew += 30_000; // the next code belongs to the next 30 s step (a code is accepted once)
  const { secret } = await keys.createKey(
    user.id,
    { label: 'bench', permissions: ['READ_ONLY', 'TRADE'], otp: totpCode(totp, clock.now()) },
    info,
  );
  skew += 30_000;
  await exchange.core.credit(user.id, 'FUTURES', '1000000');
  secrets.push(secret);
}
await exchange.core.setMarkPrice('BTCUSDT', '60000');

process.stdout.write(
  `${JSON.stringify({ baseline: `${baseline.url}/funds`, mockex: server.url, secrets, database: database.kind })}\n`,
);

// Each `cpu` line on stdin is answered with this process's CPU time so far (see run.js). With
// BENCH_CPU_PROF set, `profile-start` and `profile-stop <name>` bracket one run, whose V8 CPU profile is
// written to <dir>/<name>.cpuprofile (one profile per run: a mixed one hides which run a cost belongs to).
const profiler = process.env.BENCH_CPU_PROF ? new Session() : null;
profiler?.connect();
const post = (method) =>
  new Promise((resolve, reject) =>
    profiler.post(method, (error, result) => (error ? reject(error) : resolve(result))),
  );
createInterface({ input: process.stdin }).on('line', async (line) => {
  const [command, name] = line.trim().split(' ');
  if (command === 'cpu') process.stdout.write(`${JSON.stringify({ cpu: process.cpuUsage() })}\n`);
  if (command === 'profile-start') {
    if (profiler) await post('Profiler.enable').then(() => post('Profiler.start'));
    process.stdout.write('{}\n');
  }
  if (command === 'profile-stop') {
    if (profiler) {
      const { profile } = await post('Profiler.stop');
      mkdirSync(process.env.BENCH_CPU_PROF, { recursive: true });
      writeFileSync(join(process.env.BENCH_CPU_PROF, `${name}.cpuprofile`), JSON.stringify(profile));
    }
    process.stdout.write('{}\n');
  }
});
process.stdin.on('end', async () => {
  baseline.http.closeAllConnections();
  server.http.closeAllConnections();
  await server.close();
  await database.destroy();
  process.exit(0);
});
