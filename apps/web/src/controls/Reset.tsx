import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Done } from './Done.tsx';
import type { Sandbox } from './sandbox.ts';

export function Reset({ sandbox }: { sandbox: Sandbox }) {
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
