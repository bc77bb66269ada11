import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createSandboxClient, type FaultKind, type FaultSpec, type WalletType } from '@mockex/client';
import { KYC_STATUSES, type KycStatus } from '@mockex/domain';
import { useSession } from '../lib/session.tsx';
import { dateTime } from '../lib/format.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { DecimalField } from '../components/DecimalField.tsx';

const FAULTS: { kind: FaultKind; what: string }[] = [
  { kind: 'rate_limit', what: '429 Too many requests' },
  { kind: 'out_of_sync', what: '400 position not in sync with exchange' },
  { kind: 'server_error', what: '500 from the exchange' },
  { kind: 'maintenance', what: '503 maintenance' },
  { kind: 'timeout', what: 'no answer at all' },
  { kind: 'latency', what: 'a slow answer' },
];

type Sandbox = ReturnType<typeof createSandboxClient>;

/** Makes the sandbox exchange misbehave on purpose, so a person can watch a bot cope. */
export function ControlsPage() {
  const [token, setToken] = useState('');
  const sandbox = useMemo(
    () => createSandboxClient({ baseUrl: window.location.origin, ...(token ? { token } : {}) }),
    [token],
  );
  return (
    <section>
      <h1>Sandbox controls</h1>
      <p className="muted">
        These change the shared sandbox for everyone using this server. When the server runs with{' '}
        <code>MOCKEX_SANDBOX_TOKEN</code>, type it here (kept in this tab's memory only).
      </p>
      <div className="field narrow">
        <label htmlFor="sandbox-token">Sandbox token (optional)</label>
        <input
          id="sandbox-token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
        />
      </div>
      <div className="grid two">
        <Prices sandbox={sandbox} />
        <Clock sandbox={sandbox} />
        <Faults sandbox={sandbox} />
        <Accounts sandbox={sandbox} />
        <Reset sandbox={sandbox} />
      </div>
    </section>
  );
}

function Done({ text }: { text: string | null }) {
  return (
    <p role="status" className="muted">
      {text}
    </p>
  );
}

function Prices({ sandbox }: { sandbox: Sandbox }) {
  const [symbol, setSymbol] = useState('BTCUSDT');
  const [price, setPrice] = useState('');
  const set = useMutation({ mutationFn: () => sandbox.setPrice(symbol.trim(), price.trim()) });
  return (
    <article className="card" aria-labelledby="prices-title">
      <h2 id="prices-title">Mark price</h2>
      <form
        className="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          set.mutate();
        }}
      >
        <div className="field">
          <label htmlFor="price-symbol">Instrument</label>
          <input id="price-symbol" value={symbol} onChange={(e) => setSymbol(e.target.value)} />
        </div>
        <DecimalField id="price-value" label="Price" value={price} onChange={setPrice} />
        <button type="submit" disabled={set.isPending}>
          Set price
        </button>
      </form>
      <ErrorNote error={set.error} />
      <Done text={set.data ? `${set.data.symbol} now marks at ${set.data.price}.` : null} />
    </article>
  );
}

function Clock({ sandbox }: { sandbox: Sandbox }) {
  const queryClient = useQueryClient();
  const clock = useQuery({
    queryKey: ['sandbox', 'clock'],
    queryFn: () => sandbox.getClock(),
    refetchInterval: 15_000,
  });
  const [seconds, setSeconds] = useState('3600');
  const advance = useMutation({
    mutationFn: (s: number) => sandbox.advanceClock(s),
    onSuccess: (data) => queryClient.setQueryData(['sandbox', 'clock'], data),
  });
  return (
    <article className="card" aria-labelledby="clock-title">
      <h2 id="clock-title">Clock</h2>
      <p>
        Sandbox time: <strong>{dateTime(clock.data?.now)}</strong>
        {clock.data &&
          clock.data.offsetSeconds > 0 &&
          ` (${Math.round(clock.data.offsetSeconds / 86_400)} days ahead)`}
      </p>
      <div className="row wrap">
        <button type="button" className="secondary" onClick={() => advance.mutate(3_600)}>
          +1 hour
        </button>
        <button type="button" className="secondary" onClick={() => advance.mutate(86_400)}>
          +1 day
        </button>
        <button type="button" className="secondary" onClick={() => advance.mutate(80 * 86_400)}>
          +80 days
        </button>
      </div>
      <form
        className="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          advance.mutate(Number(seconds));
        }}
      >
        <div className="field">
          <label htmlFor="clock-seconds">Seconds to advance</label>
          <input
            id="clock-seconds"
            inputMode="numeric"
            value={seconds}
            onChange={(e) => setSeconds(e.target.value)}
          />
        </div>
        <button type="submit" disabled={advance.isPending}>
          Advance clock
        </button>
      </form>
      <ErrorNote error={clock.error ?? advance.error} />
    </article>
  );
}

