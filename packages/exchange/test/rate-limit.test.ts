import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { venueProfile, type RateBudget } from '@mockex/domain';
import {
  createMemoryRateLimiter,
  createRedisRateLimiter,
  type RateDecision,
  type RateLimiter,
} from '../src/limits/rate-limit.ts';

const TWO_PER_SECOND: RateBudget = [{ requests: 2, perSeconds: 1 }];
const JAN = venueProfile('mudrex@2026-01');
const AUG = venueProfile('mudrex@2026-08');
const T0 = 1_800_000_000_000; // a fixed instant, in ms

type Clock = { now: number };
type Take = (budget: RateBudget, key?: string) => Promise<RateDecision>;

/** Sends `count` requests spaced `gapMs` apart from the clock's current time; returns how many passed. */
async function burst(clock: Clock, take: Take, budget: RateBudget, count: number, gapMs: number) {
  let allowed = 0;
  for (let i = 0; i < count; i++) {
    if ((await take(budget)).allowed) allowed++;
    clock.now += gapMs;
  }
  return allowed;
}

/**
 * The exact behaviour of every window of both profiles on a fixed clock, run against each back-end.
 * Requests are paced just under the faster windows so that each slower window is the one that binds.
 */
function windowSpecs(name: string, open: (clock: Clock) => Promise<Take>) {
  describe(`${name}: every window of every profile, on a fixed clock`, () => {
    it('2026-01: 2 per second', async () => {
      const clock = { now: T0 };
      const take = await open(clock);
      expect((await take(JAN.rateLimit.default)).allowed).toBe(true);
      clock.now += 999;
      expect((await take(JAN.rateLimit.default)).allowed).toBe(true);
      expect(await take(JAN.rateLimit.default)).toEqual({
        allowed: false,
        retryAfterMs: 1,
        window: { requests: 2, perSeconds: 1 },
      });
      clock.now += 1;
      expect((await take(JAN.rateLimit.default)).allowed).toBe(true);
      expect((await take(JAN.rateLimit.default)).allowed).toBe(false);
    });

    it('2026-01: 50 per minute, then free again 60 s after the first', async () => {
      const clock = { now: T0 };
      const take = await open(clock);
      // 2 per second pace: 50 pass in 25 s, the 51st is refused by the minute window.
      expect(await burst(clock, take, JAN.rateLimit.default, 50, 500)).toBe(50);
      expect(await take(JAN.rateLimit.default)).toEqual({
        allowed: false,
        retryAfterMs: 60_000 - 25_000,
        window: { requests: 50, perSeconds: 60 },
      });
      clock.now = T0 + 59_999;
      expect((await take(JAN.rateLimit.default)).allowed).toBe(false);
      clock.now = T0 + 60_000;
      expect((await take(JAN.rateLimit.default)).allowed).toBe(true);
      expect((await take(JAN.rateLimit.default)).allowed).toBe(false); // the second entry left at 60.5 s
    });

    it('2026-01: 1000 per hour and 10000 per day', async () => {
      const clock = { now: T0 };
      const take = await open(clock);
      // 50 a minute (one every 1.2 s): 1000 pass in 20 minutes, then the hour window binds.
      expect(await burst(clock, take, JAN.rateLimit.default, 1000, 1200)).toBe(1000);
      const hour = await take(JAN.rateLimit.default);
      expect(hour).toEqual({
        allowed: false,
        retryAfterMs: 3_600_000 - 1_200_000,
        window: { requests: 1000, perSeconds: 3600 },
      });
      // 1000 an hour (one every 3.6 s) from the start of the day: 10000 pass in 10 hours.
      const day = { now: T0 };
      const takeDay = await open(day);
      expect(await burst(day, (b) => takeDay(b, 'day'), JAN.rateLimit.default, 10_000, 3600)).toBe(10_000);
      expect(await takeDay(JAN.rateLimit.default, 'day')).toEqual({
        allowed: false,
        retryAfterMs: 86_400_000 - 36_000_000,
        window: { requests: 10_000, perSeconds: 86_400 },
      });
      day.now = T0 + 86_400_000;
      expect((await takeDay(JAN.rateLimit.default, 'day')).allowed).toBe(true);
    });

    it('2026-08: 10 per second, 500 per minute and 30000 per hour; no day window', async () => {
      const clock = { now: T0 };
      const take = await open(clock);
      expect(await burst(clock, take, AUG.rateLimit.default, 11, 0)).toBe(10);
      expect(await take(AUG.rateLimit.default)).toMatchObject({ allowed: false, retryAfterMs: 1000 });
      clock.now = T0 + 1000;
      // 10 per second: the 500 of the minute are spent 50 s in (10 already in the first second).
      expect(await burst(clock, take, AUG.rateLimit.default, 490, 100)).toBe(490);
      expect(await take(AUG.rateLimit.default)).toEqual({
        allowed: false,
        retryAfterMs: 60_000 - 50_000,
        window: { requests: 500, perSeconds: 60 },
      });
      // 500 a minute, each minute's 500 sent at 10 per second: 30000 in the hour. (30000/h is exactly
      // 60 × 500/min, so the minute window reaches its wall at the same instant.)
      const h = { now: T0 };
      const takeH = await open(h);
      let passed = 0;
      for (let m = 0; m < 60; m++) {
        h.now = T0 + m * 60_000;
        passed += await burst(h, (b) => takeH(b, 'hour'), AUG.rateLimit.default, 500, 100);
      }
      expect(passed).toBe(30_000);
      h.now = T0 + 3_599_990;
      expect(await takeH(AUG.rateLimit.default, 'hour')).toMatchObject({ allowed: false, retryAfterMs: 10 });
      // Past the hour there is no day window: the key keeps going.
      h.now = T0 + 3_600_000;
      expect(await burst(h, (b) => takeH(b, 'hour'), AUG.rateLimit.default, 10, 100)).toBe(10);
    });

    it('2026-08: wallet routes have 2/s, 50/min and 1000/h of their own', async () => {
      const wallet = AUG.rateLimit.groups.wallet!;
      const clock = { now: T0 };
      const take = await open(clock);
      expect(await burst(clock, (b) => take(b, 'wallet'), wallet, 3, 0)).toBe(2);
      expect(await burst(clock, (b) => take(b, 'default'), AUG.rateLimit.default, 10, 0)).toBe(10);
      clock.now = T0 + 1000;
      expect(await burst(clock, (b) => take(b, 'wallet'), wallet, 48, 500)).toBe(48);
      expect(await take(wallet, 'wallet')).toMatchObject({
        allowed: false,
        window: { requests: 50, perSeconds: 60 },
      });
      const h = { now: T0 };
      const takeH = await open(h);
      expect(await burst(h, (b) => takeH(b, 'w'), wallet, 1000, 1200)).toBe(1000);
      expect(await takeH(wallet, 'w')).toMatchObject({
        allowed: false,
        window: { requests: 1000, perSeconds: 3600 },
      });
    });

    it('is atomic: a refused request counts in no window', async () => {
      const clock = { now: T0 };
      const take = await open(clock);
      // Each second: 2 pass, 20 more are refused by the second window. Were the refused ones counted
      // in the minute window, it would be full after 3 seconds; it fills only after 25.
      let allowed = 0;
      for (let s = 0; s < 25; s++) {
        clock.now = T0 + s * 1000;
        for (let i = 0; i < 22; i++) if ((await take(JAN.rateLimit.default)).allowed) allowed++;
      }
      expect(allowed).toBe(50);
      clock.now = T0 + 25_000;
      expect(await take(JAN.rateLimit.default)).toMatchObject({ allowed: false, retryAfterMs: 35_000 });
    });

    it('keeps keys apart', async () => {
      const clock = { now: T0 };
      const take = await open(clock);
      expect(await burst(clock, (b) => take(b, 'a'), TWO_PER_SECOND, 3, 0)).toBe(2);
      expect(await burst(clock, (b) => take(b, 'b'), TWO_PER_SECOND, 3, 0)).toBe(2);
    });
  });
}

