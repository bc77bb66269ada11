/**
 * The console's respect for a key's rate limit. Polling takes a share of the tightest window of the
 * venue profile, and a 429 pauses every request of that key until its Retry-After has passed, shown
 * as a countdown instead of an error.
 */
export interface RateWindow {
  requests: number;
  perSeconds: number;
}

/**
 * Milliseconds between polling rounds so that `perRound` requests every round use at most `share` of
 * every window of a minute or less, leaving the rest for what the person does (orders, closes). Never below `floorMs`.
 */
export function pollingIntervalMs(
  windows: readonly RateWindow[],
  perRound: number,
  share = 0.5,
  floorMs = 2_000,
): number {
  if (perRound <= 0) return floorMs;
  let ms = floorMs;
  // Paced by the windows of a minute or less: pacing by an hour or a day would refresh every minute or
  // two. A console left polling for hours meets those windows as a 429 countdown, never an error page.
  for (const w of windows.filter((w) => w.perSeconds <= 60)) {
    const allowedPerSecond = (w.requests * share) / w.perSeconds;
    ms = Math.max(ms, Math.ceil((perRound / allowedPerSecond) * 1000));
  }
  return ms;
}

/** Remembers until when a key is rate-limited; `secondsLeft` drives the countdown. */
export class RateGate {
  private until = 0;

  /** A 429 arrived: hold every request for `retryAfterSeconds` (1 when the server gave none). */
  limited(retryAfterSeconds: number | null, now: number): void {
    const seconds = retryAfterSeconds && retryAfterSeconds > 0 ? retryAfterSeconds : 1;
    this.until = Math.max(this.until, now + seconds * 1000);
  }

  isOpen(now: number): boolean {
    return now >= this.until;
  }

  /** Whole seconds left, rounded up, 0 when requests may go again. */
  secondsLeft(now: number): number {
    return Math.max(0, Math.ceil((this.until - now) / 1000));
  }

  reset(): void {
    this.until = 0;
  }
}

/**
 * Spaces a key's requests so that no window of the venue is ever exceeded: every interval of a
 * window's length holds at most its number of requests (stricter than the fixed windows a server may
 * count in, so it is safe against either). Requests keep their order; `margin` absorbs network jitter.
 */
export class RequestSpacer {
  private sent: number[] = [];

  constructor(
    private readonly windows: readonly RateWindow[],
    private readonly marginMs = 250,
  ) {}

  /** Reserves the next slot and returns how long to wait before sending (0: send now). */
  reserve(now: number): number {
    let at = Math.max(now, this.sent[this.sent.length - 1] ?? now);
    for (const w of this.windows) {
      const nth = this.sent[this.sent.length - w.requests];
      if (nth !== undefined) at = Math.max(at, nth + w.perSeconds * 1000 + this.marginMs);
    }
    this.sent.push(at);
    const longest = Math.max(0, ...this.windows.map((w) => w.perSeconds * 1000 + this.marginMs));
    const max = Math.max(0, ...this.windows.map((w) => w.requests));
    // Only the newest `max` sends within the longest window can ever matter again.
    while (this.sent.length > max && this.sent[0]! < at - longest) this.sent.shift();
    return at - now;
  }
}