function Faults({ sandbox }: { sandbox: Sandbox }) {
  const queryClient = useQueryClient();
  const faults = useQuery({
    queryKey: ['sandbox', 'faults'],
    queryFn: () => sandbox.listFaults(),
    refetchInterval: 5_000,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['sandbox', 'faults'] });
  const [spec, setSpec] = useState({
    fault: 'rate_limit' as FaultKind,
    path: '',
    keyPrefix: '',
    times: '1',
    latencyMs: '2000',
  });
  const arm = useMutation({
    mutationFn: () => {
      const match = {
        ...(spec.path.trim() ? { path: spec.path.trim() } : {}),
        ...(spec.keyPrefix.trim() ? { keyPrefix: spec.keyPrefix.trim() } : {}),
      };
      const body: FaultSpec = {
        fault: spec.fault,
        ...(Object.keys(match).length ? { match } : {}),
        ...(spec.times.trim() ? { times: Number(spec.times) } : {}),
        ...(spec.fault === 'latency' ? { latencyMs: Number(spec.latencyMs) } : {}),
      };
      return sandbox.armFault(body);
    },
    onSuccess: refresh,
  });
  const disarm = useMutation({ mutationFn: (id: string) => sandbox.disarmFault(id), onSuccess: refresh });
  const clear = useMutation({ mutationFn: () => sandbox.clearFaults(), onSuccess: refresh });
  const list = faults.data?.faults ?? [];
  return (
    <article className="card span-2" aria-labelledby="faults-title">
      <h2 id="faults-title">Faults</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          arm.mutate();
        }}
      >
        <div className="grid three">
          <div className="field">
            <label htmlFor="fault-kind">Fault</label>
            <select
              id="fault-kind"
              value={spec.fault}
              onChange={(e) => setSpec({ ...spec, fault: e.target.value as FaultKind })}
            >
              {FAULTS.map((f) => (
                <option key={f.kind} value={f.kind}>
                  {f.kind}: {f.what}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="fault-path">Path (optional)</label>
            <input
              id="fault-path"
              placeholder="/fapi/v1/futures/*"
              value={spec.path}
              onChange={(e) => setSpec({ ...spec, path: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="fault-key">Key prefix (optional)</label>
            <input
              id="fault-key"
              placeholder="mx_…"
              value={spec.keyPrefix}
              onChange={(e) => setSpec({ ...spec, keyPrefix: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="fault-times">Times (empty: until disarmed)</label>
            <input
              id="fault-times"
              inputMode="numeric"
              value={spec.times}
              onChange={(e) => setSpec({ ...spec, times: e.target.value })}
            />
          </div>
          {spec.fault === 'latency' && (
            <div className="field">
              <label htmlFor="fault-latency">Latency (ms)</label>
              <input
                id="fault-latency"
                inputMode="numeric"
                value={spec.latencyMs}
                onChange={(e) => setSpec({ ...spec, latencyMs: e.target.value })}
              />
            </div>
          )}
        </div>
        <div className="actions">
          <button type="submit" disabled={arm.isPending}>
            Arm fault
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => clear.mutate()}
            disabled={list.length === 0}
          >
            Disarm all
          </button>
        </div>
      </form>
      <ErrorNote error={arm.error ?? disarm.error ?? clear.error ?? faults.error} />
      {list.length === 0 ? (
        <p className="muted">Nothing armed: the exchange behaves.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>Armed faults</caption>
            <thead>
              <tr>
                <th scope="col">Fault</th>
                <th scope="col">Matches</th>
                <th scope="col">Times left</th>
                <th scope="col">Armed</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((f) => (
                <tr key={f.id}>
                  <td>{f.fault}</td>
                  <td>
                    {[f.match?.method, f.match?.path, f.match?.keyPrefix].filter(Boolean).join(' ') ||
                      'every exchange request'}
                    {f.probability !== undefined && f.probability !== null ? ` · p=${f.probability}` : ''}
                  </td>
                  <td>{f.remaining ?? 'until disarmed'}</td>
                  <td>{dateTime(f.createdAt)}</td>
                  <td>
                    <button type="button" className="secondary small" onClick={() => disarm.mutate(f.id)}>
                      Disarm<span className="visually-hidden"> {f.fault}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}

function Accounts({ sandbox }: { sandbox: Sandbox }) {
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
      <div className="field">
        <label htmlFor="acct-email">Account email</label>
        <input id="acct-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
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

function Reset({ sandbox }: { sandbox: Sandbox }) {
  const [confirming, setConfirming] = useState(false);
  const queryClient = useQueryClient();
  const reset = useMutation({
    mutationFn: () => sandbox.reset(),
    onSuccess: () => {
      setConfirming(false);
      queryClient.clear();
    },
  });
  return (
    <article className="card" aria-labelledby="reset-title">
      <h2 id="reset-title">Reset</h2>
      <p>Back to a fresh sandbox: every account, key, order and position is deleted.</p>
      <button type="button" className="danger" onClick={() => setConfirming(true)}>
        Reset the sandbox
      </button>
      <Done text={reset.isSuccess ? 'The sandbox is fresh. Sign up again to continue.' : null} />
      <Dialog open={confirming} title="Reset the sandbox?" onClose={() => setConfirming(false)}>
        <p>This deletes everything on this server, for everyone. It cannot be undone.</p>
        <ErrorNote error={reset.error} />
        <div className="actions">
          <button type="button" className="danger" onClick={() => reset.mutate()} disabled={reset.isPending}>
            Reset everything
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      </Dialog>
    </article>
  );
}
