import { toWire, VENUE_TEXTS } from '@mockex/domain';
import { z } from 'zod';
import { defineRoute, type AnyExchangeRoute } from './route.ts';
import {
  assetParams,
  decimal,
  flag,
  orderCreatedSchema,
  orderParams,
  orderSchema,
  side,
  symbolQuery,
  triggerType,
  orderCancelledSchema,
  orderChangeSchema,
  requireRiskPrices,
  tradeCurrency,
  timePageQuery,
} from './schemas.ts';
import { historyPage, orderView, page } from './views.ts';
import { noInrFunds } from './currency.ts';

const orderBody = z
  .object({
    leverage: decimal('10', 'PARAMS_ERROR').optional(),
    quantity: decimal('0.01', 'PARAMS_ERROR'),
    order_price: decimal('67000', 'PARAMS_ERROR').optional(),
    order_type: side,
    trigger_type: triggerType,
    is_stoploss: flag,
    stoploss_price: decimal('65000').optional(),
    is_takeprofit: flag,
    takeprofit_price: decimal('70000').optional(),
    reduce_only: flag,
    trade_currency: tradeCurrency,
  })
  .superRefine((body, ctx) => {
    requireRiskPrices(body, ctx);
    if (body.trigger_type === 'LIMIT' && !body.order_price)
      ctx.addIssue({ code: 'custom', path: ['order_price'], message: VENUE_TEXTS.PARAMS_ERROR.text });
  });

const exampleOrder = {
  id: '0199c39f-e866-7d6b-947e-ed2f09c90b8e',
  created_at: '2026-01-01T09:30:00Z',
  updated_at: '2026-01-01T09:30:00Z',
  reason: { message: 'OK' },
  actual_amount: '66.5',
  desired_amount: '66.5',
  quantity: '0.01',
  filled_quantity: '0',
  price: '66500',
  filled_price: '0',
  leverage: '10',
  liquidation_price: '0',
  order_type: 'LONG',
  trigger_type: 'LIMIT',
  status: 'CREATED',
  reduce_only: false,
  stoploss_price: null,
  takeprofit_price: null,
  asset_uuid: '01903a7b-bf65-707d-a7dc-d7b84c3c756c',
  symbol: 'BTCUSDT',
  future_position_uuid: null,
  trade_currency: 'USDT',
};

