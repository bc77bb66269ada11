import { randomUUID } from 'node:crypto';
import type { MockexDatabase } from '@mockex/db';
import type { PriceOverride } from '../engine/prices.ts';

/**
 * The sandbox's price overrides, kept in process. Every engine call needs them, and they change only
 * when the sandbox sets a price or resets, so reading them from the database on each request would
 * double the round trips of a read. A local change updates the copy at once; other processes on the
 * database hear of it through NOTIFY and reload on their next request. A copy older than `maxAgeMs`
 * is reloaded anyway: the safety net that bounds staleness should a notification be lost while the
 * listening connection reconnects.
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

export function createPriceOverrideCache(options: {
  database: Pick<MockexDatabase, 'kind' | 'db' | 'listen' | 'notify'>;
  load: () => Promise<PriceOverride[]>;
  maxAgeMs?: number | undefined;
}): PriceOverrideCache {
  const { database, load } = options;
  const maxAgeMs = options.maxAgeMs ?? PRICE_CACHE_MAX_AGE_MS;
  // Notifications carry the sender's id, so a process skips its own (its copy is already current).
  const self = randomUUID();
  let copy: Map<string, PriceOverride> | null = null;
  let loadedAt = 0;
  // Moves on every change; a load that started before a change does not overwrite the newer copy.
  let generation = 0;
  let loading: { generation: number; promise: Promise<Map<string, PriceOverride>> } | null = null;
  let subscribed: Promise<void> | null = null;
  let unlisten: (() => Promise<void>) | null = null;
  let closed = false;

  const now = () => performance.now();
  const list = (map: Map<string, PriceOverride>) => [...map.values()].map((o) => ({ ...o }));

  // Subscribed on first use (the store is built synchronously) and before the first load, so no
  // change between the load and the subscription can go unheard.
  function subscribe(): Promise<void> {
    subscribed ??= database
      .listen(PRICE_CHANNEL, (sender) => {
        if (sender === self) return;
        generation++;
        copy = null;
      })
      .then(
        (stop) => {
          if (closed) return stop();
          unlisten = stop;
        },
        () => {
          subscribed = null; // tried again on the next reload; until then maxAgeMs bounds staleness
        },
      );
    return subscribed;
  }

  function reload(): Promise<Map<string, PriceOverride>> {
    if (loading && loading.generation === generation) return loading.promise;
    const started = generation;
    const promise = load()
      .then((rows) => {
        const map = new Map(rows.map((o) => [o.symbol, o]));
        if (started === generation && !closed) {
          copy = map;
          loadedAt = now();
        }
        return map;
      })
      .finally(() => {
        if (loading?.promise === promise) loading = null;
      });
    loading = { generation: started, promise };
    return promise;
  }

  async function announce(): Promise<void> {
    // The change is stored; if the notice is lost, the others still reload within maxAgeMs.
    await database.notify(PRICE_CHANNEL, self).catch(() => {});
  }

  return {
    async get() {
      if (copy && now() - loadedAt < maxAgeMs) return list(copy);
      if (!closed) await subscribe();
      return list(await reload());
    },
    async stored(override) {
      generation++;
      if (copy) copy = new Map(copy).set(override.symbol, { ...override });
      await announce();
    },
    async cleared() {
      if (!closed) await subscribe();
      generation++;
      copy = new Map();
      loadedAt = now();
      await announce();
    },
    async close() {
      closed = true;
      copy = null;
      const stop = unlisten;
      unlisten = null;
      await stop?.();
    },
  };
}
