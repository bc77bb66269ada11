import { randomUUID } from 'node:crypto';
import type { MockexDatabase } from './create-database.ts';

/**
 * A process-local copy of something stored in the database, for the hot path: read from memory,
 * loaded from the database when missing, and kept in step across processes with NOTIFY. A process
 * that changes the stored value updates its own copy and announces the change on the copy's channel;
 * every other process on the database drops (or, `eager`, reloads) its copy when it hears it.
 *
 * Loads overlap with local changes and with each other, so the newest wins: a load's result is kept
 * only if no change and no later load was kept since it started, and a stale read never overwrites a
 * newer write. After the listening connection was lost and came back (notifications missed meanwhile)
 * the database's `onReconnect` resyncs every copy; `maxAgeMs` bounds staleness as a last resort.
 *
 * Users: the price overrides and the sandbox state in @mockex/exchange. A keyed cache (one entry per
 * key, as the key verifier's) uses `channel` on its own: `announce` what changed and act on `listen`.
 */
export interface LiveCopy<T> {
  /** The copy as this process holds it (undefined before the first load): for synchronous hot paths. */
  current(): T | undefined;
  /** The copy, loaded first when there is none or it is older than `maxAgeMs`. */
  get(): Promise<T>;
  /** Reads now (a new read, never one already in flight); kept unless something newer was kept meanwhile. */
  reload(): Promise<T>;
  /** After a local write whose result is known: keep `value` and tell the other processes. */
  set(value: T): Promise<void>;
  /** After a local write: apply it to the copy held (if any) and tell the other processes. */
  update(change: (value: T) => T): Promise<void>;
  /** After a local write whose result the copy cannot compute: reload, then tell the others. */
  refresh(): Promise<T>;
  /** What a missed notification calls for: drop the copy (reload it when `eager`). */
  resync(): void;
  /** Stops listening; the copy is dropped. */
  close(): Promise<void>;
}

export interface LiveCopyOptions<T> {
  database: Pick<MockexDatabase, 'listen' | 'notify' | 'onReconnect'>;
  /** The NOTIFY channel of this copy (lower case, digits and `_`). */
  channel: string;
  /** Reads the value from the database. */
  load: () => Promise<T>;
  /** Reload on every notification instead of on the next `get`: for copies read with `current()`. */
  eager?: boolean | undefined;
  /** A copy older than this is reloaded by `get` even without a notification (default: never). */
  maxAgeMs?: number | undefined;
  /** Background failures (a lost notification, an eager reload that failed); they never throw. */
  onError?: ((error: unknown) => void) | undefined;
}

/** A NOTIFY channel whose announcements carry the sender's id, so a process skips its own. */
export interface NotifyChannel {
  /** Tells the other processes; never throws (the change is stored, the others catch up later). */
  announce(message?: string): Promise<void>;
  /** Subscribes to the other processes' announcements; resolves to an unsubscribe. */
  listen(handler: (message: string) => void): Promise<() => Promise<void>>;
}

export function notifyChannel(
  database: Pick<MockexDatabase, 'listen' | 'notify'>,
  channel: string,
  onError: (error: unknown) => void = () => {},
): NotifyChannel {
  const self = randomUUID();
  return {
    async announce(message = '') {
      await database.notify(channel, `${self}:${message}`).catch(onError);
    },
    listen: (handler) =>
      database.listen(channel, (payload) => {
        const at = payload.indexOf(':');
        if (payload.slice(0, at) !== self) handler(at < 0 ? payload : payload.slice(at + 1));
      }),
  };
}

export function createLiveCopy<T>(options: LiveCopyOptions<T>): LiveCopy<T> {
  const { database, load, eager = false } = options;
  const maxAgeMs = options.maxAgeMs ?? Infinity;
  const onError = options.onError ?? (() => {});
  const channel = notifyChannel(database, options.channel, onError);
  let value: T | undefined;
  let held = false;
  let loadedAt = 0;
  // Every load and every change takes the next version; a result is kept only above `kept`.
  let started = 0;
  let kept = 0;
  let loading: { version: number; promise: Promise<T> } | null = null;
  let subscribed: Promise<void> | null = null;
  let unlisten: (() => Promise<void>) | null = null;
  let stopReconnect: (() => void) | null = null;
  let closed = false;

  const keep = (version: number, next: T) => {
    kept = version;
    value = next;
    held = true;
    loadedAt = performance.now();
  };

  function resync(): void {
    if (eager) return void reload().catch(onError);
    kept = ++started; // a load that started before the change is not kept
    held = false;
    value = undefined;
  }

  // Subscribed before the first load, so no change between the load and the subscription goes unheard.
  function subscribe(): Promise<void> {
    if (closed) return Promise.resolve();
    subscribed ??= channel.listen(resync).then(
      (stop) => {
        if (closed) return stop();
        unlisten = stop;
        stopReconnect = database.onReconnect(resync);
      },
      (error: unknown) => {
        onError(error);
        subscribed = null; // tried again on the next load; until then maxAgeMs bounds staleness
      },
    );
    return subscribed;
  }

  /** `share`: a load in flight that nothing happened after may answer (a caller after a write may not). */
  function reload(share = false): Promise<T> {
    if (share && loading && loading.version === started) return loading.promise;
    const version = ++started;
    const promise = load()
      .then((next) => {
        if (version > kept && !closed) keep(version, next);
        return next;
      })
      .finally(() => {
        if (loading?.promise === promise) loading = null;
      });
    loading = { version, promise };
    return promise;
  }

  return {
    current: () => value,
    async get() {
      if (held && performance.now() - loadedAt < maxAgeMs) return value as T;
      await subscribe();
      return reload(true);
    },
    reload: async () => {
      await subscribe();
      return reload();
    },
    async set(next) {
      await subscribe();
      keep(++started, next);
      await channel.announce();
    },
    async update(change) {
      kept = ++started;
      if (held) value = change(value as T);
      await channel.announce();
    },
    async refresh() {
      await subscribe();
      const next = await reload();
      await channel.announce();
      return next;
    },
    resync,
    async close() {
      closed = true;
      held = false;
      value = undefined;
      stopReconnect?.();
      const stop = unlisten;
      unlisten = null;
      await stop?.();
    },
  };
}
