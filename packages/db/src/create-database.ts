import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate.ts';
import type { Database } from './schema.ts';
import { createPgListener, type NotificationHandler } from './notify.ts';
import {
  DEFAULT_ACQUIRE_TIMEOUT_MS,
  DEFAULT_STATEMENT_TIMEOUT_MS,
  databaseUnavailable,
  guardPool,
  QUERY_TIMEOUT_MARGIN_MS,
} from './availability.ts';

export const DEFAULT_DATA_DIR = '.mockex/data';

export interface DatabaseConfig {
  /** A `postgres://` URL. When absent, an embedded PGlite database is used. */
  url?: string | undefined;
  /** PGlite data directory (ignored with `url`); `memory://` keeps everything in memory. */
  dataDir?: string | undefined;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean | undefined;
  /** Pool size for a PostgreSQL server (PGlite is single-connection). */
  poolSize?: number | undefined;
  /** An already opened PGlite instance to use instead of opening `dataDir` (tests use clones). */
  pglite?: PGlite | undefined;
  /**
   * A dump (`dumpDataDir`) of a migrated database to start from when the PGlite data directory is new
   * or in memory: loading it skips initdb, which is most of a cold start. Ignored otherwise.
   */
  seed?: Blob | (() => Promise<Blob | undefined>) | undefined;
  /** Reports background connection problems (they must never crash the process). */
  onError?: ((error: Error) => void) | undefined;
  /**
   * Longest a statement may run on a PostgreSQL server (`statement_timeout`); the client stops waiting
   * for an answer shortly after. Default 5 s.
   */
  statementTimeoutMs?: number | undefined;
  /** Longest a caller waits for a pooled PostgreSQL connection, or for a new one to open. Default 5 s. */
  acquireTimeoutMs?: number | undefined;
}

export type DatabaseKind = 'postgres' | 'pglite';

export interface MockexDatabase {
  readonly kind: DatabaseKind;
  /** Where the data lives, without credentials: a host/database or a directory. */
  readonly location: string;
  /** True for embedded PGlite in memory (`memory://`): nothing is kept, and no other process shares it. */
  readonly inMemory: boolean;
  readonly db: Kysely<Database>;
  /** True when the database answers `select 1` within the timeout. */
  ping(timeoutMs?: number): Promise<boolean>;
  /** Subscribes to a NOTIFY channel; resolves to an unsubscribe function. */
  listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  /**
   * Runs `handler` whenever notifications may have been missed: after the listening connection was
   * lost and came back (PostgreSQL). Embedded PGlite never loses it. Returns an unsubscribe.
   */
  onReconnect(handler: () => unknown): () => void;
  /**
   * After the connection to the server was lost (notifications may have been missed): reloads every
   * process-local copy (the `onReconnect` handlers) and resolves when they are fresh, or rejects with
   * DATABASE_UNAVAILABLE while the server cannot be reached. Null when nothing was missed, so a hot path
   * pays nothing: `await database.resync()` before answering from a copy.
   */
  resync(): Promise<void> | null;
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]*$/;

