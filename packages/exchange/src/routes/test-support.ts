import { manualClock, MockexError, venueProfile } from '@mockex/domain';
import type { Caller } from './route.ts';
import { parseWith } from '../http/validation.ts';
import { createExchangeCore, type ExchangeCore } from '../runtime.ts';
import { createMemoryStore } from '../store/memory.ts';
import { FAPI_ROUTES } from './index.ts';
import { fakeCaller } from '../testing.ts';

/**
 * The sandbox the route tests share: a fresh core per test (`beforeEach(openSandbox)`), read through the
 * live bindings `clock` and `core`, with 5000 USDT moved to the futures wallet of the default caller.
 */
export let clock: ReturnType<typeof manualClock>;
export let core: ExchangeCore;
let caller: Caller;

export async function openSandbox(): Promise<void> {
  clock = manualClock('2026-01-01T00:00:00Z');
  core = createExchangeCore({ store: createMemoryStore(), clock, profile: venueProfile('mudrex'), seed: 42 });
  caller = fakeCaller('usr_routes');
  await core.setMarkPrice('BTCUSDT', '60000');
  await call('POST', '/wallet/futures/transfer', {
    body: { from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES', amount: '5000' },
  });
}

/** Parses like the gateway does (schema per location; a failure names its field) and runs the route. */
export async function call(
  method: string,
  path: string,
  input: { params?: object; query?: object; body?: unknown; as?: Caller } = {},
) {
  const route = FAPI_ROUTES.find((r) => r.method === method && r.path === path);
  if (!route) throw new Error(`no route ${method} ${path}`);
  const data = await route.handle(
    {
      caller: input.as ?? caller,
      params: await parseWith(route.params, input.params ?? {}, 'path'),
      query: await parseWith(route.query, input.query ?? {}, 'query'),
      body: route.body ? await parseWith(route.body, input.body, 'body') : input.body,
      now: clock.now(),
    },
    core.runtime,
  );
  return { status: route.successStatus, data: data as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function refusal(promise: Promise<unknown>): Promise<MockexError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MockexError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Every number in a response must be a string (booleans and nulls are fine). */
export function numbersAreStrings(value: unknown, path = 'data'): void {
  if (typeof value === 'number') throw new Error(`${path} is a JSON number`);
  if (Array.isArray(value)) value.forEach((v, i) => numbersAreStrings(v, `${path}[${i}]`));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) numbersAreStrings(v, `${path}.${k}`);
}

/** The body of a MARKET LONG of 0.1 BTC at 10× leverage, with `over` changing or adding fields. */
export const order = (over: Record<string, unknown> = {}) => ({
  leverage: 10,
  quantity: '0.1',
  order_type: 'LONG',
  trigger_type: 'MARKET',
  is_stoploss: false,
  is_takeprofit: false,
  reduce_only: false,
  ...over,
});
