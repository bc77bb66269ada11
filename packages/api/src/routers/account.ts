import { meDto } from '../present.ts';
import { enableTwoFactorInput, submitKycInput } from '../schemas.ts';
import { protectedProcedure, router } from '../trpc.ts';

export const accountRouter = router({
  me: protectedProcedure.query(({ ctx }) => meDto(ctx.user)),

  submitKyc: protectedProcedure
    .input(submitKycInput)
    .mutation(async ({ ctx, input }) => meDto(await ctx.keys.submitKyc(ctx.user.id, input, { ip: ctx.ip }))),

  beginTwoFactor: protectedProcedure.mutation(({ ctx }) => ctx.keys.beginTwoFactor(ctx.user.id, { ip: ctx.ip })),

  enableTwoFactor: protectedProcedure
    .input(enableTwoFactorInput)
    .mutation(async ({ ctx, input }) => meDto(await ctx.keys.enableTwoFactor(ctx.user.id, input, { ip: ctx.ip }))),
});
