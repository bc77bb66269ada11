import { beforeEach, describe, expect, it } from 'vitest';
import { createExchangeCore } from '../runtime.ts';
import { createMemoryStore } from '../store/memory.ts';
import { fakeCaller } from '../testing.ts';
import { call, clock, core, openSandbox } from './test-support.ts';

beforeEach(openSandbox);

describe('facade', () => {
  it('credits sandbox funds and keeps accounts apart', async () => {
    const other = fakeCaller('usr_other');
    expect(await core.credit('usr_other', 'FUTURES', '250')).toMatchObject({
      futures: '250',
      balance: '250',
      spot: '10000',
    });
    expect((await call('GET', '/futures/funds', { as: other })).data.balance).toBe('250');
    expect((await call('GET', '/futures/funds')).data.balance).toBe('5000');
    await expect(core.credit('usr_other', 'SPOT', '-1')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('prices are a pure function of seed and time; setMarkPrice validates', async () => {
    const a = createExchangeCore({ store: createMemoryStore(), clock, seed: 'abc' });
    const b = createExchangeCore({ store: createMemoryStore(), clock, seed: 'abc' });
    const c = createExchangeCore({ store: createMemoryStore(), clock, seed: 'xyz' });
    expect(await a.markPrices()).toEqual(await b.markPrices());
    expect(await a.markPrices()).not.toEqual(await c.markPrices());
    expect(await a.setMarkPrice('ethusdt', 3100.123)).toEqual({ symbol: 'ETHUSDT', price: '3100.12' });
    await expect(a.setMarkPrice('NOPE', 1)).rejects.toMatchObject({ code: 'ASSET_NOT_FOUND' });
    await expect(a.setMarkPrice('BTCUSDT', '-5')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await core.reset();
    expect((await call('GET', '/futures/funds')).data).toMatchObject({ balance: '0', first_time_user: true });
  });
});
