import pg from 'pg';

export type NotificationHandler = (payload: string) => void;

/**
 * LISTEN needs a connection of its own that stays open. This one reconnects with backoff when the
 * server goes away and re-subscribes every channel, so invalidations resume without a restart. What
 * was notified while it was away is lost: `onReconnect` handlers run once it listens again, so
 * process-local copies can reload (see live-copy.ts).
 */
export function createPgListener(url: string, onError: (error: Error) => void) {
  const handlers = new Map<string, Set<NotificationHandler>>();
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let connectedBefore = false;
  const reconnectHandlers = new Set<() => void>();

  const quote = (channel: string) => `"${channel}"`;

  async function connect(): Promise<pg.Client> {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
    c.on('error', (error) => {
      onError(error);
      drop(c);
    });
    c.on('end', () => drop(c));
    c.on('notification', (msg) => {
      for (const handler of handlers.get(msg.channel) ?? []) handler(msg.payload ?? '');
    });
    await c.connect();
    for (const channel of handlers.keys()) await c.query(`LISTEN ${quote(channel)}`);
    return c;
  }

  function drop(c: pg.Client): void {
    if (client !== c) return;
    client = null;
    c.end().catch(() => {});
    scheduleReconnect(500);
  }

  function scheduleReconnect(delayMs: number): void {
    if (closed || retryTimer || handlers.size === 0) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      ensure().catch(() => scheduleReconnect(Math.min(delayMs * 2, 5_000)));
    }, delayMs);
    retryTimer.unref();
  }

  function ensure(): Promise<pg.Client> {
    if (client) return Promise.resolve(client);
    connecting ??= connect()
      .then((c) => {
        if (closed) {
          void c.end();
          throw new Error('listener closed');
        }
        client = c;
        if (connectedBefore) for (const handler of reconnectHandlers) handler();
        connectedBefore = true;
        return c;
      })
      .finally(() => {
        connecting = null;
      });
    return connecting;
  }

  return {
    async listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>> {
      let set = handlers.get(channel);
      const first = !set;
      if (!set) handlers.set(channel, (set = new Set()));
      set.add(handler);
      try {
        const c = await ensure();
        if (first && client === c) await c.query(`LISTEN ${quote(channel)}`).catch(() => {});
      } catch (error) {
        // Not fatal: the reconnect loop subscribes once the server answers.
        onError(error instanceof Error ? error : new Error(String(error)));
        scheduleReconnect(500);
      }
      return async () => {
        set.delete(handler);
        if (set.size === 0) {
          handlers.delete(channel);
          await client?.query(`UNLISTEN ${quote(channel)}`).catch(() => {});
        }
      };
    },
    /** Runs `handler` each time the listener is back after losing its connection; returns an unsubscribe. */
    onReconnect(handler: () => void): () => void {
      reconnectHandlers.add(handler);
      return () => reconnectHandlers.delete(handler);
    },
    async close(): Promise<void> {
      closed = true;
      reconnectHandlers.clear();
      if (retryTimer) clearTimeout(retryTimer);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
