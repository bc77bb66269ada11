/**
 * Multi-window rate limits as a sliding log: a budget of windows ("2 per second, 50 per minute, …")
 * allows a request when, for every window, fewer than `requests` accepted requests fall in the last
 * `perSeconds` seconds. One decision covers every window: an accepted request is logged once (and so
 * counts in every window), a refused one is not logged at all (and so counts in none).
 *
 * A log rather than a token bucket because the venue states its limits as counts per window: with a
 * bucket per window, 50/minute would let 50 + 60 s × 50/60 s ≈ 83 requests through in the first
 * minute of a refill; a log never lets more than 50 through in any 60 s.
 *
 * The same rule runs in memory here and as a Lua script in Redis (`rate-limit.ts`); both take times in
 * whole milliseconds so they decide identically.
 */
import type { RateBudget, RateWindow } from '@mockex/domain';

export type RateDecision =
  | { allowed: true }
  | {
      allowed: false;
      /** Until the binding window (the one that frees a request last) lets this request through. */
      retryAfterMs: number;
      window: RateWindow;
    };

/** The longest window of a budget, in ms: log entries older than this count in no window. */
export function horizonMs(budget: RateBudget): number {
  return Math.max(...budget.map((w) => w.perSeconds * 1000));
}

/** Index of the first entry of the sorted `log` (from `start`) that is greater than `t`. */
function firstAfter(log: readonly number[], start: number, t: number): number {
  let lo = start;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (log[mid]! > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Decides one request at `now` (ms) against a log of accepted requests (ascending, entries before
 * `start` already expired). Does not change the log.
 */
export function decide(log: readonly number[], start: number, now: number, budget: RateBudget): RateDecision {
  let refusal: RateDecision = { allowed: true };
  for (const window of budget) {
    const period = window.perSeconds * 1000;
    const from = firstAfter(log, start, now - period);
    const count = log.length - from;
    if (count < window.requests) continue;
    // The request fits once enough of the window's entries have aged out: the (count - requests + 1)th.
    const wait = log[from + count - window.requests]! + period - now;
    if (refusal.allowed || wait > refusal.retryAfterMs)
      refusal = { allowed: false, retryAfterMs: wait, window };
  }
  return refusal;
}

/** One key's log in memory: accepted request times (ms), oldest first, trimmed lazily. */
export class SlidingLog {
  private entries: number[] = [];
  private start = 0;

  /** Decides, and logs the request when it is allowed. */
  take(now: number, budget: RateBudget): RateDecision {
    this.expire(now - horizonMs(budget));
    const decision = decide(this.entries, this.start, now, budget);
    if (decision.allowed) this.entries.push(now);
    return decision;
  }

  /** True when no entry is newer than `before` (the log can be dropped). */
  idleSince(before: number): boolean {
    return this.entries.length === this.start || this.entries[this.entries.length - 1]! <= before;
  }

  private expire(before: number): void {
    this.start = firstAfter(this.entries, this.start, before);
    // Compact once the expired head outweighs the live tail (amortised O(1) per request).
    if (this.start > 64 && this.start * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.start);
      this.start = 0;
    }
  }
}
