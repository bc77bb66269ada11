import { ERRORS, type ErrorCode } from '@mockex/domain';
import { ExchangeApiError, keyApiFailure } from '@mockex/client';

/** A failure as a person reads it: what happened, and what to do about it (from the error catalogue). */
export interface Explained {
  code: string;
  message: string;
  fix: string | null;
  retryAfterSeconds: number | null;
}

const isCatalogued = (code: string): code is ErrorCode => Object.hasOwn(ERRORS, code);

/** Explains a key-API or exchange error; anything else (a dropped connection) says so plainly. */
export function explain(error: unknown): Explained {
  const failure = keyApiFailure(error);
  if (failure) {
    return {
      code: failure.appCode,
      message: failure.message,
      fix: isCatalogued(failure.appCode) ? ERRORS[failure.appCode].fix : null,
      retryAfterSeconds: failure.retryAfterSeconds ?? null,
    };
  }
  if (error instanceof ExchangeApiError) {
    return {
      code: error.reason,
      // The venue's own text: traders and bots know these words.
      message: error.text,
      fix: isCatalogued(error.reason) ? ERRORS[error.reason].fix : null,
      retryAfterSeconds: error.retryAfterSeconds,
    };
  }
  return {
    code: 'NETWORK_ERROR',
    message: 'The server did not answer.',
    fix: 'Check that Mockex is running and try again.',
    retryAfterSeconds: null,
  };
}
