import { describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import { ExchangeApiError } from '@mockex/client';
import { ERRORS } from '@mockex/domain';
import { explain } from './errors.ts';

describe('refusals as sentences', () => {
  it("keeps the exchange's own text and adds the catalogue's fix", () => {
    const e = explain(new ExchangeApiError(400, 'INSUFFICIENT_BALANCE', 'insufficient balance'));
    expect(e).toEqual({
      code: 'INSUFFICIENT_BALANCE',
      message: 'insufficient balance',
      fix: ERRORS.INSUFFICIENT_BALANCE.fix,
      retryAfterSeconds: null,
    });
    const limited = explain(
      new ExchangeApiError(429, 'RATE_LIMITED', 'Too many requests. Try again in 3 seconds.', 3),
    );
    expect(limited.retryAfterSeconds).toBe(3);
  });

  it('explains a key-API refusal from its appCode', () => {
    const error = TRPCClientError.from({
      error: {
        code: -32600,
        message: 'This account already has 1 active API key(s), the most allowed',
        data: { appCode: 'KEY_LIMIT_REACHED', httpStatus: 409, code: 'CONFLICT' },
      },
    });
    expect(explain(error)).toMatchObject({
      code: 'KEY_LIMIT_REACHED',
      message: 'This account already has 1 active API key(s), the most allowed',
      fix: ERRORS.KEY_LIMIT_REACHED.fix,
    });
  });

  it('says plainly when no answer came at all', () => {
    expect(explain(new TypeError('Failed to fetch'))).toMatchObject({
      code: 'NETWORK_ERROR',
      fix: expect.any(String),
    });
    // A reason outside the catalogue still shows the server's text, with no invented fix.
    expect(explain(new ExchangeApiError(502, 'HTTP_502', 'Bad Gateway'))).toMatchObject({
      message: 'Bad Gateway',
      fix: null,
    });
  });
});
