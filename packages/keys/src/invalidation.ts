import { notifyChannel, type MockexDatabase } from '@mockex/db';
import type { KeyServiceLogger } from './types.ts';
import type { VerifyCache } from './verify-cache.ts';

/** The NOTIFY channel on which key-service processes tell each other what to forget. */
export const KEYS_CHANNEL = 'mockex_keys';

interface Message {
  all?: boolean;
  u?: string | null;
  h?: string[];
}

export interface Invalidation {
  /** Forgets a user's cached keys and these secret hashes here and in every other process. */
  invalidate(userId: string, hashes: string[]): Promise<void>;
  /** Forgets everything everywhere (sandbox reset). */
  clearAll(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Keeps the verification cache of every process on the database in step: a change here invalidates
 * this process's cache at once and the others through NOTIFY (`notifyChannel`: a process skips its own
 * messages).
 */
export async function listenForInvalidations(
  database: MockexDatabase,
  cache: VerifyCache,
  logger: KeyServiceLogger | undefined,
): Promise<Invalidation> {
  // A failed NOTIFY: the change is committed; other processes fall back to their cache TTL.
  const channel = notifyChannel(database, KEYS_CHANNEL, (error) =>
    logger?.warn({ err: error }, 'could not notify other processes of a key change'),
  );
  const unlisten = await channel.listen((payload) => {
    try {
      const message = JSON.parse(payload) as Message;
      if (message.all) cache.clear();
      else cache.invalidate(message.u ?? null, message.h ?? []);
    } catch {
      cache.clear(); // an unreadable message: forgetting everything is always safe
    }
  });

  // Invalidations sent while this process could not hear them are lost: forget every cached key.
  const stopReconnect = database.onReconnect(() => cache.clear());

  const broadcast = (message: Message) => channel.announce(JSON.stringify(message));

  return {
    async invalidate(userId, hashes) {
      cache.invalidate(userId, hashes);
      await broadcast({ u: userId, h: hashes });
    },
    async clearAll() {
      cache.clear();
      await broadcast({ all: true });
    },
    async close() {
      stopReconnect();
      await unlisten();
    },
  };
}
