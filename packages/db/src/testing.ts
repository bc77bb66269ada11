import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { cachedMigratedDump } from './dump.ts';
import { createDatabase, type DatabaseConfig, type MockexDatabase } from './create-database.ts';

/**
 * Test databases. With DATABASE_URL set (CI and the developers' machines), each call creates a fresh
 * database on that server and drops it afterwards; without it, each call gets an in-memory PGlite.
 * Either way every test file owns its data, so files run in parallel and leave nothing behind.
 */
export interface TestDatabase extends MockexDatabase {
  /** The URL of the created database (PostgreSQL only), for tests that start a second process. */
  readonly url: string | undefined;
  /** Closes the handle and removes the database. */
  destroy(): Promise<void>;
}

export function testBackend(): 'postgres' | 'pglite' {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

async function admin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database on the server of `adminUrl` and returns its URL and a dropper. */
export async function createScratchDatabase(
  adminUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `mockex_t_${randomBytes(6).toString('hex')}`;
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

/**
 * A scratch database that tests reach through a loopback proxy (`url` goes through `proxy`), so they
 * can take it away; `drop` stops the proxy and drops the database.
 */
export async function createProxiedScratchDatabase(
  adminUrl: string,
): Promise<{ url: string; directUrl: string; proxy: TcpProxy; drop: () => Promise<void> }> {
  const scratch = await createScratchDatabase(adminUrl);
  const proxy = await startTcpProxy(new URL(scratch.url));
  const url = new URL(scratch.url);
  url.host = `127.0.0.1:${proxy.port}`;
  return {
    url: url.toString(),
    directUrl: scratch.url,
    proxy,
    async drop() {
      await proxy.stop().catch(() => {});
      await scratch.drop();
    },
  };
}

export async function createTestDatabase(
  options: Omit<DatabaseConfig, 'url' | 'dataDir'> & { backend?: 'postgres' | 'pglite' } = {},
): Promise<TestDatabase> {
  const backend = options.backend ?? testBackend();
  if (backend === 'postgres') {
    const adminUrl = process.env.DATABASE_URL;
    if (!adminUrl) throw new Error('the postgres test backend needs DATABASE_URL');
    const scratch = await createScratchDatabase(adminUrl);
    const handle = await createDatabase({ ...options, url: scratch.url, poolSize: options.poolSize ?? 5 });
    return Object.assign(handle, {
      url: scratch.url,
      async destroy() {
        await handle.close();
        await scratch.drop();
      },
    });
  }
  const handle = await createDatabase({ ...options, pglite: await migratedPglite() });
  return Object.assign(handle, { url: undefined, destroy: () => handle.close() });
}

/** A fresh in-memory PGlite loaded from the cached dump of a migrated database (see dump.ts). */
async function migratedPglite(): Promise<PGlite> {
  return PGlite.create({ loadDataDir: await cachedMigratedDump() });
}

export interface TcpProxy {
  readonly port: number;
  /** Drops every connection and stops listening: the database "goes away". */
  stop(): Promise<void>;
  /** Listens again on the same port: the database "comes back". */
  start(): Promise<void>;
  /**
   * A network partition: connections stay open (new ones are accepted too) but no byte crosses in either
   * direction, so the client sees silence rather than an error. Bytes sent meanwhile are held back.
   */
  partition(): void;
  /** Ends the partition: held-back bytes are delivered and traffic flows again. */
  heal(): void;
  /**
   * A cut in the middle of a request: the next chunk a client sends that matches `marker` (a COMMIT, an
   * UPDATE) still reaches the server, then the partition starts, so the statement takes effect but its
   * answer never arrives.
   */
  partitionAfter(marker: RegExp): void;
}

/**
 * A loopback TCP proxy to a PostgreSQL server, so tests can take the database away and bring it back
 * (`stop`/`start`), or leave it connected but silent (`partition`/`heal`).
 */
export async function startTcpProxy(target: URL): Promise<TcpProxy> {
  let server: Server | null = null;
  let port = 0;
  let partitioned = false;
  let cutAfter: RegExp | null = null;
  const sockets = new Set<Socket>();
  /** Flushes of the bytes each direction held back during a partition. */
  const held = new Set<() => void>();

  /** Copies `from` to `to`, holding chunks back while partitioned. */
  function forward(from: Socket, to: Socket, upstream: boolean): void {
    const queue: Buffer[] = [];
    const flush = () => {
      for (const chunk of queue.splice(0)) if (!to.destroyed) to.write(chunk);
    };
    held.add(flush);
    from.on('data', (chunk: Buffer) => {
      if (partitioned) return void queue.push(chunk);
      if (!to.destroyed) to.write(chunk);
      if (upstream && cutAfter?.test(chunk.toString('latin1'))) {
        cutAfter = null;
        partitioned = true;
      }
    });
    from.once('close', () => held.delete(flush));
  }

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        sockets.add(client).add(upstream);
        forward(client, upstream, true);
        forward(upstream, client, false);
        const close = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', close).on('close', close);
        upstream.on('error', close).on('close', close);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });
  await listen();
  return {
    get port() {
      return port;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        partitioned = false;
        cutAfter = null;
        held.clear();
        for (const s of sockets) s.destroy();
        sockets.clear();
        if (!server) return resolve();
        server.close(() => resolve());
        server = null;
      }),
    start: listen,
    partition() {
      partitioned = true;
    },
    partitionAfter(marker) {
      cutAfter = marker;
    },
    heal() {
      cutAfter = null;
      partitioned = false;
      for (const flush of held) flush();
    },
  };
}
