import {
  dec,
  invalidRequest,
  MockexError,
  uuidv7,
  parseDecimal,
  systemClock,
  toWire,
  venueProfile,
  type Clock,
  type DecimalInput,
  type IdKind,
  type VenueProfile,
} from '@mockex/domain';
import { execute, newAccount, settle } from './engine/index.ts';
import { positionNotOpen } from './engine/rules.ts';
import type {
  AccountState,
  Command,
  CommandResults,
  EngineContext,
  EngineEvent,
  FeeRecord,
  HistoryKind,
  OrderState,
  PositionState,
  TransferRecord,
  WalletType,
} from './engine/types.ts';
import {
  createInstrumentBook,
  INSTRUMENTS,
  roundToTick,
  type InstrumentBook,
  type InstrumentSpec,
} from './engine/instruments.ts';
import { createPriceWalk, type PriceBook, type PriceWalk } from './engine/prices.ts';
import type { ExchangeStore, HistoryQuery } from './store/types.ts';

/**
 * Binds the pure engine to a store, a price walk and a venue profile: what the route handlers and the
 * sandbox call. Every call settles the account to the given time before acting, so fills, stops,
 * liquidations and funding happen the same way whichever request (or process) touches it first.
 */
export interface ExchangeRuntime {
  readonly instruments: InstrumentBook;
  readonly walk: PriceWalk;
  readonly profile: VenueProfile;
  prices(now: Date): Promise<PriceBook>;
  /** Reads an account settled to `now`; stores it only when settling changed something. */
  view<T>(userId: string, now: Date, fn: (state: AccountState, prices: PriceBook) => T): Promise<T>;
  /** Runs a command on an account (settled first) and stores the result atomically. */
  run<C extends Command>(
    userId: string,
    now: Date,
    command: C,
  ): Promise<{
    result: CommandResults[C['type']];
    state: AccountState;
    prices: PriceBook;
    events: EngineEvent[];
  }>;
  /**
   * The account's history, settled to `now` once (whatever fills or closes by then reaches it first),
   * however many pages and kinds the caller then reads.
   */
  history(userId: string, now: Date): Promise<HistoryPages>;
  /** An order, open or finished, with the live state (for views); ORDER_NOT_FOUND when unknown. */
  findOrder(userId: string, now: Date, id: string): Promise<{ order: OrderState; state: AccountState }>;
  /** A position, open or finished; POSITION_NOT_FOUND when unknown. */
  findPosition(userId: string, now: Date, id: string): Promise<PositionState>;
  /** Settles every account at `now` (after the sandbox moved a price or the clock). */
  settleAll(now: Date): Promise<void>;
  setMarkPrice(symbol: string, price: DecimalInput, now: Date): Promise<{ symbol: string; price: string }>;
}

/** Newest-first pages of an account's finished orders, closed positions, fees and transfers. */
export interface HistoryPages {
  orders(query: HistoryQuery): Promise<OrderState[]>;
  positions(query: HistoryQuery): Promise<PositionState[]>;
  fees(query: HistoryQuery): Promise<FeeRecord[]>;
  transfers(query: HistoryQuery): Promise<TransferRecord[]>;
}

export interface RuntimeOptions {
  store: ExchangeStore;
  instruments: InstrumentBook;
  profile: VenueProfile;
  seed: string | number;
  /** Id factory for tests that want deterministic ids. */
  newId?: ((kind: IdKind, now: Date) => string) | undefined;
}

