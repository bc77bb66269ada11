import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchangeServer, type ExchangeServer, type KeyedTrader } from './exchange-support.ts';

let ex: ExchangeServer;
let trader: KeyedTrader;
beforeAll(async () => {
  ex = await startExchangeServer();
  trader = await ex.trader();
});
afterAll(() => ex?.server.stop());

describe('response headers', () => {
  it('private answers say nosniff and no-store: the exchange with a key, the key API, the sandbox', async () => {
    const answers = [
      await fetch(`${ex.server.url}/fapi/v1/futures/funds`, {
        headers: { 'X-Authentication': trader.secret },
      }),
      await fetch(`${ex.server.url}/fapi/v1/futures/funds`),
      // The connectivity check needs a key (it says whether the key is valid): not market data.
      await fetch(`${ex.server.url}/fapi/v1/futures/ping`, {
        headers: { 'X-Authentication': trader.secret },
      }),
      await fetch(`${ex.server.url}/trpc/account.me`, {
        headers: { authorization: `Bearer ${trader.token}` },
      }),
      await fetch(`${ex.server.url}/trpc/auth.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: trader.email, password: 'wrong password, surely' }),
      }),
      await fetch(`${ex.server.url}/sandbox/v1/clock`),
    ];
    for (const res of answers) {
      expect(res.headers.get('x-content-type-options'), res.url).toBe('nosniff');
      expect(res.headers.get('cache-control'), res.url).toBe('no-store');
    }
  });

  it('public market data may be kept by a cache: nosniff, but no no-store', async () => {
    const window = 'aggregation=1m&start_time=1767225600&end_time=1767229200';
    for (const path of ['/price/kline', '/price/mark-kline']) {
      const res = await fetch(`${ex.server.url}/fapi/v1${path}?assets=BTC/USDT&${window}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('cache-control'), path).toBeNull();
    }
  });

  it('every answer says nosniff', async () => {
    for (const path of ['/healthz', '/openapi.json', '/no/such/route']) {
      const res = await fetch(`${ex.server.url}${path}`);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });
});

describe('/openapi.json', () => {
  it('never copies the request Host into its server URL', async () => {
    const { port } = new URL(ex.server.url);
    const text = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/openapi.json', headers: { host: 'attacker.example' } },
        (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (c: string) => (body += c));
          res.on('end', () => resolve(body));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(text).not.toContain('attacker.example');
    expect(JSON.parse(text).servers).toEqual([
      { url: '/', description: 'The server this document was fetched from' },
    ]);
  });
});
