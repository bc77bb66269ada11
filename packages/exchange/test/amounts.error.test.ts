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

  it("order quantities and prices finer than the instrument step are refused too, in the venue's words", async () => {
    const order = (quantity: unknown, price: string) =>
      fapi('POST', '/futures/BTCUSDT/order?is_symbol', {
        leverage: '5',
        quantity,
        order_price: price,
        order_type: 'LONG',
        trigger_type: 'LIMIT',
      });
    const refusal = (text: string) => ({
      success: false,
      errors: [{ code: 400, text, reason: 'INVALID_REQUEST' }],
    });
    // 5e-324 is below the least contract as well as off the step: the range check speaks first.
    expect((await order(5e-324, '60000')).body).toEqual(refusal('order quantity out of permissible range'));
    expect((await order('0.0011', '60000')).body).toEqual(
      refusal('quantity not a multiple of the quantity step'),
    );
    expect((await order('0.001', '60000.05')).body).toEqual(refusal('order price out of permissible range'));
  });
});