export function createRuntime(options: RuntimeOptions): ExchangeRuntime {
  const { store, instruments, profile } = options;
  const walk = createPriceWalk(options.seed, instruments);
  // Orders, positions, fees and transfers are UUIDs on the venue's wire; nothing else reaches it.
  const makeId = options.newId ?? ((_kind: IdKind, now: Date) => uuidv7(now));

  async function prices(now: Date): Promise<PriceBook> {
    return walk.book(now, await store.priceOverrides());
  }

  function context(now: Date, book: PriceBook): EngineContext {
    return { now, prices: book, instruments, profile, newId: (kind) => makeId(kind, now) };
  }

  const init = (userId: string, now: Date) => () => newAccount(userId, profile, now);

  async function view<T>(
    userId: string,
    now: Date,
    fn: (state: AccountState, prices: PriceBook) => T,
  ): Promise<T> {
    const book = await prices(now);
    const ctx = context(now, book);
    const stored = await store.readAccount(userId);
    if (stored) {
      // Reads usually change nothing: answer from an unlocked read, and lock only when settling acts.
      const settled = settle(stored, ctx);
      if (settled.events.length === 0) return fn(settled.state, book);
    }
    return store.updateAccount(userId, init(userId, now), (state) => {
      const settled = settle(state, ctx);
      return {
        state: settled.events.length > 0 ? settled.state : undefined,
        archive: settled.archive,
        result: fn(settled.state, book),
      };
    });
  }

  async function run<C extends Command>(userId: string, now: Date, command: C) {
    const book = await prices(now);
    const ctx = context(now, book);
    try {
      return await store.updateAccount(userId, init(userId, now), (state) => {
        const out = execute(state, command, ctx);
        return {
          state: out.state,
          archive: out.archive,
          result: { result: out.result, state: out.state, prices: book, events: out.events },
        };
      });
    } catch (error) {
      throw await explainMissing(userId, command, error);
    }
  }

  /**
   * The live document only holds what is open, so the engine reports an id it does not see as not
   * found; if the history knows it, the caller acted on something that finished since it last looked.
   */
  async function explainMissing(userId: string, command: Command, error: unknown): Promise<unknown> {
    if (!(error instanceof MockexError)) return error;
    if (error.code === 'ORDER_NOT_FOUND' && 'orderId' in command) {
      const order = (await store.historyRecord(userId, 'order', command.orderId)) as OrderState | null;
      if (order) return new MockexError('ORDER_NOT_OPEN', { id: order.id, status: order.status });
    }
    if (error.code === 'POSITION_NOT_FOUND' && 'positionId' in command) {
      if (await store.historyRecord(userId, 'position', command.positionId))
        return positionNotOpen(command.type);
    }
    return error;
  }

  async function history(userId: string, now: Date): Promise<HistoryPages> {
    await view(userId, now, () => null); // whatever fills or closes by now reaches the history first
    const pages =
      <T>(kind: HistoryKind) =>
      async (query: HistoryQuery) =>
        (await store.history(userId, kind, query)) as T[];
    return {
      orders: pages<OrderState>('order'),
      positions: pages<PositionState>('position'),
      fees: pages<FeeRecord>('fee'),
      transfers: pages<TransferRecord>('transfer'),
    };
  }

  async function findOrder(userId: string, now: Date, id: string) {
    const { live, state } = await view(userId, now, (s) => ({
      live: s.orders.find((o) => o.id === id),
      state: s,
    }));
    const order = live ?? ((await store.historyRecord(userId, 'order', id)) as OrderState | null);
    if (!order) throw new MockexError('ORDER_NOT_FOUND', { id });
    return { order, state };
  }

  async function findPosition(userId: string, now: Date, id: string) {
    const live = await view(userId, now, (s) => s.positions.find((p) => p.id === id));
    const position = live ?? ((await store.historyRecord(userId, 'position', id)) as PositionState | null);
    if (!position) throw new MockexError('POSITION_NOT_FOUND', { id });
    return position;
  }

  async function settleAll(now: Date): Promise<void> {
    const book = await prices(now);
    const ctx = context(now, book);
    for (const userId of await store.listAccountIds()) {
      await store.updateAccount(userId, init(userId, now), (state) => {
        const settled = settle(state, ctx);
        return {
          state: settled.events.length > 0 ? settled.state : undefined,
          archive: settled.archive,
          result: null,
        };
      });
    }
  }

  async function setMarkPrice(symbol: string, price: DecimalInput, now: Date) {
    const spec = instruments.bySymbol(String(symbol));
    if (!spec) throw new MockexError('ASSET_NOT_FOUND', { asset: String(symbol) });
    const parsed = typeof price === 'object' ? price : parseDecimal(price);
    if (!parsed || parsed.lte(0)) throw invalidRequest('price', 'must be a positive decimal number');
    const rounded = roundToTick(spec, dec(parsed));
    if (rounded.lt(spec.min_price) || rounded.gt(spec.max_price))
      throw invalidRequest(
        'price',
        `must be between ${spec.min_price} and ${spec.max_price} for ${spec.symbol}`,
      );
    await store.setPriceOverride({
      symbol: spec.symbol,
      price: toWire(rounded),
      at: Math.floor(now.getTime() / 1000),
    });
    await settleAll(now);
    return { symbol: spec.symbol, price: toWire(rounded) };
  }

  return {
    instruments,
    walk,
    profile,
    prices,
    view,
    run,
    history,
    findOrder,
    findPosition,
    settleAll,
    setMarkPrice,
  };
}

/** Credits sandbox funds to a wallet; returns both balances and the credited one. */
export async function creditAccount(
  runtime: ExchangeRuntime,
  userId: string,
  wallet: WalletType,
  amount: DecimalInput,
  now: Date,
) {
  const parsed = typeof amount === 'object' ? amount : parseDecimal(amount);
  if (!parsed || parsed.lte(0)) throw invalidRequest('amount', 'must be a positive decimal number');
  const { result } = await runtime.run(userId, now, { type: 'credit', wallet, amount: parsed });
  return { ...result, balance: wallet === 'SPOT' ? result.spot : result.futures };
}

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
