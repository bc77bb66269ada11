/**
 * A smaller fuzz run than the exchange package's in-process one, over real HTTP and the real database
 * (PostgreSQL with DATABASE_URL, PGlite otherwise): every `/fapi/v1` and `/sandbox/v1` route, with NUL
 * bytes, exotic numbers and odd paths, and never a 5xx. Routes that would end the run's key
 * (`/reset`, `/clock/advance`, `/accounts/kyc`) are left to the in-process run.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeRequests, sandboxRequests, type FuzzRequest } from '@mockex/exchange/testing';
import { startExchangeServer, type ExchangeServer, type KeyedTrader } from './exchange-support.ts';

let ex: ExchangeServer;
let trader: KeyedTrader;
beforeAll(async () => {
  ex = await startExchangeServer();
  trader = await ex.trader();
  await ex.sandbox.credit(trader.email, 'FUTURES', '100000');
}, 60_000);
afterAll(() => ex?.server.stop());

async function send(mount: string, req: FuzzRequest, secret?: string) {
  const headers: Record<string, string> = {};
  if (secret) headers['X-Authentication'] = secret;
  if (req.body !== undefined && req.contentType) headers['content-type'] = req.contentType;
  const res = await fetch(`${ex.server.url}${req.path}`, {
    method: req.method,
    headers,
    ...(req.body !== undefined ? { body: req.body } : {}),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('fuzzing over HTTP and the database finds no 5xx', () => {
  it('on /fapi/v1 and /sandbox/v1', async () => {
    const requests = fc.oneof(
      exchangeRequests().map((req) => ({ mount: 'fapi', req })),
      sandboxRequests({ skipSandbox: ['/reset', '/clock/advance', '/accounts/kyc'] }).map((req) => ({
        mount: 'sandbox',
        req,
      })),
    );
    await fc.assert(
      fc.asyncProperty(requests, async ({ mount, req }) => {
        await ex.server.exchange.limiter.reset();
        const status = await send(mount, req, mount === 'fapi' ? trader.secret : undefined);
        expect(status, `${req.method} ${req.path} ${req.body ?? ''}`).toBeLessThan(500);
        if (mount === 'sandbox') await ex.server.exchange.state.reset();
      }),
      { numRuns: 400, seed: 20261129 },
    );
  }, 180_000);
});
