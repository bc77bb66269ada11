/**
 * Per-key (or per-address) rate limiting over every window of a budget at once (`windows.ts` holds the
 * rule). In memory by default (one process). With Redis the same rule runs as one Lua script, one
 * round trip and one atomic step per request, on the Redis server's clock, so every process sharing
 * that Redis enforces one limit per key. (rate-limiter-flexible keeps one limiter per window: a request
 * refused by the minute window has already been counted by the second window, so it is not atomic
 * across windows; the log below is a few lines in either back-end.)
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RateBudget } from '@mockex/domain';
import { horizonMs, SlidingLog, type RateDecision } from './windows.ts';

export type { RateDecision } from './windows.ts';

export interface RateLimiter {
  readonly kind: 'memory' | 'redis';
  /** Counts one request of `key` against every window of `budget`, or refuses it and counts nothing. */
  consume(key: string, budget: RateBudget): Promise<RateDecision>;
  /** Forgets every key's history (sandbox reset). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Milliseconds since the epoch, whole (both back-ends decide on whole milliseconds). */
const wallClock = () => Math.floor(performance.timeOrigin + performance.now());

export function createMemoryRateLimiter(now: () => number = wallClock): RateLimiter {
  const logs = new Map<string, SlidingLog>();
  let longest = 0;
  let sweepAt = now() + 60_000;
  return {
    kind: 'memory',
    async consume(key, budget) {
      const t = Math.floor(now());
      longest = Math.max(longest, horizonMs(budget));
      // Logs with nothing inside the longest window in use hold no state worth keeping.
      if (t > sweepAt) {
        for (const [k, log] of logs) if (log.idleSince(t - longest)) logs.delete(k);
        sweepAt = t + 60_000;
      }
      let log = logs.get(key);
      if (!log) logs.set(key, (log = new SlidingLog()));
      return log.take(t, budget);
    },
    async reset() {
      logs.clear();
    },
    async close() {
      logs.clear();
    },
  };
}

/**
 * KEYS[1] = the key's sorted set of accepted request times (score = ms, member unique).
 * ARGV[1] = now in ms, or '' for the Redis server's clock; ARGV[2] = a unique member for this request;
 * then pairs (requests, period ms), one per window. Returns {-1} when allowed (and logged), else
 * {ms until allowed, index of the binding window (1-based)}.
 */
const WINDOWS_LUA = `
local now
if ARGV[1] ~= '' then
  now = tonumber(ARGV[1])
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local horizon = 0
for i = 3, #ARGV, 2 do
  local period = tonumber(ARGV[i + 1])
  if period > horizon then horizon = period end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - horizon)
local wait, binding = 0, 0
for i = 3, #ARGV, 2 do
  local requests = tonumber(ARGV[i])
  local period = tonumber(ARGV[i + 1])
  local from = '(' .. (now - period)
  local count = redis.call('ZCOUNT', KEYS[1], from, '+inf')
  if count >= requests then
    local entry = redis.call('ZRANGEBYSCORE', KEYS[1], from, '+inf', 'WITHSCORES', 'LIMIT', count - requests, 1)
    local w = tonumber(entry[2]) + period - now
    if w > wait then wait, binding = w, (i - 1) / 2 end
  end
end
if wait > 0 then return {wait, binding} end
redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('PEXPIRE', KEYS[1], horizon)
return {-1}
`;

interface WindowsRedis extends Redis {
  mockexWindows(key: string, now: string, member: string, ...windows: number[]): Promise<number[]>;
}

export interface RedisRateLimiterOptions {
  url: string;
  /** Prefix of every Redis key this limiter writes (lets tests and deployments share one Redis). */
  prefix?: string;
  /** Called when Redis cannot answer; the decision then falls back to this process's own limiter. */
  onError?: (error: Error) => void;
  /** Decide on this clock (ms) instead of the Redis server's (tests). */
  now?: () => number;
}

export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const prefix = options.prefix ?? 'mockex:rl:';
  const redis = new Redis(options.url, {
    // Fail fast rather than queue requests while Redis is away: the local limiter takes over.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1_000,
    lazyConnect: false,
  }) as WindowsRedis;
  redis.defineCommand('mockexWindows', { numberOfKeys: 1, lua: WINDOWS_LUA });
  const onError = options.onError ?? (() => {});
  redis.on('error', onError);
  const fallback = createMemoryRateLimiter(options.now);
  // Commands are not queued while disconnected, so the first requests wait (briefly) for the connection.
  const ready = new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  const waitReady = () =>
    redis.status === 'ready'
      ? undefined
      : Promise.race([ready, new Promise<void>((r) => setTimeout(r, 1_000).unref())]);

  return {
    kind: 'redis',
    async consume(key, budget) {
      try {
        await waitReady();
        const [wait, binding] = await redis.mockexWindows(
          prefix + key,
          options.now ? String(Math.floor(options.now())) : '',
          randomUUID(),
          ...budget.flatMap((w) => [w.requests, w.perSeconds * 1000]),
        );
        if (wait === undefined || wait < 0) return { allowed: true };
        return { allowed: false, retryAfterMs: wait, window: budget[(binding ?? 1) - 1]! };
      } catch (error) {
        onError(error instanceof Error ? error : new Error(String(error)));
        return fallback.consume(key, budget);
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
