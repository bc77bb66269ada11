import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { QRCodeSVG } from 'qrcode.react';
import type { z } from 'zod';
import { enableTwoFactorInput, submitKycInput } from '@mockex/api/schemas';
import type { KycStatus } from '@mockex/domain';
import { useTRPC } from '../lib/trpc.ts';
import { useSession, type Me } from '../lib/session.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Field } from '../components/Field.tsx';

export function AccountPage() {
  const { me } = useSession();
  return (
    <section>
      <h1>Account</h1>
      {me ? (
        <div className="grid two">
          <TwoFactor me={me} />
          <Kyc me={me} />
        </div>
      ) : (
        <p aria-busy="true">Loading your account…</p>
      )}
    </section>
  );
}

function TwoFactor({ me }: { me: Me }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const begin = useMutation(trpc.account.beginTwoFactor.mutationOptions());
  const enable = useMutation(
    trpc.account.enableTwoFactor.mutationOptions({
      onSuccess: (updated) => {
        queryClient.setQueryData(trpc.account.me.queryKey(), updated);
        begin.reset();
      },
    }),
  );
  const form = useForm<z.input<typeof enableTwoFactorInput>>({ resolver: zodResolver(enableTwoFactorInput) });

  if (me.twoFactorEnabled) {
    return (
      <article className="card" aria-labelledby="tfa-title">
        <h2 id="tfa-title">Two-factor authentication</h2>
        <p>
          <span className="badge ok">On</span> Every sign-in and every key change asks for the code from your
          authenticator app.
        </p>
      </article>
    );
  }
  return (
    <article className="card" aria-labelledby="tfa-title">
      <h2 id="tfa-title">Two-factor authentication</h2>
      <p>
        <span className="badge warn">Off</span> The exchange needs it before you can create API keys.
      </p>
      {!begin.data ? (
        <button type="button" onClick={() => begin.mutate()} disabled={begin.isPending}>
          Set up two-factor authentication
        </button>
      ) : (
        <>
          <ol className="steps">
            <li>Scan this code with an authenticator app (any RFC 6238 app: 6 digits, 30 seconds).</li>
            <li>Or type the secret in by hand.</li>
            <li>Send the code the app shows to confirm.</li>
          </ol>
          <div className="qr">
            <QRCodeSVG
              value={begin.data.otpauthUrl}
              size={176}
              marginSize={2}
              title="QR code of the otpauth URL"
            />
          </div>
          <p>
            Secret: <code data-testid="totp-secret">{begin.data.secret}</code>
          </p>
          <form
            onSubmit={(e) => void form.handleSubmit((v) => enable.mutateAsync(v).catch(() => undefined))(e)}
            noValidate
          >
            <Field
              id="tfa-otp"
              label="Code from the app"
              inputMode="numeric"
              autoComplete="one-time-code"
              error={form.formState.errors.otp}
              {...form.register('otp')}
            />
            <ErrorNote error={enable.error} />
            <button type="submit" disabled={enable.isPending}>
              Turn on two-factor authentication
            </button>
          </form>
        </>
      )}
      <ErrorNote error={begin.error} />
    </article>
  );
}

const KYC_TEXT: Record<KycStatus, { badge: string; tone: string; what: string }> = {
  none: {
    badge: 'Not started',
    tone: 'warn',
    what: 'Submit your legal name and country. Keys can only be created by verified accounts.',
  },
  pending: {
    badge: 'Pending review',
    tone: 'info',
    what: 'Your details are being reviewed. Nothing to do: in the sandbox, set the status on the Sandbox page.',
  },
  verified: { badge: 'Verified', tone: 'ok', what: 'You can create and manage API keys.' },
  rejected: {
    badge: 'Rejected',
    tone: 'bad',
    what: 'The review did not pass. Check your legal name and country and submit again.',
  },
  expired: {
    badge: 'Expired',
    tone: 'bad',
    what: 'Your verification has lapsed: your keys are refused by the exchange until you submit again.',
  },
};

function Kyc({ me }: { me: Me }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const submit = useMutation(
    trpc.account.submitKyc.mutationOptions({
      onSuccess: (updated) => queryClient.setQueryData(trpc.account.me.queryKey(), updated),
    }),
  );
  const form = useForm<z.input<typeof submitKycInput>>({ resolver: zodResolver(submitKycInput) });
  const text = KYC_TEXT[me.kycStatus];
  const canSubmit = me.kycStatus !== 'verified' && me.kycStatus !== 'pending';
  return (
    <article className="card" aria-labelledby="kyc-title">
      <h2 id="kyc-title">Identity verification (KYC)</h2>
      <p>
        Status:{' '}
        <span className={`badge ${text.tone}`} data-testid="kyc-status">
          {text.badge}
        </span>
      </p>
      <p>{text.what}</p>
      {canSubmit && (
        <form
          onSubmit={(e) => void form.handleSubmit((v) => submit.mutateAsync(v).catch(() => undefined))(e)}
          noValidate
        >
          <Field
            id="kyc-name"
            label="Legal name"
            autoComplete="name"
            error={form.formState.errors.legalName}
            {...form.register('legalName')}
          />
          <Field
            id="kyc-country"
            label="Country"
            hint="Two-letter code, e.g. DE, IN, US."
            autoComplete="country"
            maxLength={2}
            error={form.formState.errors.country}
            {...form.register('country')}
          />
          <ErrorNote error={submit.error} />
          <button type="submit" disabled={submit.isPending}>
            Submit for verification
          </button>
        </form>
      )}
    </article>
  );
}
