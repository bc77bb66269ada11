import { describe, expect, it } from 'vitest';
import { pollingIntervalMs, RateGate, RequestSpacer } from './rate-gate.ts';

const MUDREX = [{ requests: 2, perSeconds: 1 }];
const MUDREX_2026_08 = [
  { requests: 10, perSeconds: 1 },
  { requests: 500, perSeconds: 60 },
  { requests: 30_000, perSeconds: 3_600 },
];

describe('polling budget', () => {
  it('gives polling half of the tightest window', () => {
    // 2/s, half for polling: one request a second, so 6 requests a round make a round every 6 s.
    expect(pollingIntervalMs(MUDREX, 6)).toBe(6_000);
    // 500/min is the binding window of the revised profile: 250/min for polling, 6 per round.
    expect(pollingIntervalMs(MUDREX_2026_08, 6)).toBe(2_000);
    expect(pollingIntervalMs(MUDREX_2026_08, 30)).toBe(7_200);
  });

  it('never polls faster than the floor, and a share changes the pace', () => {
    expect(pollingIntervalMs([{ requests: 1000, perSeconds: 1 }], 1)).toBe(2_000);
    expect(pollingIntervalMs(MUDREX, 6, 0.25)).toBe(12_000);
    expect(pollingIntervalMs(MUDREX, 0)).toBe(2_000);
  });
});

describe('429 countdown', () => {
  it('holds requests for the Retry-After and counts down in whole seconds', () => {
    const gate = new RateGate();
    expect(gate.isOpen(0)).toBe(true);
    gate.limited(3, 10_000);
    expect(gate.isOpen(10_000)).toBe(false);
    expect(gate.secondsLeft(10_000)).toBe(3);
    expect(gate.secondsLeft(10_001)).toBe(3);
    expect(gate.secondsLeft(11_000)).toBe(2);
    expect(gate.secondsLeft(12_999)).toBe(1);
    expect(gate.secondsLeft(13_000)).toBe(0);
    expect(gate.isOpen(13_000)).toBe(true);
  });

  it('waits one second when the server names no time, and never shortens a longer wait', () => {
    const gate = new RateGate();
    gate.limited(null, 0);
    expect(gate.secondsLeft(0)).toBe(1);
    gate.limited(10, 0);
    gate.limited(2, 1_000);
    expect(gate.secondsLeft(1_000)).toBe(9);
    gate.reset();
    expect(gate.isOpen(1_000)).toBe(true);
  });
});

describe('request spacing', () => {
  it('lets a window fill, then waits for its oldest request to leave it', () => {
    const spacer = new RequestSpacer(MUDREX, 100);
    expect(spacer.reserve(0)).toBe(0);
    expect(spacer.reserve(0)).toBe(0);
    expect(spacer.reserve(0)).toBe(1_100);
    expect(spacer.reserve(0)).toBe(1_100);
    expect(spacer.reserve(0)).toBe(2_200);
    // Later, the budget is free again.
    expect(spacer.reserve(10_000)).toBe(0);
  });

  it('never puts more than a window allows into any interval of its length', () => {
    const windows = [
      { requests: 3, perSeconds: 1 },
      { requests: 5, perSeconds: 10 },
    ];
    const spacer = new RequestSpacer(windows, 0);
    const sent: number[] = [];
    let now = 0;
    for (let i = 0; i < 40; i++) {
      now += (i * 37) % 400;
      sent.push(now + spacer.reserve(now));
    }
    for (const w of windows) {
      for (const start of sent) {
        const inside = sent.filter((t) => t >= start && t < start + w.perSeconds * 1000).length;
        expect(inside).toBeLessThanOrEqual(w.requests);
      }
    }
    // Requests keep their order.
    expect([...sent].sort((a, b) => a - b)).toEqual(sent);
  });
});
