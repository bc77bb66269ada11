import { venueError } from '@mockex/domain';
import { z } from 'zod';
import { defineRoute, type AnyExchangeRoute } from './route.ts';
import {
  currencyQuery,
  decimal,
  exact,
  futuresFundsSchema,
  integer,
  messageSchema,
  spotFundsSchema,
  tradeCurrency,
  transactionSchema,
  usdt,
  walletType,
} from './schemas.ts';
import { futuresFundsView, spotFundsView, transactionViews } from './views.ts';
import { noInrFunds } from './currency.ts';

const spotExample = {
  total: '10000',
  rewards: '0',
  invested: '0',
  withdrawable: '10000',
  coin_investable: '10000',
  coinset_investable: '10000',
  vault_investable: '10000',
};

const spotFunds = (method: 'GET' | 'POST') =>
  defineRoute({
    method,
    path: '/wallet/funds',
    permission: 'READ_ONLY',
    rateGroup: 'wallet',
    operationId: method === 'GET' ? 'getSpotFunds' : 'postSpotFunds',
    summary:
      method === 'GET' ? 'Spot wallet balance' : 'Spot wallet balance (POST form, as older clients call it)',
    description:
      'The USDT spot wallet (`?currency=INR`: the INR one, which the sandbox never funds). Funds move to the ' +
      'futures wallet with POST /wallet/futures/transfer.',
    tag: 'Wallet',
    query: z.object({ currency: exact(['USDT', 'INR'], 'INVALID_TRADE_CURRENCY').optional() }),
    response: spotFundsSchema,
    example: spotExample,
    successStatus: 200,
    errors: [],
    handle: ({ caller, query, now }, rt) =>
      rt.view(caller.account.id, now, (state) =>
        spotFundsView(query.currency === 'INR' ? { ...state, spot: '0' } : state),
      ),
  });

