import { venueProfile, type ErrorCode } from '@mockex/domain';
import { keyListOutput, keyOutput, keyWithSecretOutput, revokeAllOutput } from '../outputs.ts';
import { apiKeyDto } from '../present.ts';
import { createKeyInput, keyActionInput, revokeAllInput, updateKeyInput } from '../schemas.ts';
import { protectedProcedure, router } from '../trpc.ts';

/**
 * The checks before any key change, in the order the key service runs them: verified KYC, 2FA on, then
 * the code (refused outright while the account's code checks are locked, then checked).
 */
const KEY_CHANGE_GUARD = [
  'KYC_REQUIRED',
  'TWO_FACTOR_REQUIRED',
  'TOO_MANY_ATTEMPTS',
  'INVALID_OTP',
] as const satisfies readonly ErrorCode[];

const KEY_LIMIT = venueProfile('mudrex').keys.maxActiveKeysPerUser;

const GUARD_NOTE = 'Needs verified KYC, 2FA on and the current TOTP code, checked in that order.';

export const keysRouter = router({
  create: protectedProcedure
    .meta({
      summary: 'Create an API key for the exchange; the answer carries its secret, once.',
      description: `${GUARD_NOTE} Active keys per account are limited (${KEY_LIMIT} on the mudrex profile); revoked and expired keys do not count.`,
      errors: [
        'UNAUTHENTICATED',
        'INVALID_REQUEST',
        'PERMISSION_POLICY',
        ...KEY_CHANGE_GUARD,
        'KEY_LIMIT_REACHED',
      ],
    })
    .input(createKeyInput)
    .output(keyWithSecretOutput)
    .mutation(async ({ ctx, input }) => {
      const { key, secret } = await ctx.keys.createKey(ctx.user.id, input, { ip: ctx.ip });
      return { key: apiKeyDto(key), secret };
    }),

  list: protectedProcedure
    .meta({ summary: "List the account's API keys, without their secrets.", errors: ['UNAUTHENTICATED'] })
    .output(keyListOutput)
    .query(async ({ ctx }) => ({ keys: (await ctx.keys.listKeys(ctx.user.id)).map(apiKeyDto) })),

  update: protectedProcedure
    .meta({
      summary: "Change a key's label, permissions or IP whitelist.",
      description: `${GUARD_NOTE} The secret stays the same; a revoked key cannot be changed.`,
      errors: [
        'UNAUTHENTICATED',
        'INVALID_REQUEST',
        ...KEY_CHANGE_GUARD,
        'KEY_NOT_FOUND',
        'KEY_REVOKED',
        'PERMISSION_POLICY',
      ],
    })
    .input(updateKeyInput)
    .output(keyOutput)
    .mutation(async ({ ctx, input }) => ({
      key: apiKeyDto(await ctx.keys.updateKey(ctx.user.id, input, { ip: ctx.ip })),
    })),

  rotate: protectedProcedure
    .meta({
      summary: 'Issue a new secret for a key; the old secret stops working on the very next request.',
      description: `${GUARD_NOTE} Rotation restarts the key's lifetime, so it also renews an expired key, which must then fit under the active-key limit.`,
      errors: [
        'UNAUTHENTICATED',
        'INVALID_REQUEST',
        ...KEY_CHANGE_GUARD,
        'KEY_NOT_FOUND',
        'KEY_REVOKED',
        'KEY_LIMIT_REACHED',
      ],
    })
    .input(keyActionInput)
    .output(keyWithSecretOutput)
    .mutation(async ({ ctx, input }) => {
      const { key, secret } = await ctx.keys.rotateKey(ctx.user.id, input, { ip: ctx.ip });
      return { key: apiKeyDto(key), secret };
    }),

  revoke: protectedProcedure
    .meta({
      summary: 'Revoke a key for good; the exchange refuses it from the next request on.',
      description: GUARD_NOTE,
      errors: ['UNAUTHENTICATED', 'INVALID_REQUEST', ...KEY_CHANGE_GUARD, 'KEY_NOT_FOUND', 'KEY_REVOKED'],
    })
    .input(keyActionInput)
    .output(keyOutput)
    .mutation(async ({ ctx, input }) => ({
      key: apiKeyDto(await ctx.keys.revokeKey(ctx.user.id, input, { ip: ctx.ip })),
    })),

  revokeAll: protectedProcedure
    .meta({
      summary: 'Revoke every active key of the account at once.',
      description: `${GUARD_NOTE} Answers how many keys were revoked (0 when there were none).`,
      errors: ['UNAUTHENTICATED', 'INVALID_REQUEST', ...KEY_CHANGE_GUARD],
    })
    .input(revokeAllInput)
    .output(revokeAllOutput)
    .mutation(async ({ ctx, input }) => ({
      revoked: await ctx.keys.revokeAllKeys(ctx.user.id, input, { ip: ctx.ip }),
    })),
});
