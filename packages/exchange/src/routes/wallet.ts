import { z } from 'zod';
import { defineRoute, type AnyExchangeRoute } from './route.ts';
import type { ExchangeRuntime } from '../runtime.ts';
import { decimal, futuresFundsSchema, messageSchema, spotFundsSchema, walletType } from './schemas.ts';
import { futuresFundsView, spotFundsView } from './views.ts';

const spotExample = {
  total: '10000',
  rewards: '0',
  invested: '0',
  withdrawable: '10000',
  coin_investable: '10000',
  coinset_investable: '10000',
  vault_investable: '10000',
};

export function walletRoutes(rt: ExchangeRuntime): AnyExchangeRoute[] {
  const spotFunds = (method: 'GET' | 'POST') =>
    defineRoute({
      method,
      path: '/wallet/funds',
      permission: 'READ_ONLY',
      operationId: method === 'GET' ? 'getSpotFunds' : 'postSpotFunds',
      summary:
        method === 'GET'
          ? 'Spot wallet balance'
          : 'Spot wallet balance (POST form, as older clients call it)',
      description:
        'The USDT spot wallet. Funds move to the futures wallet with POST /wallet/futures/transfer.',
      tag: 'Wallet',
      response: spotFundsSchema,
      example: spotExample,
      successStatus: 200,
      errors: [],
      handle: ({ caller, now }) => rt.view(caller.account.id, now, (state) => spotFundsView(state)),
    });

  return [
    spotFunds('GET'),
    spotFunds('POST'),
    defineRoute({
      method: 'POST',
      path: '/wallet/futures/transfer',
      permission: 'TRADE',
      rateGroup: 'wallet',
      operationId: 'transferFunds',
      summary: 'Move funds between the spot and futures wallets',
      description: 'Instant and free. The two wallet types must differ; the source must hold the amount.',
      tag: 'Wallet',
      body: z
        .object({ from_wallet_type: walletType, to_wallet_type: walletType, amount: decimal('100') })
        .meta({ example: { from_wallet_type: 'SPOT', to_wallet_type: 'FUTURES', amount: '100' } }),
      response: messageSchema,
      example: { msg: 'internal_wallet_fund_transfer_request accepted' },
      successStatus: 202,
      errors: ['INSUFFICIENT_BALANCE'],
      async handle({ caller, now, body }) {
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
      operationId: 'getFuturesFunds',
      summary: 'Futures wallet balance',
      description:
        '`balance` is free to trade; `locked_amount` is held as margin by open positions and resting orders.',
      tag: 'Wallet',
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
      handle: ({ caller, now }) =>
        rt.view(caller.account.id, now, (state, prices) => futuresFundsView(state, prices)),
    }),
  ];
}
