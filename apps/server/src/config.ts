import { z } from 'zod';
import { DEFAULT_VENUE, VENUE_NAMES } from '@mockex/domain';
import { DEFAULT_ACQUIRE_TIMEOUT_MS, DEFAULT_DATA_DIR, DEFAULT_STATEMENT_TIMEOUT_MS } from '@mockex/db';

/**
 * Everything the server reads from the environment, validated in one place. A bad value stops the
 * process with one line naming the variable, before anything is opened.
 */
const port = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const postgresUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a postgres:// URL such as postgres://user@127.0.0.1:5432/mockex');

/** MOCKEX_DATA_DIR value (and `--memory`) for an embedded database that keeps nothing on disk. */
export const MEMORY_DATA_DIR = 'memory://';

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** A database wait in milliseconds, from 100 ms to 10 minutes. */
const databaseTimeout = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number')
    .min(100, 'must be at least 100')
    .max(600_000, 'must be at most 600000')
    .default(fallback);

export const configSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  DATABASE_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
  MOCKEX_DATA_DIR: z.string().trim().min(1, 'must not be empty').default(DEFAULT_DATA_DIR),
  /** Longest one PostgreSQL statement may run; the client stops waiting for its answer 1 s later. */
  MOCKEX_DB_STATEMENT_TIMEOUT_MS: databaseTimeout(DEFAULT_STATEMENT_TIMEOUT_MS),
  /** Longest a request waits for a PostgreSQL connection (from the pool, or a new one). */
  MOCKEX_DB_ACQUIRE_TIMEOUT_MS: databaseTimeout(DEFAULT_ACQUIRE_TIMEOUT_MS),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MOCKEX_DOCS_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** The built web app (apps/web/dist) served at `/`. */
  MOCKEX_WEB_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** Origins (comma-separated) whose pages may call /trpc from the browser, e.g. the web app's dev server. */
  MOCKEX_CORS_ORIGINS: z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((o) => o.trim())
            .filter(Boolean)
        : v,
    z
      .array(
        z.string().refine((o) => {
          try {
            const u = new URL(o);
            return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === o;
          } catch {
            return false;
          }
        }, 'must be comma-separated origins such as http://localhost:5173 (scheme, host and port; no path)'),
      )
      .default([]),
  ),
  /** How long shutdown waits for in-flight requests before closing their connections. */
  MOCKEX_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** Which exchange's rules the key API and the exchange follow (key limit, expiry, rate limit). */
  MOCKEX_VENUE: z
    .enum(VENUE_NAMES, { error: `must be one of ${VENUE_NAMES.join(', ')}` })
    .default(DEFAULT_VENUE),
  /** auto: account.submitKyc verifies at once; manual: it stays pending until the sandbox sets it. */
  MOCKEX_KYC_MODE: z.enum(['auto', 'manual'], { error: 'must be auto or manual' }).default('auto'),
  /** Server secret keying stored API-secret hashes and TOTP encryption; generated and kept when unset. */
  MOCKEX_KEY_PEPPER: z.preprocess(
    emptyAsUndefined,
    z.string().min(32, 'must be at least 32 characters of random text').optional(),
  ),
  /**
   * Where the generated key pepper is kept when MOCKEX_KEY_PEPPER is unset (mode 0600, outside the data
   * directory and the database); default `$XDG_CONFIG_HOME/mockex/key-pepper` or `~/.config/mockex/key-pepper`.
   */
  MOCKEX_KEY_PEPPER_FILE: z.preprocess(emptyAsUndefined, z.string().trim().min(1).optional()),
  /** Seeds the mark-price walk and probabilistic sandbox faults: the same seed, the same run. */
  MOCKEX_SEED: z.string().trim().min(1, 'must not be empty').default('mockex'),
  /** When set, every /sandbox/v1 call needs `Authorization: Bearer <token>`. */
  MOCKEX_SANDBOX_TOKEN: z.preprocess(
    emptyAsUndefined,
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
  /**
   * Without a sandbox token, /sandbox/v1 answers only to loopback names, IP addresses, HOST and these
   * host names (comma-separated; `.example.com` also allows its subdomains), against DNS rebinding.
   */
  MOCKEX_ALLOWED_HOSTS: z.preprocess(
    (v) => (typeof v === 'string' ? v : ''),
    z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z.string().regex(/^\.?[a-z0-9\-_.]+$|^\[[0-9a-f:.]+\]$/, 'must be host names separated by commas'),
        ),
      ),
  ),
  /** Shares the exchange's per-key rate limit across server processes through Redis. */
  REDIS_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// URL such as redis://127.0.0.1:6379')
      .optional(),
  ),
  /** Proxy hops in front of the server whose X-Forwarded-For is trusted (0: use the socket address). */
  MOCKEX_TRUST_PROXY: z.preprocess(
    (v) => (v === 'true' ? '1' : v === 'false' || v === '' ? '0' : v),
    z.coerce
      .number({ error: 'must be a number of proxy hops, true or false' })
      .int('must be a whole number')
      .min(0)
      .max(10)
      .default(0),
  ),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws ConfigError with a one-line message naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? 'environment');
  const raw = env[name];
  const shown =
    name === 'DATABASE_URL' ||
    name === 'REDIS_URL' ||
    name === 'MOCKEX_SANDBOX_TOKEN' ||
    name === 'MOCKEX_KEY_PEPPER'
      ? ''
      : raw === undefined
        ? ''
        : ` (got "${raw}")`;
  throw new ConfigError(`invalid ${name}${shown}: ${issue.message}`);
}
