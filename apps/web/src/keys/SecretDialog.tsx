import { useState } from 'react';
import { Dialog } from '../components/Dialog.tsx';

/** The secret, once: it is not stored anywhere and cannot be shown again after this dialog closes. */
export function SecretDialog({
  label,
  secret,
  onStored,
}: {
  label: string;
  secret: string;
  onStored: () => void;
}) {
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
