import { beforeEach, describe, expect, it } from 'vitest';
import { BTC } from '../testing.ts';
import { call, clock, numbersAreStrings, openSandbox, refusal } from './test-support.ts';

beforeEach(openSandbox);

describe('wallet', () => {
  it('reports spot and futures funds with numbers as strings; transfer answers 202', async () => {
    const spot = await call('GET', '/wallet/funds');
    expect(spot.data).toMatchObject({ total: '5000', withdrawable: '5000' });
    const futures = await call('GET', '/futures/funds');
    expect(futures.data).toMatchObject({ balance: '5000', locked_amount: '0', first_time_user: true });
    const transfer = await call('POST', '/wallet/futures/transfer', {
      body: { from_wallet_type: 'FUTURES', to_wallet_type: 'SPOT', amount: 100 },
    });
    expect(transfer).toEqual({
      status: 202,
      data: { msg: 'internal_wallet_fund_transfer_request accepted' },
    });
    numbersAreStrings([spot.data, futures.data]);
  });

  it('refuses bad transfers naming the field', async () => {
    const same = await refusal(
      call('POST', '/wallet/futures/transfer', {
        body: { from_wallet_type: 'SPOT', to_wallet_type: 'SPOT', amount: 1 },
      }),
    );
    expect([same.meta.field, same.message]).toEqual([
      'to_wallet_type',
      'From and To wallet types must be different',
    ]);
    const wallet = await refusal(
      call('POST', '/wallet/futures/transfer', {
        body: { from_wallet_type: 'spot', to_wallet_type: 'FUTURES', amount: 1 },
      }),
    );
    expect([wallet.meta.field, wallet.message]).toEqual([
      'from_wallet_type',
      'Invalid request: from_wallet_type: must be one of SPOT, FUTURES',
    ]);
    const amount = await refusal(
      call('POST', '/wallet/futures/transfer', {
        body: { from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES', amount: '1e3' },
      }),
    );
    expect(amount.meta.field).toBe('amount');
    const missing = await refusal(
      call('POST', '/wallet/futures/transfer', {
        body: { from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES' },
      }),
    );
    expect([missing.meta.field, missing.message]).toEqual(['amount', 'Params error']);
    const broke = await refusal(
      call('POST', '/wallet/futures/transfer', {
        body: { from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES', amount: '99999' },
      }),
    );
    expect([broke.code, broke.message]).toEqual(['INSUFFICIENT_BALANCE', 'insufficient balance']);
  });
});

describe('transactions and trade currencies', () => {
  it('lists transfers, fills and funding newest first, filtered by type, in either order', async () => {
    await call('POST', '/wallet/futures/transfer', {
      body: { from_wallet_type: 'FUTURES', to_wallet_type: 'SPOT', amount: '100' },
    });
    clock.advance(1);
    await call('POST', '/wallet/futures/transfer', {
      body: { from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES', amount: '40' },
    });
    clock.advance(1);
    await call('POST', '/futures/:asset/order', {
      params: { asset: BTC },
      body: { leverage: 10, quantity: '0.01', order_type: 'LONG', trigger_type: 'MARKET' },
    });
    const all = (await call('GET', '/futures/transactions', { query: {} })).data;
    expect(all.map((t: { transaction_type: string }) => t.transaction_type)).toEqual([
      'TRADE',
      'DEPOSIT',
      'WITHDRAW',
      'DEPOSIT', // the set-up's transfer
    ]);
    expect(all[1]).toMatchObject({ amount: '40', status: 'Completed', symbol: null, trade_currency: 'USDT' });
    expect(all[0]).toMatchObject({ symbol: 'BTCUSDT', status: 'Completed' });
    for (const t of all) expect(t.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    const deposits = await call('GET', '/futures/transactions', { query: { type: 'DEPOSIT' } });
    expect(deposits.data).toEqual([all[1], all[3]]);
    const oldest = await call('GET', '/futures/transactions', { query: { sort_order: 'asc', limit: '1' } });
    expect(oldest.data).toEqual([all[3]]);
    expect((await call('GET', '/futures/transactions', { query: { offset: '1', limit: '1' } })).data).toEqual(
      [all[1]],
    );
    expect((await call('GET', '/futures/transactions', { query: { trade_currency: 'INR' } })).data).toEqual(
      [],
    );
  });

  it('accepts trade_currency USDT or INR (the sandbox holds no INR) and refuses any other', async () => {
    const bad = await refusal(call('GET', '/futures/funds', { query: { trade_currency: 'EUR' } }));
    expect([bad.code, bad.message, bad.meta.field]).toEqual([
      'INVALID_REQUEST',
      'Invalid trade currency',
      'trade_currency',
    ]);
    expect((await call('GET', '/futures/funds', { query: { trade_currency: 'INR' } })).data).toMatchObject({
      balance: '0',
      trade_currency: 'INR',
    });
    const inrOrder = await refusal(
      call('POST', '/futures/:asset/order', {
        params: { asset: BTC },
        body: { quantity: '0.01', order_type: 'LONG', trigger_type: 'MARKET', trade_currency: 'INR' },
      }),
    );
    expect([inrOrder.code, inrOrder.message]).toEqual(['INSUFFICIENT_BALANCE', 'insufficient balance']);
    const inrTransfer = await refusal(
      call('POST', '/futures/transfers/inr', {
        body: { from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES', amount: '1000' },
      }),
    );
    expect([inrTransfer.code, inrTransfer.message]).toEqual(['INSUFFICIENT_BALANCE', 'insufficient balance']);
    const same = await refusal(
      call('POST', '/futures/transfers/inr', {
        body: { from_wallet_type: 'SPOT', to_wallet_type: 'SPOT', amount: '1000' },
      }),
    );
    expect(same.message).toBe('From and To wallet types must be different');
    // Leverage is kept per asset and currency.
    await call('POST', '/futures/:asset/leverage', {
      params: { asset: BTC },
      body: { leverage: '7', trade_currency: 'INR' },
    });
    const inr = await call('GET', '/futures/:asset/leverage', {
      params: { asset: BTC },
      query: { trade_currency: 'INR' },
    });
    expect(inr.data.leverage).toBe('7');
    expect((await refusal(call('GET', '/futures/:asset/leverage', { params: { asset: BTC } }))).code).toBe(
      'LEVERAGE_NOT_FOUND',
    );
  });
});
