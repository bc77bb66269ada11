import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createMemoryRateLimiter,
  createRedisRateLimiter,
  gcraStep,
  type RateLimiter,
} from '../src/limits/rate-limit.ts';

const TWO_PER_SECOND = { requests: 2, perSeconds: 1 };

describe('GCRA', () => {
  it('allows the burst, then one request per interval', () => {
    let tat = 0;
    const at = (now: number) => {
      const step = gcraStep(tat, now, TWO_PER_SECOND);
      if (step.allowed) tat = step.tat;
      return step;
    };
    expect(at(10_000).allowed).toBe(true);
    expect(at(10_000).allowed).toBe(true);
    const third = at(10_000);
    expect(third).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(at(10_499).allowed).toBe(false);
    expect(at(10_500).allowed).toBe(true);
    expect(at(10_500).allowed).toBe(false);
  });

  it('the memory limiter decides on a manual clock', async () => {
    let now = 1_000_000;
    const limiter = createMemoryRateLimiter(() => now);
    const take = () => limiter.consume('k', TWO_PER_SECOND);
    expect((await take()).allowed).toBe(true);
    expect((await take()).allowed).toBe(true);
    expect(await take()).toEqual({ allowed: false, retryAfterMs: 500 });
    now += 1_000;
    expect((await take()).allowed).toBe(true);
    expect((await take()).allowed).toBe(true);
    expect((await take()).allowed).toBe(false);
    await limiter.reset();
    expect((await take()).allowed).toBe(true);
  });
});

const redisUrl = process.env.REDIS_URL;

describe.skipIf(!redisUrl)('the Redis limiter (REDIS_URL set)', () => {
  const opened: RateLimiter[] = [];
  const open = (prefix: string) => {
    const limiter = createRedisRateLimiter({ url: redisUrl!, prefix });
    opened.push(limiter);
    return limiter;
  };
  afterAll(async () => {
    for (const l of opened) {
      await l.reset();
      await l.close();
    }
  });

  it('two limiter instances (two processes) sharing one key enforce one limit, exactly, under concurrency', async () => {
    const prefix = `mockex-test:${randomUUID()}:`;
    const a = open(prefix);
    const b = open(prefix);
    const decisions = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).consume('key_shared:default', TWO_PER_SECOND)),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(2);
    for (const d of decisions) if (!d.allowed) expect(d.retryAfterMs).toBeGreaterThan(0);
    // Another key is a separate bucket.
    expect((await a.consume('key_other:default', TWO_PER_SECOND)).allowed).toBe(true);
  });

  it('refills after the interval, and reset forgets every key', async () => {
    const limiter = open(`mockex-test:${randomUUID()}:`);
    await limiter.consume('k', TWO_PER_SECOND);
    await limiter.consume('k', TWO_PER_SECOND);
    const denied = await limiter.consume('k', TWO_PER_SECOND);
    expect(denied.allowed).toBe(false);
    await new Promise((r) => setTimeout(r, denied.allowed ? 0 : denied.retryAfterMs + 20));
    expect((await limiter.consume('k', TWO_PER_SECOND)).allowed).toBe(true);
    await limiter.reset();
    expect((await limiter.consume('k', TWO_PER_SECOND)).allowed).toBe(true);
    expect((await limiter.consume('k', TWO_PER_SECOND)).allowed).toBe(true);
  });

  it('falls back to the local limiter when Redis cannot be reached, reporting the problem', async () => {
    const problems: Error[] = [];
    const limiter = createRedisRateLimiter({
      url: 'redis://127.0.0.1:1',
      prefix: 'x:',
      onError: (e) => problems.push(e),
    });
    try {
      const decisions = await Promise.all(
        Array.from({ length: 5 }, () => limiter.consume('k', TWO_PER_SECOND)),
      );
      expect(decisions.filter((d) => d.allowed)).toHaveLength(2);
      expect(problems.length).toBeGreaterThan(0);
    } finally {
      await limiter.close();
    }
  });
});