windowSpecs('memory', async (clock) => {
  const limiter = createMemoryRateLimiter(() => clock.now);
  return (budget, key = 'k') => limiter.consume(key, budget);
});

describe('the memory limiter', () => {
  it('forgets every key on reset', async () => {
    const limiter = createMemoryRateLimiter(() => T0);
    await limiter.consume('k', TWO_PER_SECOND);
    await limiter.consume('k', TWO_PER_SECOND);
    expect((await limiter.consume('k', TWO_PER_SECOND)).allowed).toBe(false);
    await limiter.reset();
    expect((await limiter.consume('k', TWO_PER_SECOND)).allowed).toBe(true);
  });
});

const redisUrl = process.env.REDIS_URL;

describe.skipIf(!redisUrl)('the Redis limiter (REDIS_URL set)', () => {
  const opened: RateLimiter[] = [];
  const open = (prefix: string, now?: () => number) => {
    const limiter = createRedisRateLimiter({ url: redisUrl!, prefix, ...(now ? { now } : {}) });
    opened.push(limiter);
    return limiter;
  };
  afterAll(async () => {
    for (const l of opened) {
      await l.reset();
      await l.close();
    }
  });

  windowSpecs('redis', async (clock) => {
    const limiter = open(`mockex-test:${randomUUID()}:`, () => clock.now);
    return (budget, key = 'k') => limiter.consume(key, budget);
  });

  it('decides exactly as the memory limiter on the same requests', async () => {
    const clock = { now: T0 };
    const memory = createMemoryRateLimiter(() => clock.now);
    const redis = open(`mockex-test:${randomUUID()}:`, () => clock.now);
    // A seeded, irregular schedule over both profiles' budgets and two keys.
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    const budgets = [JAN.rateLimit.default, AUG.rateLimit.groups.wallet!, AUG.rateLimit.default];
    for (let i = 0; i < 600; i++) {
      clock.now += next() % 400;
      const key = `k${next() % 2}`;
      const budget = budgets[next() % budgets.length]!;
      const k = `${key}:${budgets.indexOf(budget)}`;
      expect(await redis.consume(k, budget)).toEqual(await memory.consume(k, budget));
    }
  });

  it('two limiter instances (two processes) sharing one key enforce every window exactly, under concurrency', async () => {
    const prefix = `mockex-test:${randomUUID()}:`;
    const a = open(prefix);
    const b = open(prefix);
    const decisions = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).consume('key_shared:default', JAN.rateLimit.default),
      ),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(2);
    for (const d of decisions) if (!d.allowed) expect(d.retryAfterMs).toBeGreaterThan(0);
    // Another key is a separate log.
    expect((await a.consume('key_other:default', JAN.rateLimit.default)).allowed).toBe(true);
  });

  it('frees a request on the Redis clock once the binding window moves on, and reset forgets every key', async () => {
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
        Array.from({ length: 5 }, () => limiter.consume('k', JAN.rateLimit.default)),
      );
      expect(decisions.filter((d) => d.allowed)).toHaveLength(2);
      expect(problems.length).toBeGreaterThan(0);
    } finally {
      await limiter.close();
    }
  });
});
