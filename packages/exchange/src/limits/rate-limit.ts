/**
 * Per-key rate limiting with GCRA (the generic cell rate algorithm, a token bucket kept as one number:
 * the "theoretical arrival time"). A rule of N requests per P seconds lets a fresh key send N at once
 * and then one every P/N seconds; each decision is a single atomic step, so concurrent requests can
 * never slip past the limit.
 *
 * In memory by default (one process). With Redis the same algorithm runs as a Lua script on the Redis
 * server, using the server's clock, so every process sharing that Redis enforces one limit per key.
 * (rate-limiter-flexible only offers fixed windows, which let 2N requests through across a window
 * edge; GCRA is a dozen lines, so it is written out here for both back-ends.)
 */
import { Redis } from 'ioredis';
import type { RateLimitRule } from '@mockex/domain';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface RateLimiter {
  readonly kind: 'memory' | 'redis';
  consume(key: string, rule: RateLimitRule): Promise<RateDecision>;
  /** Forgets every key's history (sandbox reset). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** One GCRA step; returns the new arrival time, or how long until the request would be allowed. */
export function gcraStep(
  tat: number,
  now: number,
  rule: RateLimitRule,
): { allowed: true; tat: number } | { allowed: false; retryAfterMs: number } {
  const period = rule.perSeconds * 1000;
  const interval = period / rule.requests;
  const next = Math.max(tat, now) + interval;
  if (next - now > period) return { allowed: false, retryAfterMs: next - now - period };
  return { allowed: true, tat: next };
}

export function createMemoryRateLimiter(
  now: () => number = () => performance.timeOrigin + performance.now(),
): RateLimiter {
  const tats = new Map<string, number>();
  let sweepAt = now() + 60_000;
  return {
    kind: 'memory',
    async consume(key, rule) {
      const t = now();
      // Keys whose arrival time has passed hold no state worth keeping.
      if (t > sweepAt) {
        for (const [k, v] of tats) if (v < t) tats.delete(k);
        sweepAt = t + 60_000;
      }
      const step = gcraStep(tats.get(key) ?? 0, t, rule);
      if (!step.allowed) return step;
      tats.set(key, step.tat);
      return { allowed: true };
    },
    async reset() {
      tats.clear();
    },
    async close() {
      tats.clear();
    },
  };
}

// KEYS[1] = the key; ARGV = interval ms, period ms. Returns -1 when allowed, else ms until allowed.
const GCRA_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local nextTat = tat + interval
local ahead = nextTat - now
if ahead > period then
  return math.max(1, math.ceil(ahead - period))
end
redis.call('SET', KEYS[1], string.format('%.3f', nextTat), 'PX', math.max(1, math.ceil(ahead)))
return -1
`;

interface GcraRedis extends Redis {
  mockexGcra(key: string, intervalMs: number, periodMs: number): Promise<number>;
}

export interface RedisRateLimiterOptions {
  url: string;
  /** Prefix of every Redis key this limiter writes (lets tests and deployments share one Redis). */
  prefix?: string;
  /** Called when Redis cannot answer; the decision then falls back to this process's own limiter. */
  onError?: (error: Error) => void;
}

export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const prefix = options.prefix ?? 'mockex:rl:';
  const redis = new Redis(options.url, {
    // Fail fast rather than queue requests while Redis is away: the local limiter takes over.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1_000,
    lazyConnect: false,
  }) as GcraRedis;
  redis.defineCommand('mockexGcra', { numberOfKeys: 1, lua: GCRA_LUA });
  const onError = options.onError ?? (() => {});
  redis.on('error', onError);
  const fallback = createMemoryRateLimiter();
  // Commands are not queued while disconnected, so the first requests wait (briefly) for the connection.
  const ready = new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  const waitReady = () =>
    redis.status === 'ready'
      ? undefined
      : Promise.race([ready, new Promise<void>((r) => setTimeout(r, 1_000).unref())]);

  return {
    kind: 'redis',
    async consume(key, rule) {
      try {
        await waitReady();
        const ms = await redis.mockexGcra(
          prefix + key,
          (rule.perSeconds * 1000) / rule.requests,
          rule.perSeconds * 1000,
        );
        return ms < 0 ? { allowed: true } : { allowed: false, retryAfterMs: ms };
      } catch (error) {
        onError(error instanceof Error ? error : new Error(String(error)));
        return fallback.consume(key, rule);
      }
    },
    async reset() {
      await fallback.reset();
      await waitReady();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    },
    async close() {
      redis.disconnect();
    },
  };
}

/** The limiter a process should use: Redis-backed when a URL is given, in memory otherwise. */
export function createRateLimiter(
  options: { redisUrl?: string | undefined; prefix?: string; onError?: (error: Error) => void } = {},
): RateLimiter {
  return options.redisUrl
    ? createRedisRateLimiter({
        url: options.redisUrl,
        ...(options.prefix ? { prefix: options.prefix } : {}),
        ...(options.onError ? { onError: options.onError } : {}),
      })
    : createMemoryRateLimiter();
}
