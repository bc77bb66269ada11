import { createLiveCopy, type MockexDatabase } from '@mockex/db';
import type { PriceOverride } from '../engine/prices.ts';

/**
 * The sandbox's price overrides, kept in process. Every engine call needs them, and they change only
 * when the sandbox sets a price or resets, so reading them from the database on each request would
 * double the round trips of a read. A live copy (@mockex/db): a local change updates it at once, other
 * processes hear of it through NOTIFY and reload on their next request. A copy older than `maxAgeMs` is
 * reloaded anyway, should a notification be lost.
 */
export interface PriceOverrideCache {
  get(): Promise<PriceOverride[]>;
  /** After `override` was stored: the local copy takes it, the other processes reload. */
  stored(override: PriceOverride): Promise<void>;
  /** After every override was deleted (sandbox reset). */
  cleared(): Promise<void>;
  close(): Promise<void>;
}

export const PRICE_CHANNEL = 'mockex_prices';
/** Default age after which a copy is reloaded even without a notification. */
export const PRICE_CACHE_MAX_AGE_MS = 1_000;

type Overrides = ReadonlyMap<string, PriceOverride>;

export function createPriceOverrideCache(options: {
  database: Pick<MockexDatabase, 'listen' | 'notify' | 'onReconnect'>;
  load: () => Promise<PriceOverride[]>;
  maxAgeMs?: number | undefined;
}): PriceOverrideCache {
  const copy = createLiveCopy<Overrides>({
    database: options.database,
    channel: PRICE_CHANNEL,
    load: async () => new Map((await options.load()).map((o) => [o.symbol, o])),
    maxAgeMs: options.maxAgeMs ?? PRICE_CACHE_MAX_AGE_MS,
  });
  return {
    get: async () => [...(await copy.get()).values()].map((o) => ({ ...o })),
    stored: (override) => copy.update((map) => new Map(map).set(override.symbol, { ...override })),
    cleared: () => copy.set(new Map()),
    close: () => copy.close(),
  };
}