export const walletRoutes: AnyExchangeRoute[] = [
  spotFunds('GET'),
  spotFunds('POST'),
  defineRoute({
    method: 'POST',
    path: '/wallet/futures/transfer',
    permission: 'TRADE',
    rateGroup: 'wallet',
    nullErrorCode: true,
    operationId: 'transferFunds',
    summary: 'Move funds between the spot and futures wallets',
    description:
      'Instant and free. The two wallet types must differ; the source must hold the amount. Refusals carry ' +
      '`code: null`, as the venue sends them for transfers.',
    tag: 'Wallet',
    body: z
      .object({
        from_wallet_type: walletType,
        to_wallet_type: walletType,
        amount: usdt('100', 'PARAMS_ERROR'),
      })
      .meta({ example: { from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES', amount: '100' } }),
    response: messageSchema,
    example: { msg: 'internal_wallet_fund_transfer_request accepted' },
    successStatus: 202,
    errors: ['INSUFFICIENT_BALANCE'],
    async handle({ caller, now, body }, rt) {
      await rt.run(caller.account.id, now, {
        type: 'transfer',
        from: body.from_wallet_type,
        to: body.to_wallet_type,
        amount: body.amount,
      });
      return { msg: 'internal_wallet_fund_transfer_request accepted' };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/futures/funds',
    permission: 'READ_ONLY',
    rateGroup: 'wallet',
    operationId: 'getFuturesFunds',
    summary: 'Futures wallet balance',
    description:
      '`balance` is free to trade; `locked_amount` is held as margin by open positions and resting orders.',
    tag: 'Wallet',
    query: currencyQuery.extend({ source: z.string().optional() }),
    response: futuresFundsSchema,
    example: {
      balance: '912.5',
      locked_amount: '87.5',
      first_time_user: false,
      unrealized_pnl: '-1.25',
      trade_currency: 'USDT',
    },
    successStatus: 200,
    errors: [],
    handle: ({ caller, query, now }, rt) =>
      rt.view(caller.account.id, now, (state, prices) =>
        query.trade_currency === 'INR'
          ? {
              ...futuresFundsView({ ...state, futures: '0', orders: [], positions: [] }, prices),
              trade_currency: 'INR',
            }
          : futuresFundsView(state, prices),
      ),
  }),
  defineRoute({
    method: 'POST',
    path: '/futures/transfers/inr',
    permission: 'TRADE',
    rateGroup: 'wallet',
    nullErrorCode: true,
    operationId: 'transferInrFunds',
    summary: 'Move INR between the spot and futures wallets',
    description:
      'The INR counterpart of POST /wallet/futures/transfer. The sandbox funds accounts in USDT only, so the INR ' +
      'wallets are empty and every transfer is refused with `insufficient balance` (`code: null`).',
    tag: 'Wallet',
    body: z
      .object({
        from_wallet_type: walletType,
        to_wallet_type: walletType,
        amount: decimal('1000', 'PARAMS_ERROR'),
      })
      .meta({ example: { from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES', amount: '1000' } }),
    response: z.object({ id: z.string(), status: z.string() }),
    example: { id: '019ecc71-2314-780d-9e65-21343eaa99c6', status: 'Completed' },
    successStatus: 202,
    errors: ['INSUFFICIENT_BALANCE'],
    handle({ body }) {
      if (body.from_wallet_type === body.to_wallet_type)
        throw venueError('SAME_WALLET', { field: 'to_wallet_type' });
      if (body.amount.lte(0)) throw venueError('PARAMS_ERROR', { field: 'amount' });
      throw noInrFunds();
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/futures/transactions',
    permission: 'READ_ONLY',
    operationId: 'listTransactions',
    summary:
      'The futures wallet’s transactions: transfers in and out, fills (their fees) and funding, newest first',
    description:
      'The venue documents transfers (`DEPOSIT`, `WITHDRAW`); Mockex lists fills (`TRADE`, the fee paid) and ' +
      '`FUNDING` beside them. Filter with `type` and `status`, order with `sort_order` (by `created_at`), page ' +
      'with `offset` and `limit`.',
    tag: 'Wallet',
    query: z.object({
      trade_currency: tradeCurrency,
      type: exact(['DEPOSIT', 'WITHDRAW', 'TRADE', 'FUNDING'], 'PARAMS_ERROR').optional(),
      status: z.string().optional(),
      sort_by: exact(['created_at', 'updated_at'], 'PARAMS_ERROR').optional(),
      sort_order: exact(['asc', 'desc'], 'PARAMS_ERROR').optional(),
      offset: integer(0, 1_000_000, 0),
      limit: integer(1, 500, 20),
    }),
    response: z.array(transactionSchema),
    example: [
      {
        id: '019ecc71-2314-780d-9e65-21343eaa99c6',
        wallet_transaction_id: '',
        transaction_type: 'DEPOSIT',
        amount: '100',
        status: 'Completed',
        symbol: null,
        trade_currency: 'USDT',
        created_at: '2026-01-01T09:00:00Z',
        updated_at: '2026-01-01T09:00:00Z',
      },
    ],
    successStatus: 200,
    errors: [],
    async handle({ caller, query, now }, rt) {
      if (query.trade_currency === 'INR') return [];
      if (query.status !== undefined && query.status.toLowerCase() !== 'completed') return [];
      // Newest first: the newest `offset + limit` of each source make any page of the merged list.
      // Oldest first needs each source whole (bounded: a sandbox account's history).
      const window = {
        offset: 0,
        limit: query.sort_order === 'asc' ? 100_000 : query.offset + query.limit,
      };
      const want = query.type;
      const history = await rt.history(caller.account.id, now);
      const [transfers, fees] = await Promise.all([
        want === 'TRADE' || want === 'FUNDING' ? [] : history.transfers(window),
        want === 'DEPOSIT' || want === 'WITHDRAW' ? [] : history.fees(window),
      ]);
      let rows = transactionViews(transfers, fees).filter((r) => !want || r.transaction_type === want);
      if (query.sort_order === 'asc') rows = rows.reverse();
      return rows.slice(query.offset, query.offset + query.limit);
    },
  }),
];
