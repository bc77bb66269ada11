import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Link, useLocation, useNavigate } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import { signInInput, signUpInput } from '@mockex/api/schemas';
import { PASSWORD_MIN_LENGTH } from '@mockex/keys/rules';
import { keyApiFailure } from '@mockex/client';
import { useTRPC } from '../lib/trpc.ts';
import { useSession } from '../lib/session.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Field } from '../components/Field.tsx';

type SignUpValues = z.input<typeof signUpInput>;
type SignInValues = z.input<typeof signInInput>;

export function SignUp() {
  const trpc = useTRPC();
  const session = useSession();
  const navigate = useNavigate();
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const signIn = useMutation(trpc.auth.signIn.mutationOptions());
  const form = useForm<SignUpValues>({ resolver: zodResolver(signUpInput) });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    await signUp.mutateAsync(values);
    const { token } = await signIn.mutateAsync(values);
    session.signIn(token);
    navigate('/account');
  });

  return (
    <section className="narrow">
      <h1>Create an account</h1>
      <p className="muted">
        A sandbox account: set up two-factor authentication and pass KYC, then create API keys for your bot.
      </p>
      <form onSubmit={(e) => void onSubmit(e).catch(() => undefined)} noValidate>
        <Field
          id="signup-email"
          label="Email"
          type="email"
          autoComplete="email"
          error={errors.email}
          {...form.register('email')}
        />
        <Field
          id="signup-password"
          label="Password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          error={errors.password}
          {...form.register('password')}
        />
        <ErrorNote error={signUp.error ?? signIn.error} />
        <button type="submit" disabled={isSubmitting}>
          Sign up
        </button>
      </form>
      <p>
        Already have an account? <Link to="/signin">Sign in</Link>
      </p>
    </section>
  );
}

export function SignIn() {
  const trpc = useTRPC();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/keys';
  const signIn = useMutation(trpc.auth.signIn.mutationOptions());
  const [needsCode, setNeedsCode] = useState(false);
  const form = useForm<SignInValues>({ resolver: zodResolver(signInInput) });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const { token } = await signIn.mutateAsync({ ...values, otp: values.otp || undefined });
      session.signIn(token);
      navigate(from);
    } catch (error) {
      const code = keyApiFailure(error)?.appCode;
      if (code === 'OTP_REQUIRED' || code === 'INVALID_OTP') setNeedsCode(true);
    }
  });

  return (
    <section className="narrow">
      <h1>Sign in</h1>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <Field
          id="signin-email"
          label="Email"
          type="email"
          autoComplete="email"
          error={errors.email}
          {...form.register('email')}
        />
        <Field
          id="signin-password"
          label="Password"
          type="password"
          autoComplete="current-password"
          error={errors.password}
          {...form.register('password')}
        />
        {needsCode && (
          <Field
            id="signin-otp"
            label="Authenticator code"
            hint="Two-factor authentication is on: type the 6-digit code from your app."
            inputMode="numeric"
            autoComplete="one-time-code"
            error={errors.otp}
            {...form.register('otp')}
          />
        )}
        <ErrorNote error={signIn.error} />
        <button type="submit" disabled={isSubmitting}>
          Sign in
        </button>
      </form>
      <p>
        New here? <Link to="/signup">Create an account</Link>
      </p>
    </section>
  );
}
