/**
 * Each profile's per-second and per-minute windows, observed over real HTTP. The minute walls are
 * reached in a bounded number of fast calls by relaxing only the per-second window (a test profile),
 * never by sleeping. The limiter's clock stands still, so every Retry-After is exact however long the
 * calls take.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { venueProfile, type RateBudget, type VenueProfile } from '@mockex/domain';
import { createMemoryRateLimiter } from '../src/limits/rate-limit.ts';
import { startGateway, type GatewayHarness } from './support/gateway-server.ts';

let gw: GatewayHarness | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

const start = (profile: VenueProfile) =>
  startGateway({ profile, limiter: createMemoryRateLimiter(() => 1_800_000_000_000) });

const FUNDS = '/fapi/v1/futures/funds'; // a wallet route
const ORDERS = '/fapi/v1/futures/orders'; // any other route

/** The profile with every per-second window lifted, so the minute windows can be reached at once. */
function withoutSecondWindow(profile: VenueProfile): VenueProfile {
  const relax = (budget: RateBudget) => budget.filter((w) => w.perSeconds !== 1);
  return {
    ...profile,
    rateLimit: {
      ...profile.rateLimit,
      default: relax(profile.rateLimit.default),
      groups: Object.fromEntries(Object.entries(profile.rateLimit.groups).map(([g, b]) => [g, relax(b)])),
    },
  };
}

type Reply = Awaited<ReturnType<GatewayHarness['call']>>;

/** Calls `path` `count` times, one after the other; returns the statuses and the first refusal. */
async function calls(path: string, count: number) {
  const statuses: number[] = [];
  let refusal: Reply | undefined;
  for (let i = 0; i < count; i++) {
    const res = await gw!.call(path);
    statuses.push(res.status);
    if (res.status === 429) refusal ??= res;
  }
  return {
    ok: statuses.filter((s) => s === 200).length,
    limited: statuses.length - statuses.filter((s) => s === 200).length,
    refusal,
  };
}

function expectRefusal(refusal: Reply | undefined, seconds: number[]) {
  const after = Number(refusal?.headers.get('retry-after'));
  expect(seconds).toContain(after);
  expect(refusal?.body.errors).toEqual([
    { code: 429, text: `Too many requests. Try again in ${after} seconds.`, reason: 'RATE_LIMITED' },
  ]);
}

describe('mudrex@2026-01 over HTTP', () => {
  it('2 per second per key, every route in one budget', async () => {
    gw = await start(venueProfile('mudrex'));
    expect((await gw.call(FUNDS)).status).toBe(200);
    expect((await gw.call(ORDERS)).status).toBe(200);
    const third = await gw.call(FUNDS);
    expect(third.status).toBe(429);
    expectRefusal(third, [1]);
  });

  it('50 per minute: the 51st fast call is refused for 60 seconds', async () => {
    gw = await start(withoutSecondWindow(venueProfile('mudrex')));
    const first = await calls(FUNDS, 25);
    const rest = await calls(ORDERS, 26);
    expect(first.ok + rest.ok).toBe(50);
    expect(rest.limited).toBe(1);
    expectRefusal(rest.refusal, [60]);
  });
});

describe('mudrex@2026-08 over HTTP', () => {
  it('10 per second on most routes; wallet routes 2 per second in their own budget', async () => {
    gw = await start(venueProfile('mudrex@2026-08'));
    const wallet = await calls(FUNDS, 3);
    expect(wallet).toMatchObject({ ok: 2, limited: 1 });
    expectRefusal(wallet.refusal, [1]);
    const other = await calls(ORDERS, 11);
    expect(other).toMatchObject({ ok: 10, limited: 1 });
    expectRefusal(other.refusal, [1]);
  });

  it('500 per minute on most routes and 50 per minute on wallet routes', async () => {
    gw = await start(withoutSecondWindow(venueProfile('mudrex@2026-08')));
    const wallet = await calls(FUNDS, 51);
    expect(wallet).toMatchObject({ ok: 50, limited: 1 });
    expectRefusal(wallet.refusal, [60]);
    const other = await calls(ORDERS, 501);
    expect(other).toMatchObject({ ok: 500, limited: 1 });
    expectRefusal(other.refusal, [60]);
  });
});
