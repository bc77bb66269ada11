import type { ComponentProps } from 'react';
import { Field } from './Field.tsx';

/** The 6-digit code from the authenticator app, asked before every key change. */
export function OtpField(field: Omit<ComponentProps<typeof Field>, 'label'>) {
  return (
    <Field
      label="Authenticator code"
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]*"
      maxLength={6}
      {...field}
    />
  );
}
