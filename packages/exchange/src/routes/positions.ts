import { MockexError, toWire, ZERO } from '@mockex/domain';
import { z } from 'zod';
import { defineRoute, type AnyExchangeRoute } from './route.ts';
import { liquidationPrice } from '../engine/rules.ts';
import { partialCloseBody, riskBody } from './position-schemas.ts';
import {
  feeSchema,
  timePageQuery,
  currencyQuery,
  positionActionSchema,
  positionHistorySchema,
  positionParams,
  positionSchema,
  marginChangeSchema,
  reversedPositionSchema,
  usdt,
} from './schemas.ts';
import { feeView, historyPage, positionHistoryView, positionView } from './views.ts';

const POSITION_ID = '01999e74-27a6-76d5-880b-4cab5eac78f1';

const examplePosition = {
  id: POSITION_ID,
  created_at: '2026-01-01T09:30:00Z',
  updated_at: '2026-01-01T09:35:00Z',
  stoploss: { price: '65000', order_id: '0199c3a0-11aa-7b2c-8d3e-4f5a6b7c8d9e', order_type: 'SHORT' },
  takeprofit: null,
  entry_price: '67000',
  quantity: '0.01',
  leverage: '10',
  liquidation_price: '60603',
  initial_margin: '67',
  maintenance_margin: '3.35',
  mark_price: '67120.5',
  pnl: '1.205',
  realized_pnl: '0',
  order_type: 'LONG',
  status: 'OPEN',
  asset_uuid: '01903a7b-bf65-707d-a7dc-d7b84c3c756c',
  symbol: 'BTCUSDT',
  trade_currency: 'USDT',
};

const OPEN_POSITION_ERRORS = ['POSITION_NOT_FOUND', 'POSITION_OUT_OF_SYNC'] as const;
/** Routes where the venue answers a closed position with its own text rather than out of sync. */
const NOT_OPEN_ERRORS = ['POSITION_NOT_FOUND', 'POSITION_NOT_OPEN'] as const;

const riskOrder = (method: 'POST' | 'PATCH') => {
  const edit = method === 'PATCH';
  return defineRoute({
    method,
    path: '/futures/positions/:id/riskorder',
    permission: 'TRADE',
    rateGroup: 'orders',
    operationId: edit ? 'editRiskOrder' : 'setRiskOrder',
    summary: edit
      ? 'Change the stop-loss / take-profit of an open position'
      : 'Set a stop-loss / take-profit on an open position',
    description:
      'A stop-loss must lie between the liquidation price and the mark; a take-profit beyond the mark. When fired they ' +
      'close the whole position at the mark.' +
      (edit
        ? ' Pass the order ids you last read: if they were replaced or fired meanwhile, the answer is out of sync.'
        : ''),
    tag: 'Positions',
    params: positionParams,
    body: riskBody(edit),
    response: positionActionSchema,
    example: {
      position_id: POSITION_ID,
      status: 'CREATED',
      message: edit ? 'Risk order updated successfully' : 'Risk order placed successfully',
    },
    successStatus: 200,
    errors: edit ? [...NOT_OPEN_ERRORS, 'POSITION_OUT_OF_SYNC'] : [...NOT_OPEN_ERRORS],
    async handle({ caller, params, body, now }, rt) {
      const ids = body as { stoploss_order_id?: string; takeprofit_order_id?: string };
      await rt.run(caller.account.id, now, {
        type: 'setRiskOrders',
        positionId: params.id,
        stopLoss: body.is_stoploss ? body.stoploss_price : undefined,
        takeProfit: body.is_takeprofit ? body.takeprofit_price : undefined,
        expectStopLossId: body.is_stoploss ? ids.stoploss_order_id || undefined : undefined,
        expectTakeProfitId: body.is_takeprofit ? ids.takeprofit_order_id || undefined : undefined,
        mode: edit ? 'edit' : 'create',
      });
      return {
        position_id: params.id,
        status: 'CREATED',
        message: edit ? 'Risk order updated successfully' : 'Risk order placed successfully',
      };
    },
  });
};

