/** Time is injected everywhere so the sandbox can move it and tests can fix it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that reads the system time plus an offset the sandbox can advance. */
export function offsetClock(getOffsetSeconds: () => number, base: Clock = systemClock): Clock {
  return { now: () => new Date(base.now().getTime() + getOffsetSeconds() * 1000) };
}

/** A clock that only moves when told to (tests). */
export function manualClock(start: Date | string = '2026-01-01T00:00:00Z') {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance(seconds: number) {
      t += seconds * 1000;
    },
    set(at: Date | string) {
      t = new Date(at).getTime();
    },
  };
}
