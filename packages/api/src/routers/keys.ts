import { apiKeyDto } from '../present.ts';
import { createKeyInput, keyActionInput, revokeAllInput, updateKeyInput } from '../schemas.ts';
import { protectedProcedure, router } from '../trpc.ts';

export const keysRouter = router({
  create: protectedProcedure.input(createKeyInput).mutation(async ({ ctx, input }) => {
    const { key, secret } = await ctx.keys.createKey(ctx.user.id, input, { ip: ctx.ip });
    return { key: apiKeyDto(key), secret };
  }),

  list: protectedProcedure.query(async ({ ctx }) => ({ keys: (await ctx.keys.listKeys(ctx.user.id)).map(apiKeyDto) })),

  update: protectedProcedure.input(updateKeyInput).mutation(async ({ ctx, input }) => ({
    key: apiKeyDto(await ctx.keys.updateKey(ctx.user.id, input, { ip: ctx.ip })),
  })),

  rotate: protectedProcedure.input(keyActionInput).mutation(async ({ ctx, input }) => {
    const { key, secret } = await ctx.keys.rotateKey(ctx.user.id, input, { ip: ctx.ip });
    return { key: apiKeyDto(key), secret };
  }),

  revoke: protectedProcedure.input(keyActionInput).mutation(async ({ ctx, input }) => ({
    key: apiKeyDto(await ctx.keys.revokeKey(ctx.user.id, input, { ip: ctx.ip })),
  })),

  revokeAll: protectedProcedure.input(revokeAllInput).mutation(async ({ ctx, input }) => ({
    revoked: await ctx.keys.revokeAllKeys(ctx.user.id, input, { ip: ctx.ip }),
  })),
});
