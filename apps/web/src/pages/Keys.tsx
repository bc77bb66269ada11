import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../lib/trpc.ts';
import { useSession } from '../lib/session.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { KeyCard } from '../keys/KeyCard.tsx';
import { KeyActionDialog, type KeyAction } from '../keys/KeyActionDialog.tsx';
import { SecretDialog } from '../keys/SecretDialog.tsx';
import { SetupNeeded } from '../keys/SetupNeeded.tsx';

export function KeysPage() {
  const trpc = useTRPC();
  const { me } = useSession();
  // Polled so "last used" follows the bot's calls; one cheap query every 10 s.
  const keys = useQuery({ ...trpc.keys.list.queryOptions(), refetchInterval: 10_000 });
  const [action, setAction] = useState<KeyAction | null>(null);
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
      {me && !ready && <SetupNeeded me={me} />}
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

      {action && (
        <KeyActionDialog
          action={action}
          activeCount={active.length}
          onClose={close}
          onSecret={(label, s) => {
            close();
            setSecret({ label, secret: s });
          }}
        />
      )}
      {secret && (
        <SecretDialog label={secret.label} secret={secret.secret} onStored={() => setSecret(null)} />
      )}
    </section>
  );
}
