import { dec, isMultipleOf } from '@mockex/domain';
import { describe, expect, it } from 'vitest';
import { INSTRUMENTS } from './instruments.ts';

describe('the instrument catalogue (instruments.json)', () => {
  it('lists at least 50 USDT perpetuals under unique ids and the venue’s symbols', () => {
    expect(INSTRUMENTS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(INSTRUMENTS.map((i) => i.id)).size).toBe(INSTRUMENTS.length);
    expect(new Set(INSTRUMENTS.map((i) => i.symbol)).size).toBe(INSTRUMENTS.length);
    for (const i of INSTRUMENTS) {
      expect(i.symbol).toMatch(/^[A-Z0-9]+USDT$/);
      expect(i.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    // The venue's published asset ids stay, so bots with hard-coded ids keep working.
    const ids = Object.fromEntries(INSTRUMENTS.map((i) => [i.symbol, i.id]));
    expect(ids).toMatchObject({
      BTCUSDT: '01903a7b-bf65-707d-a7dc-d7b84c3c756c',
      ETHUSDT: '01903bc9-973a-7106-99e2-08287b632806',
      SQDUSDT: '01920a1c-88a3-7c9c-a71e-9d2d89dc1999',
    });
  });

  it('has specs the engine can trade: steps, ranges and leverage that agree', () => {
    for (const i of INSTRUMENTS) {
      const where = i.symbol;
      expect(isMultipleOf(dec(i.initial_price), i.price_step), where).toBe(true);
      expect(dec(i.initial_price).gte(i.min_price) && dec(i.initial_price).lte(i.max_price), where).toBe(
        true,
      );
      for (const q of [i.min_contract, i.max_contract, i.max_market_contract])
        expect(isMultipleOf(dec(q), i.quantity_step), where).toBe(true);
      expect(dec(i.max_market_contract).lte(i.max_contract), where).toBe(true);
      expect(dec(i.min_leverage).lt(i.max_leverage), where).toBe(true);
      // Liquidation must come before the margin is gone at the highest leverage.
      expect(dec(i.maintenance_margin_rate).lt(dec(1).div(i.max_leverage)), where).toBe(true);
      expect(Number.isInteger(i.funding_interval_hours) && i.funding_interval_hours > 0, where).toBe(true);
      expect(i.daily_volatility > 0 && i.daily_volatility < 1, where).toBe(true);
    }
  });
});
