import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/server.ts';
import { configSchema } from '../src/config.ts';
import { captureLogs } from '../src/testing.ts';
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

describe('exchange on the running server: a bot with a key from the key API', () => {
  it('reads, transfers, places and cancels a LIMIT order, and trades a position with the typed client', async () => {
    const client = trader.exchange;
    expect(await client.getSpotFunds()).toMatchObject({ total: '10000' });
    await client.transfer({ from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES', amount: '1000' });
    await fullAllowance();
    expect((await client.getFuturesFunds()).balance).toBe('1000');
    await ex.sandbox.setPrice('BTCUSDT', '60000');
    const placed = await client.placeOrder(
      'BTCUSDT',
      { leverage: 10, quantity: '0.01', order_price: '50000', order_type: 'LONG', trigger_type: 'LIMIT' },
      { isSymbol: true },
    );
    expect(placed).toMatchObject({ status: 'CREATED', quantity: '0.01' });
    await fullAllowance();
    expect((await client.listOpenOrders()).map((o) => o.id)).toContain(placed.order_id);
    expect((await client.cancelOrder(placed.order_id)).status).toBe('CANCELLED');
    await fullAllowance();
    expect(await client.listOpenPositions()).toBeNull();
    await client.placeOrder(
      'BTCUSDT',
      { leverage: 10, quantity: 0.01, order_price: 60000, order_type: 'SHORT', trigger_type: 'MARKET' },
      { isSymbol: true },
    );
    await fullAllowance();
    const [position] = (await client.listOpenPositions()) ?? [];
    expect(position).toMatchObject({
      symbol: 'BTCUSDT',
      order_type: 'SHORT',
      quantity: '0.01',
      status: 'OPEN',
    });
    await ex.sandbox.setPrice('BTCUSDT', '59000');
    expect(Number((await client.listOpenPositions())?.[0]?.pnl)).toBeGreaterThan(0);
    await fullAllowance();
    await client.closePosition(position!.id);
    expect(await client.listOpenPositions()).toBeNull();
  });

  it('a polite client rides out the 2 requests/second limit', async () => {
    await fullAllowance();
    const polite = (await import('@mockex/client')).createExchangeClient({
      baseUrl: ex.server.url,
      secret: trader.secret,
      polite: true,
    });
    const balances = await Promise.all(Array.from({ length: 5 }, () => polite.getFuturesFunds()));
    expect(balances).toHaveLength(5);
  });

  it('serves /openapi.json describing the exchange and the sandbox', async () => {
    const res = await fetch(`${ex.server.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0].url).toBe(ex.server.url);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/fapi/v1/futures/{asset}/order',
        '/sandbox/v1/faults',
        '/sandbox/v1/clock/advance',
      ]),
    );
  });

  it('two server processes on one database share accounts, faults and the clock', async () => {
    const logs = captureLogs();
    const second = await startServer({
      config: configSchema.parse({ PORT: '0', HOST: '127.0.0.1' }),
      logger: logs.logger,
      database: ex.server.db,
    });
    try {
      await fullAllowance();
      const viaSecond = (await import('@mockex/client')).createExchangeClient({
        baseUrl: second.url,
        secret: trader.secret,
      });
      expect((await viaSecond.getFuturesFunds()).balance).toBe(
        (await trader.exchange.getFuturesFunds()).balance,
      );
      const fault = await ex.sandbox.armFault({
        fault: 'maintenance',
        match: { path: '/fapi/v1/wallet/funds' },
      });
      await expect
        .poll(
          async () =>
            (
              await fetch(`${second.url}/fapi/v1/wallet/funds`, {
                headers: { 'X-Authentication': trader.secret },
              })
            ).status,
        )
        .toBe(503);
      await ex.sandbox.disarmFault(fault.id);
      await ex.sandbox.advanceClock(60);
      await expect
        .poll(async () => (await (await fetch(`${second.url}/sandbox/v1/clock`)).json()).data.offsetSeconds)
        .toBe(60);
    } finally {
      await second.close();
    }
  });
});