export const positionRoutes: AnyExchangeRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/futures/positions',
    permission: 'READ_ONLY',
    operationId: 'listOpenPositions',
    summary: 'Open positions (`data` is null when there are none, as on the venue)',
    tag: 'Positions',
    query: currencyQuery,
    response: z.array(positionSchema).nullable(),
    example: [examplePosition],
    successStatus: 200,
    errors: [],
    handle: async ({ caller, query, now }, rt) =>
      query.trade_currency === 'INR'
        ? null
        : rt.view(caller.account.id, now, (state, prices) => {
            if (state.positions.length === 0) return null;
            return [...state.positions]
              .reverse()
              .map((p) => positionView(state, p, rt.instruments, prices.mark(p.symbol)));
          }),
  }),
  defineRoute({
    method: 'GET',
    path: '/futures/positions/history',
    permission: 'READ_ONLY',
    operationId: 'listPositionHistory',
    summary: 'Closed and liquidated positions, newest first',
    tag: 'Positions',
    query: timePageQuery,
    response: z.array(positionHistorySchema),
    example: [
      {
        id: POSITION_ID,
        position_type: 'LONG',
        status: 'CLOSED',
        leverage: '10',
        entry_price: '67000',
        closed_price: '67500',
        quantity: '0.01',
        pnl: '5',
        created_at: '2026-01-01T09:30:00Z',
        updated_at: '2026-01-01T10:00:00Z',
        asset_uuid: examplePosition.asset_uuid,
        symbol: 'BTCUSDT',
        trade_currency: 'USDT',
      },
    ],
    successStatus: 200,
    errors: [],
    async handle({ caller, query, now }, rt) {
      if (query.trade_currency === 'INR') return [];
      const rows = await historyPage((await rt.history(caller.account.id, now)).positions, query);
      return rows.map(positionHistoryView);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/futures/positions/:id/close',
    permission: 'TRADE',
    rateGroup: 'orders',
    operationId: 'closePosition',
    summary: 'Close a whole position at the mark price',
    tag: 'Positions',
    params: positionParams,
    response: positionActionSchema,
    example: { position_id: POSITION_ID, status: 'CREATED', message: 'OK' },
    successStatus: 200,
    errors: [...NOT_OPEN_ERRORS],
    async handle({ caller, params, now }, rt) {
      await rt.run(caller.account.id, now, { type: 'closePosition', positionId: params.id });
      return { position_id: params.id, status: 'CREATED', message: 'OK' };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/futures/positions/:id/close/partial',
    permission: 'TRADE',
    rateGroup: 'orders',
    operationId: 'partialClosePosition',
    summary: 'Close part of a position, at the mark (MARKET) or with a resting reduce-only LIMIT order',
    description:
      'A quantity larger than the open size means the position shrank since it was read: out of sync. ' +
      '`order_type` LONG or SHORT (as the official Python SDK sends it) closes at the mark, or with a LIMIT ' +
      'order when `limit_price` is given.',
    tag: 'Positions',
    params: positionParams,
    body: partialCloseBody,
    response: z.literal(true),
    example: true,
    successStatus: 200,
    errors: [...NOT_OPEN_ERRORS, 'POSITION_OUT_OF_SYNC'],
    async handle({ caller, params, body, now }, rt) {
      const limit = body.order_type === 'LIMIT' || (body.order_type !== 'MARKET' && body.limit_price);
      await rt.run(caller.account.id, now, {
        type: 'partialClose',
        positionId: params.id,
        quantity: body.quantity,
        trigger: limit ? 'LIMIT' : 'MARKET',
        price: limit ? body.limit_price : undefined,
      });
      return true;
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/futures/positions/:id/reverse',
    permission: 'TRADE',
    rateGroup: 'orders',
    operationId: 'reversePosition',
    summary: 'Turn a LONG into a SHORT of the same size (or the reverse) at the mark price',
    tag: 'Positions',
    params: positionParams,
    response: reversedPositionSchema,
    example: {
      order_id: '0199c3a1-22bb-7c3d-9e4f-5a6b7c8d9e0f',
      position_id: '0199c3a1-33cc-7d4e-8f5a-6b7c8d9e0f1a',
      leverage: '10',
      amount: '67.1',
      quantity: '0.01',
      price: '67100',
      status: 'CREATED',
      message: 'Position reversed successfully',
    },
    successStatus: 202,
    errors: [...OPEN_POSITION_ERRORS, 'INSUFFICIENT_BALANCE'],
    async handle({ caller, params, now }, rt) {
      const { result } = await rt.run(caller.account.id, now, {
        type: 'reversePosition',
        positionId: params.id,
      });
      const next = result.position;
      return {
        order_id: result.order.id,
        position_id: next?.id ?? null,
        leverage: toWire(result.order.leverage),
        amount: toWire(result.order.actual_amount),
        quantity: next ? toWire(next.quantity) : toWire(result.closed.quantity),
        price: toWire(result.order.filled_price ?? result.order.price),
        status: 'CREATED' as const,
        message: 'Position reversed successfully',
      };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/futures/positions/:id/add-margin',
    permission: 'TRADE',
    rateGroup: 'orders',
    operationId: 'addMargin',
    summary: 'Add margin to a position (or take some back with a negative amount)',
    tag: 'Positions',
    params: positionParams,
    body: z.object({ margin: usdt('10') }),
    response: marginChangeSchema,
    example: { message: 'OK', initial_margin: '77', liquidation_price: '59598', trade_currency: 'USDT' },
    successStatus: 200,
    errors: [...OPEN_POSITION_ERRORS, 'INSUFFICIENT_BALANCE'],
    async handle({ caller, params, body, now }, rt) {
      const { result } = await rt.run(caller.account.id, now, {
        type: 'addMargin',
        positionId: params.id,
        margin: body.margin,
      });
      return {
        message: 'OK',
        initial_margin: toWire(result.position.margin),
        liquidation_price: result.liquidationPrice,
        trade_currency: 'USDT',
      };
    },
  }),
  riskOrder('POST'),
  riskOrder('PATCH'),
  defineRoute({
    method: 'GET',
    path: '/futures/positions/:id/liq-price',
    permission: 'READ_ONLY',
    operationId: 'getLiquidationPrice',
    summary:
      'Liquidation price of a position, optionally as it would be with `ext_margin` more (or less) margin',
    tag: 'Positions',
    params: positionParams,
    query: z.object({ ext_margin: usdt('5').optional() }),
    response: z.string(),
    example: '60603',
    successStatus: 200,
    errors: [...OPEN_POSITION_ERRORS],
    async handle({ caller, params, query, now }, rt) {
      const position = await rt.findPosition(caller.account.id, now, params.id);
      if (position.status !== 'OPEN') throw new MockexError('POSITION_OUT_OF_SYNC');
      const spec = rt.instruments.byId(position.asset_id)!;
      return toWire(liquidationPrice(spec, position, query.ext_margin ?? ZERO));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/futures/fee/history',
    permission: 'READ_ONLY',
    operationId: 'listFeeHistory',
    summary: 'Trading and funding fees, newest first',
    tag: 'Fees',
    query: timePageQuery,
    response: z.array(feeSchema),
    example: [
      {
        id: '019c0555-aaa1-70dd-a15b-398b28faaf75',
        symbol: 'BTCUSDT',
        asset_uuid: examplePosition.asset_uuid,
        fee_amount: '0.335',
        fee_perc: '0.05',
        fee_type: 'TRANSACTION',
        transaction_amount: '670',
        order_type: 'LONG',
        trigger_type: 'MARKET',
        order_id: '0199c39f-e866-7d6b-947e-ed2f09c90b8e',
        position_id: POSITION_ID,
        created_at: '2026-01-01T09:30:00Z',
        trade_currency: 'USDT',
      },
    ],
    successStatus: 200,
    errors: [],
    async handle({ caller, query, now }, rt) {
      if (query.trade_currency === 'INR') return [];
      const rows = await historyPage((await rt.history(caller.account.id, now)).fees, query);
      return rows.map(feeView);
    },
  }),
];