export const orderRoutes: AnyExchangeRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/futures/:asset/order',
    permission: 'TRADE',
    rateGroup: 'orders',
    operationId: 'createOrder',
    summary: 'Place a MARKET or LIMIT order, optionally with stop-loss and take-profit',
    description:
      'MARKET orders fill at the mark price (taker fee). LIMIT orders rest, locking margin, until the mark crosses ' +
      'their price, then fill at it (maker fee); a LIMIT already crossed fills at once at the mark. One position per ' +
      'asset: an order against an open position reduces it first, and reduce_only orders may only reduce it.',
    tag: 'Orders',
    params: assetParams,
    query: symbolQuery,
    body: orderBody,
    response: orderCreatedSchema,
    example: {
      order_id: exampleOrder.id,
      leverage: '10',
      amount: '66.5',
      quantity: '0.01',
      price: '66500',
      status: 'CREATED',
      message: 'OK',
      symbol: 'BTCUSDT',
      order_type: 'LONG',
      trigger_type: 'LIMIT',
    },
    successStatus: 202,
    errors: ['ASSET_NOT_FOUND', 'INSUFFICIENT_BALANCE', 'POSITION_OUT_OF_SYNC'],
    async handle({ caller, params, query, body, now }, rt) {
      const spec = rt.instruments.resolve(params.asset, query.is_symbol !== undefined);
      if (body.trade_currency === 'INR') throw noInrFunds();
      const { result } = await rt.run(caller.account.id, now, {
        type: 'placeOrder',
        assetId: spec.id,
        side: body.order_type,
        trigger: body.trigger_type,
        quantity: body.quantity,
        price: body.order_price,
        leverage: body.leverage,
        reduceOnly: body.reduce_only,
        stopLoss: body.is_stoploss ? body.stoploss_price : undefined,
        takeProfit: body.is_takeprofit ? body.takeprofit_price : undefined,
      });
      const order = result.order;
      return {
        order_id: order.id,
        leverage: toWire(order.leverage),
        amount: toWire(order.actual_amount),
        quantity: toWire(order.quantity),
        price: toWire(order.filled_price ?? order.price),
        status: 'CREATED' as const,
        message: 'OK',
        symbol: order.symbol,
        order_type: order.order_type,
        trigger_type: order.trigger_type,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/futures/orders',
    permission: 'READ_ONLY',
    operationId: 'listOpenOrders',
    summary: 'Open orders: resting LIMIT orders and the stop-loss / take-profit orders of open positions',
    tag: 'Orders',
    query: timePageQuery,
    response: z.array(orderSchema),
    example: [exampleOrder],
    successStatus: 200,
    errors: [],
    handle: async ({ caller, query, now }, rt) =>
      query.trade_currency === 'INR'
        ? []
        : rt.view(caller.account.id, now, (state) =>
            page(state.orders, query.offset, query.limit).map((o) => orderView(state, o, rt.instruments)),
          ),
  }),
  defineRoute({
    method: 'GET',
    path: '/futures/orders/history',
    permission: 'READ_ONLY',
    operationId: 'listOrderHistory',
    summary: 'Filled and cancelled orders, newest first',
    tag: 'Orders',
    query: timePageQuery,
    response: z.array(orderSchema),
    example: [{ ...exampleOrder, status: 'FILLED', filled_quantity: '0.01', filled_price: '66500' }],
    successStatus: 200,
    errors: [],
    async handle({ caller, query, now }, rt) {
      if (query.trade_currency === 'INR') return [];
      const orders = await historyPage((await rt.history(caller.account.id, now)).orders, query);
      return orders.map((o) => orderView(null, o, rt.instruments));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/futures/orders/:id',
    permission: 'READ_ONLY',
    operationId: 'getOrder',
    summary: 'One order by id',
    tag: 'Orders',
    params: orderParams,
    response: orderSchema,
    example: exampleOrder,
    successStatus: 200,
    errors: ['ORDER_NOT_FOUND'],
    async handle({ caller, params, now }, rt) {
      const { order, state } = await rt.findOrder(caller.account.id, now, params.id);
      return orderView(state, order, rt.instruments);
    },
  }),
  defineRoute({
    method: 'PATCH',
    path: '/futures/orders/:id',
    permission: 'TRADE',
    rateGroup: 'orders',
    operationId: 'amendOrder',
    summary: 'Amend a resting LIMIT order: its price, its quantity, or both',
    description:
      'A field left out keeps its current value (the official Python SDK amends the price alone; the venue ' +
      'itself asks for both: see the venue notes).',
    tag: 'Orders',
    params: orderParams,
    body: z
      .object({
        order_price: decimal('66400', 'PARAMS_ERROR').optional(),
        quantity: decimal('0.02', 'PARAMS_ERROR').optional(),
        trade_currency: tradeCurrency,
      })
      .meta({ example: { order_price: '66400', quantity: '0.02' } }),
    response: orderChangeSchema,
    example: { message: 'Order updated successfully', order_id: exampleOrder.id, status: 'CREATED' },
    successStatus: 200,
    errors: ['ORDER_NOT_FOUND', 'ORDER_NOT_OPEN', 'INSUFFICIENT_BALANCE', 'POSITION_OUT_OF_SYNC'],
    async handle({ caller, params, body, now }, rt) {
      const { result } = await rt.run(caller.account.id, now, {
        type: 'amendOrder',
        orderId: params.id,
        price: body.order_price,
        quantity: body.quantity,
      });
      return {
        message: 'Order updated successfully',
        order_id: result.order.id,
        status: result.order.status,
      };
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/futures/orders/:id',
    permission: 'TRADE',
    rateGroup: 'orders',
    operationId: 'cancelOrder',
    summary: 'Cancel an open order (its locked margin returns to the balance)',
    tag: 'Orders',
    params: orderParams,
    response: orderCancelledSchema,
    example: { message: 'Order cancelled successfully', order_id: exampleOrder.id, status: 'CANCELLED' },
    successStatus: 200,
    errors: ['ORDER_NOT_FOUND', 'ORDER_NOT_OPEN'],
    async handle({ caller, params, now }, rt) {
      const { result } = await rt.run(caller.account.id, now, { type: 'cancelOrder', orderId: params.id });
      return {
        message: 'Order cancelled successfully',
        order_id: result.order.id,
        status: 'CANCELLED' as const,
      };
    },
  }),
];
