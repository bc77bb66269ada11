// `pnpm bench`: throughput and latency of the exchange against a bare Express baseline, with autocannon.
// Starts bench/server.js (its own fresh database: PGlite, or a scratch database on DATABASE_URL's
// server) in a child process, so the load generator and the server do not share an event loop, then
// measures in one run:
//   1. baseline: a bare Express `res.json` endpoint;
//   2. read: authenticated GET /fapi/v1/futures/funds (key check, rate limiter, engine read);
//   3. place+cancel: a resting LIMIT order placed and cancelled, alternately, on each connection.
// BENCH_SECONDS and BENCH_CONNECTIONS change the run length and concurrency; BENCH_CPU_PROF profiles the server.
// Prints req/s, p50 and p99 latency and each ratio to the baseline; writes bench/results/latest.json.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import autocannon from 'autocannon';

const here = dirname(fileURLToPath(import.meta.url));
const loadAverage = () => os.loadavg().map((l) => Number(l.toFixed(2)));
const loadBefore = loadAverage();
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
// The hot path's targets: server CPU per request against the baseline's (what the work costs, steady on
// a shared machine), the throughput that follows from it, and the read's p99 at this concurrency.
const TARGETS = { readCpu: 1.7, placeCancelCpu: 3.3, read: 0.6, placeCancel: 0.3, readP99Ms: 25 };

// BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile of each measured run there, as
// <dir>/<run>.cpuprofile (open it in Chrome DevTools).
const child = spawn(process.execPath, [join(here, 'server.js')], {
  stdio: ['pipe', 'pipe', 'inherit'],
  env: process.env,
});
// The server answers each line written to its stdin with one JSON line; the first is its ready line.
const replies = createInterface({ input: child.stdout });
const nextReply = () => new Promise((resolve) => replies.once('line', (line) => resolve(JSON.parse(line))));
const ready = await new Promise((resolve, reject) => {
  child.once('exit', (code) => reject(new Error(`bench server exited with ${code} before it was ready`)));
  nextReply().then(resolve);
});
/** The server process's CPU time so far (user + system), in microseconds. */
async function serverCpuMicros() {
  const { user, system } = (await ask('cpu')).cpu;
  return user + system;
}
function ask(command) {
  const reply = nextReply();
  child.stdin.write(`${command}\n`);
  return reply;
}
console.log(
  `bench server ready (${ready.database}, ${ready.secrets.length} keys); ${CONNECTIONS} connections, ${DURATION} s per run; load average ${loadBefore.join(' ')}`,
);

// Besides req/s and latency, each run reports the server's CPU time per request: throughput on a
// shared machine follows whatever else is running, CPU time per request much less so.
async function run(name, options) {
  const profiled = name !== 'warm-up';
  freeKeys = [...ready.secrets];
  if (profiled) await ask('profile-start');
  const cpuBefore = await serverCpuMicros();
  const row = await new Promise((resolve, reject) => {
    autocannon(
      { connections: CONNECTIONS, duration: DURATION, pipelining: 1, ...options },
      (error, result) => {
        if (error) return reject(error);
        const non2xx = result.non2xx + result.errors + result.timeouts;
        resolve({
          name,
          requestsPerSecond: Math.round(result.requests.average),
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          requests: result.requests.total,
          failed: non2xx,
        });
      },
    );
  });
  const cpuMicros = (await serverCpuMicros()) - cpuBefore;
  if (profiled) await ask(`profile-stop ${name.replace(/\W/g, '-')}`);
  return { ...row, serverCpuUsPerRequest: row.requests ? Math.round(cpuMicros / row.requests) : null };
}

// Each request sequence in flight uses a key (and so an account) no other one in flight uses, as
// separate bots would. autocannon clears a connection's context each time its list of requests starts
// over, so a sequence leases a key from a free list and hands it back with its last answer (the key
// must not merely follow a counter: sequences drift apart, and two would end up on one account).
// Every run starts with all keys free (a run's last requests are cut off before they answer).
let freeKeys = [];
let spare = 0;
const keyOf = (context) =>
  (context.secret ??= freeKeys.shift() ?? ready.secrets[spare++ % ready.secrets.length]);
const releaseKey = (_status, _body, context) => void freeKeys.push(context.secret);

const warm = (opts) => run('warm-up', { ...opts, duration: 2 });

