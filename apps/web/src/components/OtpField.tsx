import type { InputHTMLAttributes } from 'react';

/** The 6-digit code from the authenticator app, asked before every key change. */
export function OtpField({
  id,
  error,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { id: string; error?: string | undefined }) {
  return (
    <div className="field">
      <label htmlFor={id}>Authenticator code</label>
      <input
        id={id}
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]*"
        maxLength={6}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...input}
      />
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
