import { keyApi } from '../lib/trpc.ts';
import type { ApiKey } from './hooks.ts';
import { CreateKeyDialog } from './CreateKeyDialog.tsx';
import { EditKeyDialog } from './EditKeyDialog.tsx';
import { ConfirmWithCode } from './ConfirmWithCode.tsx';

export type KeyAction =
  { kind: 'edit' | 'rotate' | 'revoke'; key: ApiKey } | { kind: 'create' } | { kind: 'revokeAll' };

/** The dialog of the chosen key action; creating and rotating end with a secret to show once. */
export function KeyActionDialog({
  action,
  activeCount,
  onClose,
  onSecret,
}: {
  action: KeyAction;
  activeCount: number;
  onClose: () => void;
  onSecret: (label: string, secret: string) => void;
}) {
  switch (action.kind) {
    case 'create':
      return <CreateKeyDialog onClose={onClose} onCreated={onSecret} />;
    case 'edit':
      return <EditKeyDialog apiKey={action.key} onClose={onClose} />;
    case 'rotate':
      return (
        <ConfirmWithCode
          title={`Rotate “${action.key.label}”`}
          explain="A new secret is issued and the current one stops working on its very next request. Update your bot right after."
          confirm="Rotate key"
          onClose={onClose}
          run={(otp) => keyApi.keys.rotate.mutate({ id: action.key.id, otp })}
          onDone={(result) => onSecret(result.key.label, result.secret)}
        />
      );
    case 'revoke':
      return (
        <ConfirmWithCode
          title={`Revoke “${action.key.label}”`}
          explain="The key stops working at once and for good. This cannot be undone."
          confirm="Revoke key"
          danger
          onClose={onClose}
          run={(otp) => keyApi.keys.revoke.mutate({ id: action.key.id, otp })}
          onDone={onClose}
        />
      );
    case 'revokeAll':
      return (
        <ConfirmWithCode
          title="Revoke every key"
          explain={`All ${activeCount} active key(s) stop working at once and for good. Bots using them will get 401s.`}
          confirm="Revoke all keys"
          danger
          onClose={onClose}
          run={(otp) => keyApi.keys.revokeAll.mutate({ otp })}
          onDone={onClose}
        />
      );
  }
}
