/**
 * Fuzzing every `/fapi/v1` and `/sandbox/v1` route in-process (real routes and engine, memory storage):
 * whatever arrives, the answer is never a 5xx and nothing is logged as an unexpected failure.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createInProcessExchange } from '../src/in-process.ts';
import { exchangeRequests, sandboxRequests, type FuzzRequest } from '../src/fuzz.ts';
import type { GatewayHandler } from '../src/http/handler.ts';
import { callHandler, TRADER, unlimitedProfile } from './support/in-process-calls.ts';

const failures: Array<{ obj: object; msg: string }> = [];
const ex = createInProcessExchange({
  keys: [{ secret: TRADER, email: 'fuzz@example.com' }],
  profile: unlimitedProfile(),
  seed: 'fuzz',
  logger: { error: (obj, msg) => failures.push({ obj, msg }), warn: () => {} },
});
afterAll(() => ex.state.close());

async function send(handler: GatewayHandler, req: FuzzRequest, secret: string | undefined) {
  return callHandler(handler, {
    method: req.method,
    path: req.path,
    headers: {
      ...(secret ? { 'X-Authentication': secret } : {}),
      ...(req.body !== undefined && req.contentType ? { 'content-type': req.contentType } : {}),
    },
    ...(req.body !== undefined ? { body: req.body } : {}),
  });
}

describe('fuzzing the in-process handlers finds no 5xx', () => {
  it('every /fapi/v1 route', async () => {
    // Funds and a position first, so ids and amounts meet real state.
    await ex.sandbox.credit(TRADER, 'FUTURES', '100000');
    await fc.assert(
      fc.asyncProperty(exchangeRequests(), fc.nat(3), async (req, keyed) => {
        const res = await send(ex.gateway, req, keyed > 0 ? TRADER : undefined);
        expect(res.status, `${req.method} ${req.path} ${req.body ?? ''}`).toBeLessThan(500);
        expect(res.status).toBeGreaterThanOrEqual(200);
        expect(failures).toEqual([]);
      }),
      { numRuns: 3_000, seed: 20261129 },
    );
  }, 120_000);

  it('every /sandbox/v1 route', async () => {
    await fc.assert(
      fc.asyncProperty(sandboxRequests(), async (req) => {
        const res = await send(ex.sandboxGateway, req, undefined);
        expect(res.status, `${req.method} ${req.path} ${req.body ?? ''}`).toBeLessThan(500);
        expect(failures).toEqual([]);
        // Armed faults and a moved clock would make later exchange requests fail on purpose.
        await ex.state.reset();
      }),
      { numRuns: 2_000, seed: 20261129 },
    );
  }, 120_000);
});
