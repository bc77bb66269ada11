import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { keyApi, useTRPC } from '../lib/trpc.ts';
import { useSession } from '../lib/session.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import type { ApiKey } from '../keys/hooks.ts';
import { KeyCard } from '../keys/KeyCard.tsx';
import { CreateKeyDialog } from '../keys/CreateKeyDialog.tsx';
import { EditKeyDialog } from '../keys/EditKeyDialog.tsx';
import { ConfirmWithCode } from '../keys/ConfirmWithCode.tsx';
import { SecretDialog } from '../keys/SecretDialog.tsx';

type Action =
  { kind: 'edit' | 'rotate' | 'revoke'; key: ApiKey } | { kind: 'create' } | { kind: 'revokeAll' };

export function KeysPage() {
  const trpc = useTRPC();
  const { me } = useSession();
  // Polled so "last used" follows the bot's calls; one cheap query every 10 s.
  const keys = useQuery({ ...trpc.keys.list.queryOptions(), refetchInterval: 10_000 });
  const [action, setAction] = useState<Action | null>(null);
  const [secret, setSecret] = useState<{ label: string; secret: string } | null>(null);
  const close = () => setAction(null);
  const active = keys.data?.keys.filter((k) => k.status === 'active') ?? [];
  const ready = me?.kycStatus === 'verified' && me.twoFactorEnabled;

  return (
    <section>
      <div className="page-head">
        <h1>API keys</h1>
        <div className="actions">
          <button type="button" onClick={() => setAction({ kind: 'create' })} disabled={!ready}>
            Create API key
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => setAction({ kind: 'revokeAll' })}
            disabled={!ready || active.length === 0}
          >
            Revoke all keys
          </button>
        </div>
      </div>
      {me && !ready && (
        <div className="note warn" role="status">
          <p>
            Before you can create keys: {!me.twoFactorEnabled && 'turn on two-factor authentication'}
            {!me.twoFactorEnabled && me.kycStatus !== 'verified' && ' and '}
            {me.kycStatus !== 'verified' && 'pass identity verification (KYC)'}.{' '}
            <Link to="/account">Go to Account</Link>
          </p>
        </div>
      )}
      {keys.data && (
        <p className="muted">
          {active.length} active {active.length === 1 ? 'key' : 'keys'}. The venue profile limits how many an
          account holds at once (one with <code>mudrex</code>): rotate a key for a new secret rather than
          creating another.
        </p>
      )}
      <ErrorNote error={keys.error} />
      {keys.data && keys.data.keys.length === 0 && <p className="muted">No keys yet.</p>}
      <ul className="cards" aria-label="Your API keys">
        {keys.data?.keys.map((key) => (
          <li key={key.id}>
            <KeyCard apiKey={key} onAction={(kind) => setAction({ kind, key })} />
          </li>
        ))}
      </ul>

      {action?.kind === 'create' && (
        <CreateKeyDialog
          onClose={close}
          onCreated={(label, s) => {
            close();
            setSecret({ label, secret: s });
          }}
        />
      )}
      {action?.kind === 'edit' && <EditKeyDialog apiKey={action.key} onClose={close} />}
      {action?.kind === 'rotate' && (
        <ConfirmWithCode
          title={`Rotate “${action.key.label}”`}
          explain="A new secret is issued and the current one stops working on its very next request. Update your bot right after."
          confirm="Rotate key"
          onClose={close}
          run={(otp) => keyApi.keys.rotate.mutate({ id: action.key.id, otp })}
          onDone={(result) => {
            close();
            setSecret({ label: result.key.label, secret: result.secret });
          }}
        />
      )}
      {action?.kind === 'revoke' && (
        <ConfirmWithCode
          title={`Revoke “${action.key.label}”`}
          explain="The key stops working at once and for good. This cannot be undone."
          confirm="Revoke key"
          danger
          onClose={close}
          run={(otp) => keyApi.keys.revoke.mutate({ id: action.key.id, otp })}
          onDone={close}
        />
      )}
      {action?.kind === 'revokeAll' && (
        <ConfirmWithCode
          title="Revoke every key"
          explain={`All ${active.length} active key(s) stop working at once and for good. Bots using them will get 401s.`}
          confirm="Revoke all keys"
          danger
          onClose={close}
          run={(otp) => keyApi.keys.revokeAll.mutate({ otp })}
          onDone={close}
        />
      )}
      {secret && (
        <SecretDialog label={secret.label} secret={secret.secret} onStored={() => setSecret(null)} />
      )}
    </section>
  );
}
