import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Dialog } from '../components/Dialog.tsx';
import { DialogFooter } from '../components/DialogFooter.tsx';
import { OtpField } from '../components/OtpField.tsx';
import { useInvalidateKeys } from './hooks.ts';

/** Rotate, revoke and revoke-all: say what happens, ask for the code, then do it. */
export function ConfirmWithCode<T>({
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
