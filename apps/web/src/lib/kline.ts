/**
 * Candles from the exchange's public market data (`GET /fapi/v1/price/kline`, contract section 2):
 * `assets=BTC/USDT`, answered as `{asset_ticks: {"btc/usdt": [[t, open, high, low, close, volume]]}}`.
 * No key is sent: market data is public and has its own per-address budget.
 */
export interface Candle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

const QUOTES = ['USDT', 'INR'];

/** `BTCUSDT` (the instrument's symbol) as the market-data API names it: `BTC/USDT`. */
export function marketPair(symbol: string): string {
  const quote = QUOTES.find((q) => symbol.endsWith(q) && symbol.length > q.length);
  return quote ? `${symbol.slice(0, -quote.length)}/${quote}` : symbol;
}

/** null when the server does not serve market data (older server): the chart shows an empty state. */
export async function fetchCandles(
  symbol: string,
  minutes = 120,
  now = Date.now(),
): Promise<Candle[] | null> {
  const pair = marketPair(symbol);
  const end = Math.floor(now / 1000);
  const query = new URLSearchParams({
    assets: pair,
    aggregation: '1m',
    start_time: String(end - minutes * 60),
    end_time: String(end),
  });
  const res = await fetch(`/fapi/v1/price/kline?${query}`);
  if (res.status === 404) return null;
  const body = (await res.json().catch(() => null)) as {
    success?: boolean;
    data?: { asset_ticks?: Record<string, unknown[][]> };
  } | null;
  if (!res.ok || !body?.success) throw new Error(`market data answered ${res.status}`);
  return parseTicks(body.data?.asset_ticks?.[pair.toLowerCase()] ?? []);
}

/** A wire value as a number, NaN when it is none. */
const num = (v: unknown): number =>
  typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;

/**
 * Chart points from the wire's string decimals. Charting is display only, so converting to a float
 * here is harmless; times are Unix seconds (milliseconds are recognised and converted).
 */
export function parseTicks(ticks: readonly unknown[][]): Candle[] {
  const out: Candle[] = [];
  for (const t of ticks) {
    const [time, open, high, low, close] = t.map(num);
    if ([time, open, high, low, close].some((v) => v === undefined || !Number.isFinite(v))) continue;
    const seconds = time! > 1e12 ? Math.floor(time! / 1000) : time!;
    if (out.length && out[out.length - 1]!.time >= seconds) continue;
    out.push({ time: seconds, open: open!, high: high!, low: low!, close: close! });
  }
  return out;
}