await warm({ url: ready.baseline });
const baseline = await run('baseline', { url: ready.baseline });

const readOpts = {
  url: `${ready.mockex}/fapi/v1/futures/funds`,
  requests: [
    {
      method: 'GET',
      setupRequest: (req, context) => ({
        ...req,
        headers: { ...req.headers, 'x-authentication': keyOf(context) },
      }),
      onResponse: releaseKey,
    },
  ],
};
await warm(readOpts);
const read = await run('read', readOpts);

const placeCancelOpts = {
  url: ready.mockex,
  requests: [
    {
      method: 'POST',
      path: '/fapi/v1/futures/BTCUSDT/order?is_symbol',
      setupRequest: (req, context) => ({
        ...req,
        headers: { ...req.headers, 'content-type': 'application/json', 'x-authentication': keyOf(context) },
        body: JSON.stringify({
          leverage: '5',
          quantity: '0.001',
          order_price: '30000',
          order_type: 'LONG',
          trigger_type: 'LIMIT',
        }),
      }),
      onResponse: (status, body, context) => {
        context.orderId = status === 202 ? JSON.parse(body).data.order_id : undefined;
      },
    },
    {
      method: 'DELETE',
      setupRequest: (req, context) => ({
        ...req,
        path: `/fapi/v1/futures/orders/${context.orderId ?? 'missing'}`,
        headers: { ...req.headers, 'x-authentication': keyOf(context) },
      }),
      onResponse: releaseKey,
    },
  ],
};
await warm(placeCancelOpts);
const placeCancel = await run('place+cancel', placeCancelOpts);

child.stdin.end();
await new Promise((r) => child.once('exit', r));

const rows = [baseline, read, placeCancel].map((r) => ({
  ...r,
  ratioToBaseline: Number((r.requestsPerSecond / baseline.requestsPerSecond).toFixed(3)),
}));
console.log('');
console.log('run            req/s     p50 ms   p99 ms   ratio   failed   server CPU µs/req');
for (const r of rows) {
  console.log(
    `${r.name.padEnd(13)} ${String(r.requestsPerSecond).padStart(7)} ${String(r.p50Ms).padStart(9)} ${String(r.p99Ms).padStart(8)} ${r.ratioToBaseline.toFixed(3).padStart(7)} ${String(r.failed).padStart(8)} ${String(r.serverCpuUsPerRequest).padStart(19)}`,
  );
}
const [baseRow, readRow, pcRow] = rows;
const cpuRatio = (row) => Number((row.serverCpuUsPerRequest / baseRow.serverCpuUsPerRequest).toFixed(2));
const verdict = {
  readCpu: cpuRatio(readRow) <= TARGETS.readCpu,
  placeCancelCpu: cpuRatio(pcRow) <= TARGETS.placeCancelCpu,
  readRatio: readRow.ratioToBaseline >= TARGETS.read,
  placeCancelRatio: pcRow.ratioToBaseline >= TARGETS.placeCancel,
  readP99: readRow.p99Ms < TARGETS.readP99Ms,
};
const met = (ok) => (ok ? 'met' : 'missed');
console.log(
  `\ntargets: CPU/request read ${cpuRatio(readRow)}× ≤ ${TARGETS.readCpu}×: ${met(verdict.readCpu)}; ` +
    `place+cancel ${cpuRatio(pcRow)}× ≤ ${TARGETS.placeCancelCpu}×: ${met(verdict.placeCancelCpu)}; ` +
    `throughput read ≥ ${TARGETS.read}: ${met(verdict.readRatio)}; place+cancel ≥ ${TARGETS.placeCancel}: ${met(verdict.placeCancelRatio)}; ` +
    `read p99 < ${TARGETS.readP99Ms} ms: ${met(verdict.readP99)}`,
);

mkdirSync(join(here, 'results'), { recursive: true });
const out = {
  at: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  // 1, 5 and 15 minute load averages before and after: figures from a busy machine are not comparable.
  loadAverage: { before: loadBefore, after: loadAverage() },
  database: ready.database,
  connections: CONNECTIONS,
  durationSeconds: DURATION,
  targets: TARGETS,
  results: rows,
  met: verdict,
};
writeFileSync(join(here, 'results', 'latest.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(`written to bench/results/latest.json`);