function assertChannel(channel: string): void {
  if (!CHANNEL.test(channel)) throw new Error(`invalid notification channel name: ${channel}`);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolveP, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolveP(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Describes a connection URL without its password, for logs and the start banner. */
export function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
}

async function openPostgres(config: DatabaseConfig & { url: string }): Promise<MockexDatabase> {
  const onError = config.onError ?? (() => {});
  const statementTimeout = config.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? 10,
    connectionTimeoutMillis: config.acquireTimeoutMs ?? DEFAULT_ACQUIRE_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    // Every call is bounded (see availability.ts): the server cancels a long statement, and the client
    // gives up on an answer that does not come (a partition leaves the connection open but silent).
    statement_timeout: statementTimeout,
    query_timeout: statementTimeout + QUERY_TIMEOUT_MARGIN_MS,
    keepAlive: true,
  });
  // A connection that drops emits 'error' on its client; pg only listens while the client is idle in
  // the pool, so a drop during a query would crash the process. Every client gets a listener.
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  const listener = createPgListener(config.url, onError);
  // A pool connection that failed means notifications may have been missed too.
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: guardPool(pool, () => listener.markLost()) }),
  });
  return {
    kind: 'postgres',
    location: describeUrl(config.url),
    inMemory: false,
    db,
    async ping(timeoutMs = 2_000) {
      try {
        await withTimeout(sql`select 1`.execute(db), timeoutMs);
        return true;
      } catch {
        return false;
      }
    },
    async listen(channel, handler) {
      assertChannel(channel);
      return listener.listen(channel, handler);
    },
    onReconnect: (handler) => listener.onReconnect(handler),
    resync() {
      const pending = listener.resync();
      return pending && pending.catch((error: unknown) => Promise.reject(databaseUnavailable(error)));
    },
    async notify(channel, payload) {
      assertChannel(channel);
      await sql`select pg_notify(${channel}, ${payload})`.execute(db);
    },
    async close() {
      await listener.close();
      await db.destroy();
    },
  };
}

async function openPgliteStore(dir: string | undefined, seed: DatabaseConfig['seed']): Promise<PGlite> {
  const fresh = dir === undefined || !existsSync(join(dir, 'PG_VERSION'));
  const loadDataDir = fresh ? (typeof seed === 'function' ? await seed() : seed) : undefined;
  if (!loadDataDir) return PGlite.create(dir);
  return dir === undefined ? PGlite.create({ loadDataDir }) : PGlite.create(dir, { loadDataDir });
}

async function openPglite(config: DatabaseConfig): Promise<MockexDatabase> {
  const dataDir = config.pglite ? 'memory://' : (config.dataDir ?? DEFAULT_DATA_DIR);
  const inMemory = dataDir.startsWith('memory://');
  const location = inMemory ? dataDir : resolve(dataDir);
  if (!inMemory) mkdirSync(location, { recursive: true });
  const pglite = config.pglite ?? (await openPgliteStore(inMemory ? undefined : location, config.seed));
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  pool.on('error', config.onError ?? (() => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  // PGlite has one session, shared by the pool's queries and by LISTEN/UNLISTEN, which run on it
  // directly. A LISTEN landing while a pool query waits would hand that query the LISTEN's reply;
  // holding the pool's only connection while (un)subscribing keeps them apart.
  const exclusive = <T>(fn: () => Promise<T>) => db.connection().execute(() => fn());
  return {
    kind: 'pglite',
    location,
    inMemory,
    db,
    async ping(timeoutMs = 2_000) {
      if (closed) return false;
      try {
        await withTimeout(sql`select 1`.execute(db), timeoutMs);
        return true;
      } catch {
        return false;
      }
    },
    async listen(channel, handler) {
      assertChannel(channel);
      const unsubscribe = await exclusive(() => pglite.listen(channel, handler));
      return async () => {
        if (!closed) await exclusive(unsubscribe).catch(() => unsubscribe());
      };
    },
    async notify(channel, payload) {
      assertChannel(channel);
      await sql`select pg_notify(${channel}, ${payload})`.execute(db);
    },
    // One in-process session: nothing to reconnect, no notification to miss.
    onReconnect: () => () => {},
    resync: () => null,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await pglite.close();
    },
  };
}

/**
 * Opens the database Mockex stores everything in: a PostgreSQL server when a URL is given,
 * otherwise embedded PGlite in a data directory that survives restarts. Both are driven through
 * the same `pg` pool interface and kysely dialect, so every query behaves the same on both.
 */
export async function createDatabase(config: DatabaseConfig = {}): Promise<MockexDatabase> {
  const handle = config.url ? await openPostgres({ ...config, url: config.url }) : await openPglite(config);
  if (config.migrate !== false) {
    try {
      await migrateToLatest(handle.db);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
  return handle;
}
