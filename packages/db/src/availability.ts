/**
 * Bounds on every database call, and one way to say "the database is away". A PostgreSQL server that
 * stops answering with its connections left open (a partition, a stalled host) would otherwise hold each
 * request for as long as the outage lasts. Here:
 *   - waiting for a pooled connection (or opening one) gives up after `acquireTimeoutMs`;
 *   - a statement runs at most `statementTimeoutMs` on the server (`statement_timeout`), and the client
 *     stops waiting for its answer shortly after (`query_timeout`), which is what ends a partition's wait;
 *   - a connection whose query timed out or broke is dropped, never handed to the next caller;
 *   - every such failure reaches the caller as a `DATABASE_UNAVAILABLE` MockexError (503, with
 *     `retryAfterSeconds`), which the exchange, the sandbox and the key API already answer as they should.
 */
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { MockexError } from '@mockex/domain';

export const DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;
export const DEFAULT_ACQUIRE_TIMEOUT_MS = 5_000;
/** How much longer than the server's own statement timeout the client waits for an answer. */
export const QUERY_TIMEOUT_MARGIN_MS = 1_000;
/** What a 503 for an unreachable database tells the caller to wait before retrying. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/** SQLSTATE classes and codes that mean "the server or the link is not available", not "your SQL is wrong". */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P)/;
const QUERY_CANCELED = '57014'; // statement_timeout (or a cancel request)
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const UNAVAILABLE_MESSAGE =
  /Query read timeout|timeout exceeded when trying to connect|Connection terminated|not queryable|Connection ended/i;

/** True when an error from `pg` means the database could not be reached or did not answer in time. */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code === QUERY_CANCELED || UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))
      return true;
  }
  return UNAVAILABLE_MESSAGE.test(error.message);
}

/** The error every caller sees while the database is away (its `cause` keeps the driver's error for logs). */
export function databaseUnavailable(cause: unknown): MockexError {
  const error = new MockexError(
    'DATABASE_UNAVAILABLE',
    {},
    { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
  );
  error.cause = cause;
  return error;
}

/** True for the error above, wherever it sits in a `cause` chain. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if (e instanceof MockexError && e.code === 'DATABASE_UNAVAILABLE') return true;
  }
  return false;
}

function translate(error: unknown): unknown {
  return isConnectionFailure(error) ? databaseUnavailable(error) : error;
}

/**
 * The pool kysely drives: connection failures become `DATABASE_UNAVAILABLE`, and a client whose query
 * failed that way goes back to the pool as broken, so pg closes it instead of lending it again (a query
 * queued behind one that never got its answer would wait forever).
 */
export function guardPool(pool: pg.Pool, onConnectionFailure: () => void = () => {}): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        onConnectionFailure();
        throw databaseUnavailable(error);
      }
      let broken: Error | undefined;
      const query = (...args: unknown[]) => {
        const result = (client.query as (...a: unknown[]) => unknown)(...args);
        if (!(result instanceof Promise)) return result; // a cursor
        return result.catch((error: unknown) => {
          const translated = translate(error);
          if (translated !== error) {
            broken = error as Error;
            onConnectionFailure();
          }
          throw translated;
        });
      };
      return {
        query: query as PostgresPoolClient['query'],
        release: () => client.release(broken),
      };
    },
    end: () => pool.end(),
  };
}
