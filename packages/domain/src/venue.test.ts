import { describe, expect, it } from 'vitest';
import { DEFAULT_VENUE, rateBudgetFor, VENUE_NAMES, VENUE_PROFILES, venueProfile } from './venue.ts';

const perWindow = (budget: readonly { requests: number; perSeconds: number }[]) =>
  Object.fromEntries(budget.map((w) => [w.perSeconds, w.requests]));

describe('venue profiles', () => {
  it('resolves mudrex to the January 2026 rules', () => {
    expect(DEFAULT_VENUE).toBe('mudrex');
    expect(venueProfile()).toBe(venueProfile('mudrex@2026-01'));
    expect(venueProfile('mudrex').name).toBe('mudrex@2026-01');
  });

  it('limits a key to 2/s, 50/min, 1000/h and 10000/day on every route under 2026-01', () => {
    const profile = venueProfile('mudrex');
    expect(perWindow(profile.rateLimit.default)).toEqual({ 1: 2, 60: 50, 3600: 1000, 86400: 10000 });
    expect(profile.rateLimit.groups).toEqual({});
    expect(rateBudgetFor(profile, 'wallet')).toEqual({ name: 'default', windows: profile.rateLimit.default });
    expect(perWindow(profile.rateLimit.public)).toEqual({ 60: 300 });
  });

  it('gives wallet routes their own budget under 2026-08', () => {
    const profile = venueProfile('mudrex@2026-08');
    expect(perWindow(profile.rateLimit.default)).toEqual({ 1: 10, 60: 500, 3600: 30000 });
    expect(perWindow(rateBudgetFor(profile, 'wallet').windows)).toEqual({ 1: 2, 60: 50, 3600: 1000 });
    expect(rateBudgetFor(profile, 'wallet').name).toBe('wallet');
    expect(rateBudgetFor(profile, 'orders').name).toBe('default');
    expect(rateBudgetFor(profile, undefined).name).toBe('default');
    // Only the rate limits (and the name) differ from the January rules.
    const january = venueProfile('mudrex@2026-01');
    expect(profile).toEqual({
      ...january,
      name: 'mudrex@2026-08',
      description: profile.description,
      rateLimit: profile.rateLimit,
    });
  });

  it('makes multikey the default rules with 5 keys', () => {
    const profile = venueProfile('multikey');
    expect(profile.keys.maxActiveKeysPerUser).toBe(5);
    expect(venueProfile('mudrex').keys.maxActiveKeysPerUser).toBe(1);
    expect(profile.rateLimit).toEqual(venueProfile('mudrex').rateLimit);
  });

  it('names every known profile when asked for an unknown one', () => {
    expect(VENUE_NAMES).toEqual(['mudrex', 'mudrex@2026-01', 'mudrex@2026-08', 'multikey']);
    expect(() => venueProfile('mudrex@2025-01')).toThrow(
      'unknown venue profile "mudrex@2025-01" (known: mudrex, mudrex@2026-01, mudrex@2026-08, multikey)',
    );
  });

  it('keeps every window well formed', () => {
    for (const profile of Object.values(VENUE_PROFILES)) {
      const budgets = [
        profile.rateLimit.default,
        profile.rateLimit.public,
        ...Object.values(profile.rateLimit.groups),
      ];
      for (const budget of budgets) {
        expect(budget.length).toBeGreaterThan(0);
        for (const w of budget) {
          expect(Number.isInteger(w.requests) && w.requests > 0).toBe(true);
          expect(Number.isInteger(w.perSeconds) && w.perSeconds > 0).toBe(true);
        }
      }
    }
  });
});
