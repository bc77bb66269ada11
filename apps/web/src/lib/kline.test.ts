import { describe, expect, it } from 'vitest';
import { marketPair, parseTicks } from './kline.ts';

describe('market data for the chart', () => {
  it('names instruments as the market-data API does', () => {
    expect(marketPair('BTCUSDT')).toBe('BTC/USDT');
    expect(marketPair('1000PEPEUSDT')).toBe('1000PEPE/USDT');
    expect(marketPair('BTCINR')).toBe('BTC/INR');
    expect(marketPair('USDT')).toBe('USDT');
  });

  it('turns wire ticks into ordered candles, skipping broken and repeated ones', () => {
    const candles = parseTicks([
      [1_700_000_000, '100.5', '101', '99.5', '100', '3'],
      [1_700_000_060_000, '100', '102', '100', '101.25', '1'],
      [1_700_000_060, '1', '1', '1', '1', '1'],
      ['x', '1', '1', '1', '1', '1'],
      [1_700_000_120, '101.25', null, '101', '101', '0'],
    ]);
    expect(candles).toEqual([
      { time: 1_700_000_000, open: 100.5, high: 101, low: 99.5, close: 100 },
      { time: 1_700_000_060, open: 100, high: 102, low: 100, close: 101.25 },
    ]);
  });
});
