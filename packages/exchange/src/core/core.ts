import {
  systemClock,
  venueProfile,
  type Clock,
  type DecimalInput,
  type IdKind,
  type VenueProfile,
} from '@mockex/domain';
import type { AnyExchangeRoute } from '../contract.ts';
import type { WalletType } from './engine/types.ts';
import {
  createInstrumentBook,
  INSTRUMENTS,
  type InstrumentBook,
  type InstrumentSpec,
} from './instruments.ts';
import { createFapiRoutes } from './routes/index.ts';
import { createRuntime, creditAccount, type ExchangeRuntime } from './runtime.ts';
import type { ExchangeStore } from './store/types.ts';

export interface ExchangeCoreOptions {
  store: ExchangeStore;
  /** The sandbox clock (time for prices, funding and the facade's calls; routes use the request's `now`). */
  clock?: Clock | undefined;
  profile?: VenueProfile | undefined;
  /** Seed of the price walk (MOCKEX_SEED); the same seed gives the same prices at the same times. */
  seed?: string | number | undefined;
  instruments?: readonly InstrumentSpec[] | undefined;
  /** Id factory, for tests that want deterministic ids. */
  newId?: ((kind: IdKind, now: Date) => string) | undefined;
}

/** What the gateway, the sandbox control plane and the MSW mode drive. */
export interface ExchangeCore {
  readonly routes: AnyExchangeRoute[];
  readonly instruments: InstrumentBook;
  readonly runtime: ExchangeRuntime;
  /** Sets a mark price (rounded to the tick) and settles every account against it. */
  setMarkPrice(symbol: string, price: DecimalInput): Promise<{ symbol: string; price: string }>;
  getMarkPrice(symbol: string): Promise<string>;
  markPrices(): Promise<Array<{ symbol: string; price: string }>>;
  /** Sandbox funds for an account (keyed by the key API's user id). */
  credit(
    userId: string,
    wallet: WalletType,
    amount: DecimalInput,
  ): Promise<{ spot: string; futures: string; balance: string }>;
  /** Settles every account at the clock's time (call after the sandbox clock moved: funding, fills). */
  settleAll(): Promise<void>;
  /** Forgets every account and price override. */
  reset(): Promise<void>;
  /** Releases the store's resources (not the database). */
  close(): Promise<void>;
}

export const DEFAULT_SEED = 'mockex';

export function createExchangeCore(options: ExchangeCoreOptions): ExchangeCore {
  const clock = options.clock ?? systemClock;
  const instruments = createInstrumentBook(options.instruments ?? INSTRUMENTS);
  const runtime = createRuntime({
    store: options.store,
    instruments,
    profile: options.profile ?? venueProfile(),
    seed: options.seed ?? DEFAULT_SEED,
    newId: options.newId,
  });
  return {
    routes: createFapiRoutes(runtime),
    instruments,
    runtime,
    setMarkPrice: (symbol, price) => runtime.setMarkPrice(symbol, price, clock.now()),
    async getMarkPrice(symbol) {
      const spec = instruments.resolve(symbol, true);
      return (await runtime.prices(clock.now())).mark(spec.symbol).toFixed();
    },
    async markPrices() {
      const book = await runtime.prices(clock.now());
      return instruments.list.map((spec) => ({
        symbol: spec.symbol,
        price: book.mark(spec.symbol).toFixed(),
      }));
    },
    credit: (userId, wallet, amount) => creditAccount(runtime, userId, wallet, amount, clock.now()),
    settleAll: () => runtime.settleAll(clock.now()),
    reset: () => options.store.reset(),
    close: async () => {
      await options.store.close?.();
    },
  };
}
