// Every error row of the contract's §2 table, produced over real HTTP on the running server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fullAllowance,
  startExchangeServer,
  type ExchangeServer,
  type KeyedTrader,
} from './exchange-support.ts';

let ex: ExchangeServer;
let trader: KeyedTrader;
beforeAll(async () => {
  ex = await startExchangeServer();
  trader = await ex.trader();
});
afterAll(() => ex?.server.stop());

const first = (res: { body: any }) => res.body.errors[0]; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('exchange errors over HTTP (contract §2)', () => {
  it('no X-Authentication / unknown secret → 401 "Invalid Authentication"', async () => {
    const none = await ex.call('/futures/funds');
    expect(none.status).toBe(401);
    expect(none.body).toEqual({
      success: false,
      errors: [{ code: 401, text: 'Invalid Authentication', reason: 'AUTH_MISSING' }],
    });
    const unknown = await ex.call('/futures/funds', { secret: 'mx_definitely_not_a_real_key_000000000000' });
    expect([unknown.status, first(unknown)]).toEqual([
      401,
      { code: 401, text: 'Invalid Authentication', reason: 'AUTH_INVALID' },
    ]);
  });

  it('revoked key / expired key → 401 KEY_REVOKED / KEY_EXPIRED, saying what to do', async () => {
    const doomed = await ex.trader();
    await doomed.api.keys.revoke.mutate({ id: doomed.keyId, otp: doomed.nextCode() });
    const revoked = await ex.call('/futures/funds', { secret: doomed.secret });
    expect([revoked.status, first(revoked).reason]).toEqual([401, 'KEY_REVOKED']);
    expect(first(revoked).text).toMatch(/create a new key/);

    const aging = await ex.trader();
    await ex.sandbox.advanceClock(91 * 86_400);
    const expired = await ex.call('/futures/funds', { secret: aging.secret });
    expect([expired.status, first(expired).reason]).toEqual([401, 'KEY_EXPIRED']);
    expect(first(expired).text).toMatch(/expired on .*rotate it/);
    await ex.sandbox.reset();
    trader = await ex.trader();
  });

  it('caller IP not in the whitelist → 403 IP_NOT_ALLOWED', async () => {
    const office = await ex.trader({ permissions: ['READ_ONLY'], ipWhitelist: ['203.0.113.0/24'] });
    const res = await ex.call('/futures/funds', { secret: office.secret });
    expect([res.status, first(res).code, first(res).reason]).toEqual([403, 403, 'IP_NOT_ALLOWED']);
  });

  it('key lacks the permission → 403 PERMISSION_DENIED', async () => {
    const reader = await ex.trader({ permissions: ['READ_ONLY'] });
    const res = await ex.call('/wallet/futures/transfer', {
      secret: reader.secret,
      method: 'POST',
      body: { from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES', amount: '1' },
    });
    expect([res.status, first(res).reason]).toEqual([403, 'PERMISSION_DENIED']);
  });

  it("owner's KYC not verified (expired) → 403 KYC_REQUIRED", async () => {
    const lapsed = await ex.trader();
    await ex.sandbox.setKycStatus(lapsed.email, 'expired');
    await expect
      .poll(async () => first(await ex.call('/futures/funds', { secret: lapsed.secret }))?.reason)
      .toBe('KYC_REQUIRED');
    const res = await ex.call('/futures/funds', { secret: lapsed.secret });
    expect(res.status).toBe(403);
    expect(first(res).text).toContain('expired');
  });

  it('checks permission before KYC: a read-only key of a lapsed account that trades → PERMISSION_DENIED', async () => {
    const lapsedReader = await ex.trader({ permissions: ['READ_ONLY'] });
    await ex.sandbox.setKycStatus(lapsedReader.email, 'expired');
    const transfer = { from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES', amount: '1' };
    await expect
      .poll(async () => first(await ex.call('/futures/funds', { secret: lapsedReader.secret }))?.reason)
      .toBe('KYC_REQUIRED');
    const res = await ex.call('/wallet/futures/transfer', {
      secret: lapsedReader.secret,
      method: 'POST',
      body: transfer,
    });
    expect([res.status, first(res).reason]).toEqual([403, 'PERMISSION_DENIED']);
  });

  it('over the per-key limit → 429 with the exact text and Retry-After, exactly 2 of many concurrent requests pass', async () => {
    await fullAllowance();
    const started = performance.now();
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => ex.call('/futures/funds', { secret: trader.secret })),
    );
    const elapsedMs = performance.now() - started;
    const passed = replies.filter((r) => r.status === 200).length;
    // The burst of 2, plus one per 500 ms the burst itself took (none on a quiet machine).
    expect(passed).toBeGreaterThanOrEqual(2);
    expect(passed).toBeLessThanOrEqual(2 + Math.floor(elapsedMs / 500));
    const limited = replies.filter((r) => r.status === 429);
    expect(limited).toHaveLength(10 - passed);
    for (const r of limited) {
      const n = Number(r.headers.get('retry-after'));
      expect(n).toBeGreaterThanOrEqual(1);
      expect(r.body).toEqual({
        success: false,
        errors: [
          { code: 429, text: `Too many requests. Try again in ${n} seconds.`, reason: 'RATE_LIMITED' },
        ],
      });
    }
  });

  it('acting on a position that closed → 400 "position is not open" (close), "position not in sync with exchange" (reverse)', async () => {
    await fullAllowance();
    await trader.exchange.transfer({ from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES', amount: '500' });
    await trader.exchange.placeOrder(
      'ETHUSDT',
      { leverage: 5, quantity: '0.1', order_type: 'LONG', trigger_type: 'MARKET' },
      { isSymbol: true },
    );
    await fullAllowance();
    const [position] = (await trader.exchange.listOpenPositions()) ?? [];
    await trader.exchange.closePosition(position!.id);
    await fullAllowance();
    const again = await ex.call(`/futures/positions/${position!.id}/close`, {
      secret: trader.secret,
      method: 'POST',
    });
    expect([again.status, first(again)]).toEqual([
      400,
      { code: 400, text: 'position is not open', reason: 'POSITION_NOT_OPEN' },
    ]);
    await fullAllowance();
    const reverse = await ex.call(`/futures/positions/${position!.id}/reverse`, {
      secret: trader.secret,
      method: 'POST',
    });
    expect([reverse.status, first(reverse)]).toEqual([
      400,
      { code: null, text: 'position not in sync with exchange', reason: 'POSITION_OUT_OF_SYNC' },
    ]);
  });

  it("malformed JSON, missing or invalid field → 400 INVALID_REQUEST with the venue's text, or naming the field, never 500", async () => {
    const cases: Array<[unknown, RegExp]> = [
      ['{"leverage": 5,', /^Invalid request: body is not valid JSON$/],
      [{ leverage: 5, order_type: 'LONG', trigger_type: 'MARKET' }, /^Params error$/],
      [{ leverage: 5, quantity: 'lots', order_type: 'LONG', trigger_type: 'MARKET' }, /^Params error$/],
      [
        { leverage: 5, quantity: '0.001', order_type: 'UPWARDS', trigger_type: 'MARKET' },
        /^invalid order type$/,
      ],
      [
        { leverage: 5, quantity: '0.001', order_type: 'LONG', trigger_type: 'STOP' },
        /^invalid trigger type$/,
      ],
      [
        { leverage: 5, quantity: '0.0001', order_type: 'LONG', trigger_type: 'MARKET' },
        /^order quantity out of permissible range$/,
      ],
      [
        { leverage: 5, quantity: '0.0015', order_type: 'LONG', trigger_type: 'MARKET' },
        /^quantity not a multiple of the quantity step$/,
      ],
      [
        { leverage: 500, quantity: '0.001', order_type: 'LONG', trigger_type: 'MARKET' },
        /^leverage out of permissible range$/,
      ],
      [
        { leverage: 5, quantity: '0.001', order_price: '0.01', order_type: 'LONG', trigger_type: 'LIMIT' },
        /^order price out of permissible range$/,
      ],
      [
        { leverage: 5, quantity: '0.001', order_type: 'LONG', trigger_type: 'MARKET', trade_currency: 'EUR' },
        /^Invalid trade currency$/,
      ],
      [
        { leverage: 5, quantity: '0.001', order_type: 'LONG', trigger_type: 'MARKET', reduce_only: 'yes' },
        /^Invalid request: reduce_only: /,
      ],
    ];
    for (const [body, text] of cases) {
      await fullAllowance();
      const res = await ex.call('/futures/BTCUSDT/order?is_symbol', {
        secret: trader.secret,
        method: 'POST',
        body,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(first(res).reason).toBe('INVALID_REQUEST');
      expect(first(res).code).toBe(400);
      expect(first(res).text).toMatch(text);
    }
  });

  it('unknown asset / order / position → 404 ASSET_NOT_FOUND / ORDER_NOT_FOUND / POSITION_NOT_FOUND', async () => {
    await fullAllowance();
    const asset = await ex.call('/futures/NOPEUSDT?is_symbol', { secret: trader.secret });
    expect([asset.status, first(asset)]).toEqual([
      404,
      { code: 404, text: 'Asset not found', reason: 'ASSET_NOT_FOUND' },
    ]);
    const order = await ex.call('/futures/orders/0199c39f-e866-7d6b-947e-ed2f09c90b8e', {
      secret: trader.secret,
    });
    expect([order.status, first(order)]).toEqual([
      404,
      { code: 404, text: 'order not found', reason: 'ORDER_NOT_FOUND' },
    ]);
    await fullAllowance();
    const position = await ex.call('/futures/positions/01999e74-27a6-76d5-880b-4cab5eac78f1/liq-price', {
      secret: trader.secret,
    });
    expect([position.status, first(position)]).toEqual([
      404,
      { code: 404, text: 'Position not found', reason: 'POSITION_NOT_FOUND' },
    ]);
    const leverage = await ex.call('/futures/XRPUSDT/leverage?is_symbol', { secret: trader.secret });
    expect([leverage.status, first(leverage)]).toEqual([
      404,
      { code: 404, text: 'leverage not found', reason: 'LEVERAGE_NOT_FOUND' },
    ]);
  });

  it('not enough balance → 400 INSUFFICIENT_BALANCE', async () => {
    await fullAllowance();
    const res = await ex.call('/wallet/futures/transfer', {
      secret: trader.secret,
      method: 'POST',
      body: { from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES', amount: '1000000' },
    });
    expect([res.status, first(res)]).toEqual([
      400,
      { code: null, text: 'insufficient balance', reason: 'INSUFFICIENT_BALANCE' },
    ]);
  });

  it('an unknown route is a 404 in the envelope', async () => {
    const res = await ex.call('/futures/BTCUSDT/teleport', { secret: trader.secret });
    expect([res.status, first(res).reason]).toEqual([404, 'NOT_FOUND']);
  });
});
