import { beforeEach, describe, expect, it } from 'vitest';
import { BTC } from '../testing.ts';
import { call, numbersAreStrings, openSandbox, refusal } from './test-support.ts';

beforeEach(openSandbox);

describe('instruments and leverage', () => {
  it('lists instruments, sorted and paged, with every number as a string', async () => {
    const all = await call('GET', '/futures', { query: {} });
    expect(all.data.map((i: { symbol: string }) => i.symbol).slice(0, 5)).toEqual([
      'BTCUSDT',
      'ETHUSDT',
      'SOLUSDT',
      'XRPUSDT',
      'DOGEUSDT',
    ]);
    const symbols = (list: Array<{ symbol: string }>) => list.map((i) => i.symbol);
    const ascending = await call('GET', '/futures', { query: { sort: 'price', order: 'asc', limit: 500 } });
    expect(ascending.data.length).toBeGreaterThanOrEqual(50);
    const prices = ascending.data.map((i: { price: string }) => Number(i.price));
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(symbols(ascending.data)[0]).toBe('PEPEUSDT');
    const paged = await call('GET', '/futures', {
      query: { sort: 'price', order: 'asc', offset: '1', limit: '2' },
    });
    expect(symbols(paged.data)).toEqual(symbols(ascending.data).slice(1, 3));
    const descending = await call('GET', '/futures', { query: { sort: 'price' } });
    expect(symbols(descending.data)[0]).toBe('BTCUSDT');
    expect(all.data[0]).toMatchObject({
      id: BTC,
      price: '60000',
      quantity_step: '0.001',
      min_notional_value: '5',
      max_leverage: '100',
    });
    numbersAreStrings(all.data);
    expect((await refusal(call('GET', '/futures', { query: { sort: 'name' } }))).meta.field).toBe('sort');
    expect((await refusal(call('GET', '/futures', { query: { limit: '0' } }))).meta.field).toBe('limit');
  });

  it('finds an asset by id, or by symbol with ?is_symbol (any value)', async () => {
    expect((await call('GET', '/futures/:asset', { params: { asset: BTC } })).data.symbol).toBe('BTCUSDT');
    expect(
      (await call('GET', '/futures/:asset', { params: { asset: 'ethusdt' }, query: { is_symbol: '' } })).data
        .symbol,
    ).toBe('ETHUSDT');
    expect(
      (await call('GET', '/futures/:asset', { params: { asset: 'BTCUSDT' }, query: { is_symbol: 'false' } }))
        .data.id,
    ).toBe(BTC);
    const unknown = await refusal(call('GET', '/futures/:asset', { params: { asset: 'BTCUSDT' } }));
    expect([unknown.code, unknown.status]).toEqual(['ASSET_NOT_FOUND', 404]);
  });

  it('reads and sets leverage per asset, checking range and step', async () => {
    // Never set: the venue answers 404 `leverage not found`.
    const unset = await refusal(call('GET', '/futures/:asset/leverage', { params: { asset: BTC } }));
    expect([unset.code, unset.status, unset.message]).toEqual([
      'LEVERAGE_NOT_FOUND',
      404,
      'leverage not found',
    ]);
    const set = await call('POST', '/futures/:asset/leverage', {
      params: { asset: 'BTCUSDT' },
      query: { is_symbol: '' },
      body: { leverage: '25', margin_type: 'ISOLATED' },
    });
    // Both spellings: the January 2026 docs' and the later docs' (which ccxt reads).
    expect(set.data).toMatchObject({
      Leverage: '25',
      MarginType: 'ISOLATED',
      leverage: '25',
      margin_type: 'ISOLATED',
    });
    expect((await call('GET', '/futures/:asset/leverage', { params: { asset: BTC } })).data.leverage).toBe(
      '25',
    );
    const high = await refusal(
      call('POST', '/futures/:asset/leverage', { params: { asset: BTC }, body: { leverage: 150 } }),
    );
    expect([high.meta.field, high.message]).toEqual(['leverage', 'leverage out of permissible range']);
    expect(
      (
        await refusal(
          call('POST', '/futures/:asset/leverage', {
            params: { asset: BTC },
            body: { leverage: 5, margin_type: 'CROSS' },
          }),
        )
      ).meta.field,
    ).toBe('margin_type');
  });
});
