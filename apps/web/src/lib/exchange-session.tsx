import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { createExchangeClient, ExchangeApiError, type ExchangeClient } from '@mockex/client';
import { venueProfile, type VenueName } from '@mockex/domain';
import { pollingIntervalMs, RateGate, RequestSpacer, type RateWindow } from './rate-gate.ts';

/**
 * The key the console trades with. Its secret lives in React state for this tab only: never
 * localStorage, sessionStorage, a URL or a log; reloading the page forgets it.
 */
interface ExchangeSession {
  client: ExchangeClient | null;
  /** Changes whenever another secret is chosen: part of every exchange query's key (never the secret). */
  generation: number;
  /** Whether the chosen secret begins with a key's displayed prefix. */
  matches(keyPrefix: string): boolean;
  venue: VenueName;
  use(secret: string, venue: VenueName): void;
  forget(): void;
  /** Runs an exchange call; a 429 closes the gate for its Retry-After. */
  run<T>(call: (client: ExchangeClient) => Promise<T>): Promise<T>;
  /** Seconds until a rate-limited key may call again (0: it may). */
  waitSeconds: number;
  /** Interval of the polling rounds, from the venue's rate-limit windows. */
  pollMs(perRound: number): number;
}

const Context = createContext<ExchangeSession | null>(null);

/** How long a request waits for the one before it to finish (a timeout fault may hold that one). */
const QUEUE_WAIT_MS = 5_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The windows the venue profile enforces per key. The console spaces every call by all of them, its
 * route group's budget or not: simpler, and never over any window.
 */
function rateWindows(venue: VenueName): RateWindow[] {
  const limits = venueProfile(venue).rateLimit;
  return [...limits.default, ...Object.values(limits.groups).flat()];
}

export function ExchangeSessionProvider({ children }: { children: ReactNode }) {
  const [secret, setSecret] = useState<string | null>(null);
  const [venue, setVenue] = useState<VenueName>('mudrex');
  const [generation, setGeneration] = useState(0);
  const gate = useRef(new RateGate());
  const spacer = useMemo(() => new RequestSpacer(rateWindows(venue)), [venue]);
  const [waitSeconds, setWaitSeconds] = useState(0);

  // Ticks only while a countdown runs.
  const counting = waitSeconds > 0;
  useEffect(() => {
    if (!counting) return;
    const timer = setInterval(() => setWaitSeconds(gate.current.secondsLeft(Date.now())), 250);
    return () => clearInterval(timer);
  }, [counting]);

  const client = useMemo(
    () => (secret ? createExchangeClient({ baseUrl: window.location.origin, secret }) : null),
    [secret],
  );

  // One request of the key in flight at a time (waiting at most QUEUE_WAIT_MS for the one before), each
  // sent in the next free slot of the budget: requests the browser held back can then never arrive
  // bunched together and overrun the per-second window.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const run = useCallback(
    async <T,>(call: (c: ExchangeClient) => Promise<T>): Promise<T> => {
      if (!client) throw new Error('no key chosen');
      const previous = queue.current;
      const turn = (async () => {
        await Promise.race([previous, sleep(QUEUE_WAIT_MS)]);
        // After a 429, wait out its Retry-After; otherwise take the next free slot of the key's budget.
        const now = Date.now();
        const held = gate.current.secondsLeft(now) * 1000;
        const wait = held + spacer.reserve(now + held);
        if (wait > 0) await sleep(wait);
        try {
          return await call(client);
        } catch (error) {
          if (error instanceof ExchangeApiError && error.isRateLimited) {
            gate.current.limited(error.retryAfterSeconds, Date.now());
            setWaitSeconds(gate.current.secondsLeft(Date.now()));
          }
          throw error;
        }
      })();
      queue.current = turn.catch(() => undefined);
      return turn;
    },
    [client, spacer],
  );

  const value = useMemo<ExchangeSession>(
    () => ({
      client,
      generation,
      matches: (keyPrefix) => secret !== null && secret.startsWith(keyPrefix),
      venue,
      use(next, nextVenue) {
        gate.current.reset();
        setWaitSeconds(0);
        setVenue(nextVenue);
        setSecret(next.trim());
        setGeneration((g) => g + 1);
      },
      forget() {
        setSecret(null);
      },
      run,
      waitSeconds,
      pollMs: (perRound) => pollingIntervalMs(rateWindows(venue), perRound),
    }),
    [client, secret, generation, venue, run, waitSeconds],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useExchange(): ExchangeSession {
  const session = useContext(Context);
  if (!session) throw new Error('useExchange outside ExchangeSessionProvider');
  return session;
}
