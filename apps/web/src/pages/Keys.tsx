import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { KeyApiOutputs } from '@mockex/client';
import type { Permission } from '@mockex/domain';
import { keyApi, useTRPC } from '../lib/trpc.ts';
import { useSession } from '../lib/session.tsx';
import { createKeyForm, updateKeyForm, type CreateKeyValues, type UpdateKeyValues } from '../lib/key-form.ts';
import { dateTime, daysUntil } from '../lib/format.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { DialogFooter } from '../components/DialogFooter.tsx';
import { Field } from '../components/Field.tsx';
import { OtpField } from '../components/OtpField.tsx';
import { PermissionPicker } from '../components/PermissionPicker.tsx';
import { WhitelistEditor } from '../components/WhitelistEditor.tsx';

export type ApiKey = KeyApiOutputs['keys']['list']['keys'][number];

/** Under this many days left, a key card warns that it will expire. */
const EXPIRY_WARNING_DAYS = 14;

function useInvalidateKeys() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.keys.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.audit.list.queryKey() }),
    ]);
}

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

function KeyCard({
  apiKey,
  onAction,
}: {
  apiKey: ApiKey;
  onAction: (kind: 'edit' | 'rotate' | 'revoke') => void;
}) {
  const days = daysUntil(apiKey.expiresAt);
  const titleId = `key-${apiKey.id}`;
  return (
    <article className={`card key ${apiKey.status}`} aria-labelledby={titleId} data-testid="key-card">
      <header>
        <h2 id={titleId}>{apiKey.label}</h2>
        <span className={`badge ${apiKey.status === 'active' ? 'ok' : 'bad'}`}>{apiKey.status}</span>
      </header>
      <dl>
        <dt>Key</dt>
        <dd>
          <code>{apiKey.keyPrefix}…</code>
        </dd>
        <dt>Permissions</dt>
        <dd>{apiKey.permissions.join(', ')}</dd>
        <dt>IP whitelist</dt>
        <dd>{apiKey.ipWhitelist.length ? apiKey.ipWhitelist.join(', ') : 'any address'}</dd>
        <dt>Created</dt>
        <dd>{dateTime(apiKey.createdAt)}</dd>
        <dt>Expires</dt>
        <dd>
          {apiKey.status !== 'active' ? (
            dateTime(apiKey.expiresAt)
          ) : days < EXPIRY_WARNING_DAYS ? (
            <span className="warn-text">
              in {Math.max(days, 0)} days: rotate it soon to keep your bot running
            </span>
          ) : (
            `in ${days} days`
          )}
        </dd>
        <dt>Last used</dt>
        <dd data-testid="last-used">
          {apiKey.lastUsedAt
            ? `${dateTime(apiKey.lastUsedAt)} from ${apiKey.lastUsedIp ?? 'unknown address'}`
            : 'never'}
        </dd>
      </dl>
      {apiKey.status === 'active' && (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => onAction('edit')}>
            Edit<span className="visually-hidden"> {apiKey.label}</span>
          </button>
          <button type="button" className="secondary" onClick={() => onAction('rotate')}>
            Rotate<span className="visually-hidden"> {apiKey.label}</span>
          </button>
          <button type="button" className="danger" onClick={() => onAction('revoke')}>
            Revoke<span className="visually-hidden"> {apiKey.label}</span>
          </button>
        </div>
      )}
    </article>
  );
}

function CreateKeyDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (label: string, secret: string) => void;
}) {
  const trpc = useTRPC();
  const invalidate = useInvalidateKeys();
  const create = useMutation(trpc.keys.create.mutationOptions({ onSuccess: () => invalidate() }));
  const form = useForm<CreateKeyValues>({
    resolver: zodResolver(createKeyForm),
    defaultValues: { label: '', permissions: ['READ_ONLY'], ipWhitelist: [], otp: '' },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    const result = await create.mutateAsync(values);
    onCreated(result.key.label, result.secret);
  });
  return (
    <Dialog open title="Create an API key" onClose={onClose}>
      <form onSubmit={(e) => void submit(e).catch(() => undefined)} noValidate>
        <Field
          id="key-label"
          label="Label"
          hint="1 to 50 characters, e.g. the bot's name."
          error={errors.label}
          {...form.register('label')}
        />
        <Controller
          control={form.control}
          name="permissions"
          render={({ field }) => (
            <PermissionPicker
              value={(field.value ?? []) as Permission[]}
              onChange={field.onChange}
              error={errors.permissions?.message}
            />
          )}
        />
        <Controller
          control={form.control}
          name="ipWhitelist"
          render={({ field }) => (
            <WhitelistEditor
              value={field.value ?? []}
              onChange={field.onChange}
              error={errors.ipWhitelist?.message}
            />
          )}
        />
        <OtpField id="key-otp" error={errors.otp?.message} {...form.register('otp')} />
        <DialogFooter
          error={create.error}
          pending={create.isPending}
          submitLabel="Create key"
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}

function EditKeyDialog({ apiKey, onClose }: { apiKey: ApiKey; onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateKeys();
  const update = useMutation(trpc.keys.update.mutationOptions({ onSuccess: () => invalidate() }));
  const form = useForm<UpdateKeyValues>({
    resolver: zodResolver(updateKeyForm),
    defaultValues: {
      id: apiKey.id,
      label: apiKey.label,
      permissions: [...apiKey.permissions],
      ipWhitelist: [...apiKey.ipWhitelist],
      otp: '',
    },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    await update.mutateAsync(values);
    onClose();
  });
  return (
    <Dialog open title={`Edit “${apiKey.label}”`} onClose={onClose}>
      <form onSubmit={(e) => void submit(e).catch(() => undefined)} noValidate>
        <Field id="edit-label" label="Label" error={errors.label} {...form.register('label')} />
        <Controller
          control={form.control}
          name="permissions"
          render={({ field }) => (
            <PermissionPicker
              value={(field.value ?? []) as Permission[]}
              onChange={field.onChange}
              error={errors.permissions?.message}
            />
          )}
        />
        <Controller
          control={form.control}
          name="ipWhitelist"
          render={({ field }) => (
            <WhitelistEditor
              value={field.value ?? []}
              onChange={field.onChange}
              error={errors.ipWhitelist?.message}
            />
          )}
        />
        <OtpField id="edit-otp" error={errors.otp?.message} {...form.register('otp')} />
        <DialogFooter
          error={update.error}
          pending={update.isPending}
          submitLabel="Save changes"
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}

/** Rotate, revoke and revoke-all: say what happens, ask for the code, then do it. */
function ConfirmWithCode<T>({
  title,
  explain,
  confirm,
  danger = false,
  onClose,
  run,
  onDone,
}: {
  title: string;
  explain: string;
  confirm: string;
  danger?: boolean;
  onClose: () => void;
  run: (otp: string) => Promise<T>;
  onDone: (result: T) => void;
}) {
  const invalidate = useInvalidateKeys();
  const [otp, setOtp] = useState('');
  const mutation = useMutation({ mutationFn: run, onSuccess: () => invalidate() });
  return (
    <Dialog open title={title} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          mutation.mutateAsync(otp).then(onDone, () => undefined);
        }}
      >
        <p>{explain}</p>
        <OtpField id="confirm-otp" value={otp} onChange={(e) => setOtp(e.target.value)} required />
        <DialogFooter
          error={mutation.error}
          pending={mutation.isPending}
          submitLabel={confirm}
          danger={danger}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}

/** The secret, once: it is not stored anywhere and cannot be shown again after this dialog closes. */
function SecretDialog({ label, secret, onStored }: { label: string; secret: string; onStored: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  return (
    <Dialog open locked title="Store your secret now" onClose={() => undefined}>
      <p>
        This is the secret of <strong>{label}</strong>. It is shown <strong>once</strong>: Mockex keeps only a
        hash and cannot show it again. Put it in your bot's secret store now.
      </p>
      <p className="secret">
        <code data-testid="new-secret">{secret}</code>
      </p>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() =>
            navigator.clipboard.writeText(secret).then(
              () => setCopied('yes'),
              () => setCopied('no'),
            )
          }
        >
          Copy secret
        </button>
        <span role="status" className="muted">
          {copied === 'yes'
            ? 'Copied to the clipboard.'
            : copied === 'no'
              ? 'Copying failed: select the text instead.'
              : ''}
        </span>
      </div>
      <div className="actions">
        <button type="button" onClick={onStored}>
          I have stored it
        </button>
      </div>
    </Dialog>
  );
}
