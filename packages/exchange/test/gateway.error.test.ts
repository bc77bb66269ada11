import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGateway, type GatewayHarness } from './support/gateway-server.ts';

let gw: GatewayHarness;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());
beforeEach(() => gw.limiter.reset());

const order = (body: string) =>
  gw.call('/fapi/v1/futures/BTCUSDT/order', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
  });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function expectInvalid(res: { status: number; body: any }, text: RegExp) {
  expect(res.status).toBe(400);
  expect(res.body.success).toBe(false);
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors[0]).toMatchObject({ code: 400, reason: 'INVALID_REQUEST' });
  expect(res.body.errors[0].text).toMatch(text);
}

describe('gateway over HTTP: client errors are 4xx naming the field, never 500', () => {
  it('malformed JSON', async () => {
    expectInvalid(await order('{"quantity": "0.001",'), /body is not valid JSON/);
  });

  it('a body over the size limit, answered without reading the rest', async () => {
    for (const size of [1024 * 1024 + 1, 8 * 1024 * 1024]) {
      const res = await order('x'.repeat(size));
      expectInvalid(res, /body: must be at most 1048576 bytes/);
      expect(res.headers.get('connection')).toBe('close');
    }
    expectInvalid(await order('{'), /body is not valid JSON/); // and the server carries on
  });

  it('a step violation names the field', async () => {
    expectInvalid(
      await order(JSON.stringify({ quantity: '0.0015', order_type: 'LONG' })),
      /quantity: must be a multiple of 0\.001/,
    );
  });

  it('an unknown enum value names the field', async () => {
    expectInvalid(await order(JSON.stringify({ quantity: '0.001', order_type: 'SIDEWAYS' })), /order_type: /);
  });

  it('a wrong type names the field', async () => {
    expectInvalid(
      await order(JSON.stringify({ quantity: '0.001', order_type: 'LONG', reduce_only: 'yes' })),
      /reduce_only: /,
    );
  });

  it('a missing body names the body', async () => {
    expectInvalid(await order(''), /body: /);
  });

  it('a JSON body of the wrong shape (an array, a string)', async () => {
    expectInvalid(await order('[1,2]'), /body: /);
    expectInvalid(await order('"hello"'), /body: /);
  });

  it('a bad query parameter names it', async () => {
    expectInvalid(await gw.call('/fapi/v1/futures/orders?limit=abc'), /limit: /);
  });

  it('a broken percent-encoding in a path parameter', async () => {
    expectInvalid(await gw.call('/fapi/v1/futures/%E0%A4%A'), /asset: /);
  });

  it('an unknown route is a 404 in the envelope', async () => {
    const res = await gw.call('/fapi/v1/futures/BTCUSDT/nonsense');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      success: false,
      errors: [
        { code: 404, text: 'No route for GET /fapi/v1/futures/BTCUSDT/nonsense', reason: 'NOT_FOUND' },
      ],
    });
    const wrongMethod = await gw.call('/fapi/v1/futures/funds', { method: 'DELETE' });
    expect(wrongMethod.status).toBe(404);
  });

  it("a route's own errors keep their status and reason", async () => {
    const missing = await gw.call('/fapi/v1/futures/NOPEUSDT');
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]).toMatchObject({ code: 404, reason: 'ASSET_NOT_FOUND' });
    const sync = await gw.call('/fapi/v1/futures/positions/pos_1/close', { method: 'POST' });
    expect(sync.status).toBe(400);
    expect(sync.body.errors[0]).toEqual({
      code: null,
      text: 'position not in sync with exchange',
      reason: 'POSITION_OUT_OF_SYNC',
    });
  });

  it('an unexpected exception is a 500 envelope that leaks nothing, and is logged', async () => {
    const res = await gw.call('/fapi/v1/futures/fee/history');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      success: false,
      errors: [{ code: 500, text: 'Internal server error', reason: 'INTERNAL_ERROR' }],
    });
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
    expect(gw.errors.at(-1)?.msg).toBe('exchange request failed');
  });

  it('a body over the size limit is refused as a 4xx', async () => {
    const res = await order(
      JSON.stringify({ quantity: '0.001', order_type: 'LONG', pad: 'x'.repeat(1_100_000) }),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors[0].text).toMatch(/body: must be at most/);
  });
});
