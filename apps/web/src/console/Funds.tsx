import { useState } from 'react';
import type { WalletType } from '@mockex/client';
import { amount, signed } from '../lib/format.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { DecimalField } from '../components/DecimalField.tsx';
import { QueryError } from './QueryError.tsx';
import { useExchangeAction, useExchangeQuery } from './hooks.ts';

export function Funds() {
  const futures = useExchangeQuery('funds', (c) => c.getFuturesFunds());
  const spot = useExchangeQuery('spot', (c) => c.getSpotFunds());
  const [from, setFrom] = useState<WalletType>('SPOT');
  const [value, setValue] = useState('');
  const transfer = useExchangeAction(
    (c, v: { from: WalletType; amount: string }) =>
      c.transfer({
        from_wallet_type: v.from,
        to_wallet_type: v.from === 'SPOT' ? 'FUTURES' : 'SPOT',
        amount: v.amount,
      }),
    ['funds', 'spot'],
  );
  return (
    <section className="card" aria-labelledby="funds-title">
      <h2 id="funds-title">Balances</h2>
      <dl className="stats">
        <div>
          <dt>Futures balance</dt>
          <dd data-testid="futures-balance">{amount(futures.data?.balance)} USDT</dd>
        </div>
        <div>
          <dt>Locked in margin</dt>
          <dd>{amount(futures.data?.locked_amount)}</dd>
        </div>
        <div>
          <dt>Unrealised PnL</dt>
          <dd>{signed(futures.data?.unrealized_pnl)}</dd>
        </div>
        <div>
          <dt>Spot wallet</dt>
          <dd>{amount(spot.data?.total)} USDT</dd>
        </div>
        <div>
          <dt>Spot withdrawable</dt>
          <dd>{amount(spot.data?.withdrawable)}</dd>
        </div>
      </dl>
      <QueryError error={futures.error ?? spot.error} />
      <form
        className="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          transfer.mutate({ from, amount: value.trim() }, { onSuccess: () => setValue('') });
        }}
      >
        <div className="field">
          <label htmlFor="transfer-from">Transfer</label>
          <select id="transfer-from" value={from} onChange={(e) => setFrom(e.target.value as WalletType)}>
            <option value="SPOT">Spot → Futures</option>
            <option value="FUTURES">Futures → Spot</option>
          </select>
        </div>
        <DecimalField id="transfer-amount" label="Amount (USDT)" value={value} onChange={setValue} required />
        <button type="submit" disabled={transfer.isPending}>
          Transfer
        </button>
      </form>
      <ErrorNote error={transfer.error} />
      {transfer.isSuccess && (
        <p role="status" className="muted">
          Transfer accepted.
        </p>
      )}
    </section>
  );
}
