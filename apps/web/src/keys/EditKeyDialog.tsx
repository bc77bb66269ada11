import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../lib/trpc.ts';
import { updateKeyForm, type UpdateKeyValues } from '../lib/key-form.ts';
import { Dialog } from '../components/Dialog.tsx';
import { DialogFooter } from '../components/DialogFooter.tsx';
import { Field } from '../components/Field.tsx';
import { OtpField } from '../components/OtpField.tsx';
import { KeyAccessFields } from './KeyAccessFields.tsx';
import { useInvalidateKeys, type ApiKey } from './hooks.ts';

export function EditKeyDialog({ apiKey, onClose }: { apiKey: ApiKey; onClose: () => void }) {
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
        <KeyAccessFields control={form.control} errors={errors} />
        <OtpField id="edit-otp" error={errors.otp} {...form.register('otp')} />
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
