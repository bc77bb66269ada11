import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fullAllowance,
  startExchangeServer,
  type ExchangeServer,
  type KeyedTrader,
} from './exchange-support.ts';

let ex: ExchangeServer;
let trader: KeyedTrader;
/** The trader whose KYC one test changes, so the change cannot reach the other tests. */
let kycTrader: KeyedTrader;
beforeAll(async () => {
  ex = await startExchangeServer();
  trader = await ex.trader();
  kycTrader = await ex.trader(); // here: codes follow the test clock, which a test moves the sandbox's from
});
afterAll(() => ex?.server.stop());

describe('sandbox control plane over HTTP', () => {
  it('arms, lists, reads and disarms faults; a counted fault disappears when used up', async () => {
    const armed = await ex.sandbox.armFault({
      fault: 'rate_limit',
      match: { method: 'GET', path: '/fapi/v1/futures/*' },
      times: 1,
    });
    expect(armed).toMatchObject({ id: expect.stringMatching(/^flt_/), fault: 'rate_limit', remaining: 1 });
    expect((await ex.sandbox.listFaults()).faults.map((f) => f.id)).toEqual([armed.id]);
    const res = await ex.call('/futures/funds', { secret: trader.secret });
    expect([res.status, res.headers.get('retry-after'), res.body.errors[0].text]).toEqual([
      429,
      '1',
      'Too many requests. Try again in 1 seconds.',
    ]);
    expect((await ex.sandbox.listFaults()).faults).toEqual([]);
    const kept = await ex.sandbox.armFault({ fault: 'server_error', probability: 1 });
    expect((await ex.call('/futures/funds', { secret: trader.secret })).status).toBe(500);
    expect(await ex.sandbox.disarmFault(kept.id)).toEqual({ id: kept.id, disarmed: true });
    await ex.sandbox.armFault({ fault: 'maintenance' });
    await ex.sandbox.armFault({ fault: 'out_of_sync' });
    expect(await ex.sandbox.clearFaults()).toEqual({ disarmed: 2 });
  });

  it('per-request faults with X-Mockex-Fault, including a timeout that drops the connection', async () => {
    await fullAllowance();
    const maint = await ex.call('/futures/funds', {
      secret: trader.secret,
      headers: { 'X-Mockex-Fault': 'maintenance' },
    });
    expect([maint.status, maint.body.errors[0].reason]).toEqual([503, 'MAINTENANCE']);
    const started = Date.now();
    await expect(
      fetch(`${ex.server.url}/fapi/v1/futures/funds`, {
        headers: { 'X-Authentication': trader.secret, 'X-Mockex-Fault': 'timeout=200' },
      }),
    ).rejects.toThrow(/fetch failed/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    await fullAllowance();
    const slow = Date.now();
    expect(
      (
        await ex.call('/futures/funds', {
          secret: trader.secret,
          headers: { 'X-Mockex-Fault': 'latency=150' },
        })
      ).status,
    ).toBe(200);
    expect(Date.now() - slow).toBeGreaterThanOrEqual(140);
  });

  it('sets mark prices, which the exchange then quotes', async () => {
    expect(await ex.sandbox.setPrice('SOLUSDT', '123.45')).toEqual({ symbol: 'SOLUSDT', price: '123.45' });
    await fullAllowance();
    expect((await trader.exchange.getAsset('SOLUSDT', { isSymbol: true })).price).toBe('123.45');
  });

  it('reads and advances the clock', async () => {
    const before = await ex.sandbox.getClock();
    const after = await ex.sandbox.advanceClock(3_600);
    expect(after.offsetSeconds).toBe(before.offsetSeconds + 3_600);
    expect(new Date(after.now).getTime() - new Date(before.now).getTime()).toBeGreaterThanOrEqual(3_600_000);
  });

  it('credits funds and sets KYC by email', async () => {
    const trader = kycTrader;
    expect(await ex.sandbox.credit(trader.email, 'FUTURES', '42.5')).toMatchObject({
      wallet: 'FUTURES',
      amount: '42.5',
      balance: '42.5',
    });
    await fullAllowance();
    expect((await trader.exchange.getFuturesFunds()).balance).toBe('42.5');
    expect(await ex.sandbox.setKycStatus(trader.email, 'expired')).toEqual({
      email: trader.email,
      kycStatus: 'expired',
    });
    await expect
      .poll(async () => (await ex.call('/futures/funds', { secret: trader.secret })).status)
      .toBe(403);
    await ex.sandbox.setKycStatus(trader.email, 'verified');
  });

  it('reset keeps nothing: keys, faults, clock and balances are gone', async () => {
    // A server of its own: the reset wipes every account, the other tests' trader included.
    const own = await startExchangeServer();
    try {
      const trader = await own.trader();
      await own.sandbox.armFault({ fault: 'server_error' });
      await own.sandbox.advanceClock(60);
      expect(await own.sandbox.reset()).toEqual({ reset: true });
      expect((await own.sandbox.listFaults()).faults).toEqual([]);
      expect((await own.sandbox.getClock()).offsetSeconds).toBe(0);
      const res = await own.call('/futures/funds', { secret: trader.secret });
      expect([res.status, res.body.errors[0].reason]).toEqual([401, 'AUTH_INVALID']);
    } finally {
      await own.server.stop();
    }
  });
});
