import { ExchangeApiError } from '@mockex/client';
import { ErrorNote } from '../components/ErrorNote.tsx';

/** A failed read; a 429 is left to the countdown banner. */
export function QueryError({ error }: { error: unknown }) {
  if (!error || (error instanceof ExchangeApiError && error.isRateLimited)) return null;
  return <ErrorNote error={error} />;
}
