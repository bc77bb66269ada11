/**
 * Amounts finer than the exchange keeps are refused, naming the field, before anything moves: a
 * 5e-324 transfer (the smallest double) would otherwise credit dust that no balance can show.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { callHandler, inProcessExchange, TRADER } from './support/in-process-calls.ts';

let ex: ReturnType<typeof inProcessExchange>;
beforeEach(() => {
  ex = inProcessExchange();
});

const fapi = (method: string, path: string, body?: unknown) =>
  callHandler(ex.gateway, {
    method,
    path: `/fapi/v1${path}`,
    headers: { 'X-Authentication': TRADER, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });

describe('amounts finer than 8 decimal places (USDT) are refused', () => {
  it.each([[5e-324], [1e-9], ['0.000000001'], ['100.123456789']])(
    'a transfer of %s: 400 naming amount, balances unchanged',
    async (amount) => {
      const before = await fapi('GET', '/futures/funds');
      const res = await fapi('POST', '/wallet/futures/transfer', {
        from_wallet_type: 'SPOT',
        to_wallet_type: 'FUTURES',
        amount,
      });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ reason: 'INVALID_REQUEST' });
      expect(res.body.errors[0].text).toContain('amount: must have at most 8 decimal places');
      expect((await fapi('GET', '/futures/funds')).body).toEqual(before.body);
    },
  );

  it('a transfer at exactly 8 places still goes through', async () => {
    const res = await fapi('POST', '/wallet/futures/transfer', {
      from_wallet_type: 'SPOT',
      to_wallet_type: 'FUTURES',
      amount: '0.00000001',
    });
    expect(res.status).toBe(202);
  });

  it('margin and ext_margin', async () => {
    const margin = await fapi('POST', '/futures/positions/pos_x/add-margin', { margin: 5e-324 });
    expect(margin.status).toBe(400);
    expect(margin.body.errors[0].text).toContain('margin: must have at most 8 decimal places');
    const ext = await fapi('GET', '/futures/positions/pos_x/liq-price?ext_margin=0.000000001');
    expect(ext.status).toBe(400);
    expect(ext.body.errors[0].text).toContain('ext_margin: must have at most 8 decimal places');
  });

  it('a sandbox credit', async () => {
    const res = await callHandler(ex.sandboxGateway, {
      method: 'POST',
      path: '/sandbox/v1/accounts/funds',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'fuzz@example.com', wallet: 'FUTURES', amount: 1e-9 }),
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].text).toContain('amount: must have at most 8 decimal places');
  });

  it('order quantities and prices finer than the instrument step are refused too', async () => {
    const res = await fapi('POST', '/futures/BTCUSDT/order?is_symbol', {
      leverage: '5',
      quantity: 5e-324,
      order_price: '60000',
      order_type: 'LONG',
      trigger_type: 'LIMIT',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].text).toContain('quantity: must be a multiple of');
  });
});
