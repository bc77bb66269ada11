/**
 * A small route table of the gateway's own, so the gateway's behaviour (auth order, rate limit,
 * validation, envelope, faults) is tested independently of the engine's routes.
 */
import { z } from 'zod';
import { dec, MockexError } from '@mockex/domain';
import { defineRoute, type AnyExchangeRoute } from '../../src/routes/route.ts';

const quantity = z.union([z.string(), z.number()]).superRefine((v, ctx) => {
  const text = String(v);
  if (!/^\d+(\.\d+)?$/.test(text)) ctx.addIssue({ code: 'custom', message: 'must be a decimal number' });
  else if (!dec(text).mod('0.001').isZero())
    ctx.addIssue({ code: 'custom', message: 'must be a multiple of 0.001' });
});

/** The fixture routes need no runtime. */
export function fixtureRoutes(): AnyExchangeRoute<unknown>[] {
  let orders = 0;
  return [
    defineRoute({
      method: 'GET',
      path: '/futures/funds',
      permission: 'READ_ONLY',
      rateGroup: 'wallet',
      operationId: 'getFuturesFunds',
      summary: 'funds',
      tag: 'Wallet',
      response: z.object({ balance: z.string() }),
      successStatus: 200,
      errors: [],
      handle: async ({ caller }) => ({ balance: '100', account: caller.account.id }),
    }),
    defineRoute({
      method: 'GET',
      path: '/futures/orders',
      permission: 'READ_ONLY',
      operationId: 'listOrders',
      summary: 'orders',
      tag: 'Orders',
      query: z.object({ limit: z.coerce.number().int().min(1).max(100).optional() }),
      response: z.array(z.unknown()),
      successStatus: 200,
      errors: [],
      handle: async () => [],
    }),
    defineRoute({
      method: 'GET',
      path: '/futures/:asset',
      permission: 'READ_ONLY',
      operationId: 'getAsset',
      summary: 'asset',
      tag: 'Instruments',
      params: z.object({ asset: z.string() }),
      response: z.object({ symbol: z.string() }),
      successStatus: 200,
      errors: ['ASSET_NOT_FOUND'],
      handle: async ({ params }) => {
        if (params.asset !== 'BTCUSDT') throw new MockexError('ASSET_NOT_FOUND', { asset: params.asset });
        return { symbol: params.asset };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/futures/:asset/order',
      permission: 'TRADE',
      rateGroup: 'orders',
      operationId: 'placeOrder',
      summary: 'order',
      tag: 'Orders',
      params: z.object({ asset: z.string() }),
      body: z
        .object({ quantity, order_type: z.enum(['LONG', 'SHORT']), reduce_only: z.boolean().optional() })
        .strict(),
      response: z.object({ status: z.literal('CREATED') }),
      successStatus: 202,
      errors: [],
      handle: async () => ({ order_id: `ord_${++orders}`, status: 'CREATED' }),
    }),
    defineRoute({
      method: 'POST',
      path: '/futures/positions/:id/close',
      permission: 'TRADE',
      operationId: 'closePosition',
      summary: 'close',
      tag: 'Positions',
      params: z.object({ id: z.string() }),
      response: z.object({}),
      successStatus: 202,
      errors: ['POSITION_OUT_OF_SYNC'],
      handle: async () => {
        throw new MockexError('POSITION_OUT_OF_SYNC');
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/futures/fee/history',
      permission: 'READ_ONLY',
      operationId: 'feeHistory',
      summary: 'a route that fails unexpectedly',
      tag: 'Fees',
      response: z.unknown(),
      successStatus: 200,
      errors: [],
      handle: async () => {
        throw new Error('database password is hunter2');
      },
    }),
  ];
}
