/**
 * Staying under the limit instead of bumping into it: a pacer that spaces one process's requests at
 * least `1 / requestsPerSecond` apart, in the order they were asked for. Pair it with Retry-After
 * handling (exchange-fetch.ts), which covers what a pacer cannot see: other processes on the same key.
 */
export function createPacer(requestsPerSecond: number) {
  const gapMs = 1000 / requestsPerSecond;
  let nextSlot = 0;
  return async function paced<T>(task: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const slot = Math.max(now, nextSlot);
    nextSlot = slot + gapMs;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
    return task();
  };
}
