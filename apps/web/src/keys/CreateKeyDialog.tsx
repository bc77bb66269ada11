import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../lib/trpc.ts';
import { createKeyForm, type CreateKeyValues } from '../lib/key-form.ts';
import { Dialog } from '../components/Dialog.tsx';
import { DialogFooter } from '../components/DialogFooter.tsx';
import { Field } from '../components/Field.tsx';
import { OtpField } from '../components/OtpField.tsx';
import { KeyAccessFields } from './KeyAccessFields.tsx';
import { useInvalidateKeys } from './hooks.ts';

export function CreateKeyDialog({
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
        <KeyAccessFields control={form.control} errors={errors} />
        <OtpField id="key-otp" error={errors.otp} {...form.register('otp')} />
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
