import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { WalletType } from '@mockex/client';
import { KYC_STATUSES, type KycStatus } from '@mockex/domain';
import { useSession } from '../lib/session.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { DecimalField } from '../components/DecimalField.tsx';
import { Field } from '../components/Field.tsx';
import { Done } from './Done.tsx';
import type { Sandbox } from './sandbox.ts';

export function Accounts({ sandbox }: { sandbox: Sandbox }) {
  const { me } = useSession();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState(me?.email ?? '');
  const [status, setStatus] = useState<KycStatus>('verified');
  const [wallet, setWallet] = useState<WalletType>('FUTURES');
  const [amount, setAmount] = useState('1000');
  const kyc = useMutation({
    mutationFn: () => sandbox.setKycStatus(email.trim(), status),
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const credit = useMutation({ mutationFn: () => sandbox.credit(email.trim(), wallet, amount.trim()) });
  return (
    <article className="card" aria-labelledby="accounts-title">
      <h2 id="accounts-title">Accounts</h2>
      <Field
        id="acct-email"
        label="Account email"
        type="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <form
        className="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          kyc.mutate();
        }}
      >
        <div className="field">
          <label htmlFor="acct-kyc">KYC status</label>
          <select id="acct-kyc" value={status} onChange={(e) => setStatus(e.target.value as KycStatus)}>
            {KYC_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={kyc.isPending}>
          Set KYC
        </button>
      </form>
      <ErrorNote error={kyc.error} />
      <Done text={kyc.data ? `${kyc.data.email} is now ${kyc.data.kycStatus}.` : null} />
      <form
        className="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          credit.mutate();
        }}
      >
        <div className="field">
          <label htmlFor="acct-wallet">Wallet</label>
          <select id="acct-wallet" value={wallet} onChange={(e) => setWallet(e.target.value as WalletType)}>
            <option value="FUTURES">Futures</option>
            <option value="SPOT">Spot</option>
          </select>
        </div>
        <DecimalField id="acct-amount" label="Amount (USDT)" value={amount} onChange={setAmount} />
        <button type="submit" disabled={credit.isPending}>
          Credit funds
        </button>
      </form>
      <ErrorNote error={credit.error} />
      <Done
        text={
          credit.data
            ? `${credit.data.wallet} balance of ${credit.data.email}: ${credit.data.balance}.`
            : null
        }
      />
    </article>
  );
}
