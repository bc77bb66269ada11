/**
 * Everyday exchange calls with the caller from `exchange-fetch.ts`: paging through a listing, reading
 * balances (strings, not numbers), placing and cancelling a LIMIT order, and the `data: null` of an
 * account with no open positions.
 */
import { exchangeCaller } from './exchange-fetch.ts';

type Call = ReturnType<typeof exchangeCaller>;

/** Reads every page of a listing that takes `offset` and `limit`. */
export async function listAll<T>(call: Call, path: string, limit = 50): Promise<T[]> {
  const all: T[] = [];
  for (let offset = 0; ; offset += limit) {
    const separator = path.includes('?') ? '&' : '?';
    const page = (await call<T[] | null>('GET', `${path}${separator}offset=${offset}&limit=${limit}`)) ?? [];
    all.push(...page);
    if (page.length < limit) return all;
  }
}

/**
 * Half a price, rounded down to the instrument's tick, in whole ticks (BigInt) rather than floats:
 * `0.1 + 0.2` is not `0.3` in a double, and the exchange refuses prices that are off the tick.
 */
export function halfPrice(price: string, tick: string): string {
  const decimals = tick.split('.')[1]?.length ?? 0;
  const scaled = (value: string) => {
    const [whole = '0', fraction = ''] = value.split('.');
    return BigInt(whole + fraction.padEnd(decimals, '0').slice(0, decimals));
  };
  const step = scaled(tick);
  const half = (scaled(price) / 2n / step) * step;
  const digits = half.toString().padStart(decimals + 1, '0');
  return decimals ? `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}` : digits;
}

export async function everydayCalls(baseUrl: string, secret: string) {
  const call = exchangeCaller(baseUrl, secret);

  // Instruments, a page at a time, sorted as the venue allows.
  const instruments = await listAll<{
    id: string;
    symbol: string;
    price_step: string;
    min_contract: string;
    price: string;
  }>(call, '/futures?sort=popularity&order=desc', 2);

  // Balances are decimal strings: keep them as strings or parse them with a decimal library.
  const futures = await call<{ balance: string; locked_amount: string }>('GET', '/futures/funds');

  // No open positions is `data: null`, not an empty list.
  const positions = await call<unknown[] | null>('GET', '/futures/positions');

  // A LIMIT order well below the market rests until the price comes down to it.
  const eth = instruments.find((i) => i.symbol === 'ETHUSDT')!;
  const farBelow = halfPrice(eth.price, eth.price_step);
  const order = await call<{ order_id: string; status: string }>('POST', `/futures/${eth.id}/order`, {
    leverage: '2',
    quantity: eth.min_contract,
    order_price: farBelow,
    order_type: 'LONG',
    trigger_type: 'LIMIT',
    is_stoploss: false,
    is_takeprofit: false,
    reduce_only: false,
  });
  const open = await call<{ id: string; status: string }[] | null>('GET', '/futures/orders');
  await call('DELETE', `/futures/orders/${order.order_id}`);

  return { instruments, futures, positions, order, open };
}
