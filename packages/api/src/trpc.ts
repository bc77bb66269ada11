import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { z } from 'zod';
import { ERRORS, errorMessage, isMockexError, type ErrorCode } from '@mockex/domain';
import type { Context } from './context.ts';
import type { ProcedureMeta } from './meta.ts';

/**
 * tRPC set-up: no transformer (plain JSON), and an error formatter that puts the catalogue's `appCode`
 * and `httpStatus` (and, for invalid input, the offending `field` and the flattened zod issues) into
 * `error.data`, so any HTTP client can branch on a stable code.
 */
const TRPC_CODE_BY_STATUS: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

/** The tRPC code (and so the HTTP status) for a catalogue code. */
export function trpcCodeFor(code: ErrorCode): TRPC_ERROR_CODE_KEY {
  return TRPC_CODE_BY_STATUS[ERRORS[code].status] ?? 'INTERNAL_SERVER_ERROR';
}

/** Facts of a MockexError's meta that callers may use; nothing else leaves the server. */
const PUBLIC_META = ['field', 'retryAfterSeconds', 'limit', 'kycStatus'] as const;

export interface KeyApiErrorData {
  code: TRPC_ERROR_CODE_KEY;
  httpStatus: number;
  path?: string;
  appCode: ErrorCode;
  field?: string;
  retryAfterSeconds?: number;
  limit?: number;
  kycStatus?: string;
  zodError?: { formErrors: string[]; fieldErrors: Record<string, string[] | undefined> };
}

function appCodeForTrpc(code: TRPC_ERROR_CODE_KEY): ErrorCode {
  if (code === 'NOT_FOUND') return 'NOT_FOUND';
  if (code === 'INTERNAL_SERVER_ERROR') return 'INTERNAL_ERROR';
  if (code === 'UNAUTHORIZED') return 'UNAUTHENTICATED';
  return 'INVALID_REQUEST';
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    // Never send stack traces, whatever NODE_ENV says.
    isDev: false,
    errorFormatter({ shape, error }) {
      const base = {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        ...(shape.data.path ? { path: shape.data.path } : {}),
      };
      const cause = error.cause;
      // Only a rejected input is the caller's fault; a ZodError under INTERNAL_SERVER_ERROR is an answer
      // that broke its output schema, and falls through to the generic internal error below.
      if (cause instanceof z.ZodError && error.code === 'BAD_REQUEST') {
        const issue = cause.issues[0];
        const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'input';
        const message = errorMessage('INVALID_REQUEST', {
          detail: `${field}: ${issue?.message ?? 'invalid'}`,
        });
        const data: KeyApiErrorData = {
          ...base,
          appCode: 'INVALID_REQUEST',
          field,
          zodError: z.flattenError(cause),
        };
        return { ...shape, message, data };
      }
      if (isMockexError(cause)) {
        const data: KeyApiErrorData = { ...base, appCode: cause.code };
        for (const name of PUBLIC_META) {
          if (cause.meta[name] !== undefined) Object.assign(data, { [name]: cause.meta[name] });
        }
        return { ...shape, message: cause.message, data };
      }
      const appCode = appCodeForTrpc(error.code);
      // Unexpected failures keep their text in the server log only.
      const message = appCode === 'INTERNAL_ERROR' ? errorMessage('INTERNAL_ERROR') : shape.message;
      const data: KeyApiErrorData = { ...base, appCode };
      return { ...shape, message, data };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Turns the service's MockexErrors into TRPCErrors with the matching code (hence HTTP status). */
const catalogueErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isMockexError(result.error.cause)) {
    const cause = result.error.cause;
    throw new TRPCError({ code: trpcCodeFor(cause.code), message: cause.message, cause });
  }
  return result;
});

export const publicProcedure = t.procedure.use(catalogueErrors);

/** Needs `Authorization: Bearer <token>` of a live session; adds `user` to the context. */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const user = await ctx.keys.authenticate(ctx.token);
  return next({ ctx: { user } });
});
