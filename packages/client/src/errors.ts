/** What every failed exchange or sandbox call throws. */

export interface ExchangeErrorItem {
  code: number | null;
  text: string;
  reason?: string;
}

export class ExchangeApiError extends Error {
  override readonly name = 'ExchangeApiError';
  constructor(
    /** HTTP status, or 0 when no response arrived (dropped connection, timeout). */
    readonly status: number,
    /** The stable code (`RATE_LIMITED`, `POSITION_OUT_OF_SYNC`, …; `NETWORK_ERROR` without a response). */
    readonly reason: string,
    /** The venue's text (`Too many requests. Try again in 1 seconds.`). */
    readonly text: string,
    readonly retryAfterSeconds: number | null = null,
    readonly errors: ExchangeErrorItem[] = [],
    options?: { cause?: unknown },
  ) {
    super(`${status ? `[${status}] ` : ''}${reason}: ${text}`, options);
  }

  get isRateLimited(): boolean {
    return this.reason === 'RATE_LIMITED';
  }
  get isOutOfSync(): boolean {
    return this.reason === 'POSITION_OUT_OF_SYNC';
  }
  /** 5xx, maintenance, or no response at all: the venue, not the request, is at fault. */
  get isServerSide(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

export const OUT_OF_SYNC_TEXT = 'position not in sync with exchange';
