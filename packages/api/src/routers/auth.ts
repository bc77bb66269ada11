import { meDto } from '../present.ts';
import { signInInput, signUpInput } from '../schemas.ts';
import { protectedProcedure, publicProcedure, router } from '../trpc.ts';

export const authRouter = router({
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => ({
    user: meDto(await ctx.keys.signUp(input, { ip: ctx.ip })),
  })),

  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    const { token, expiresAt, user } = await ctx.keys.signIn(input, { ip: ctx.ip });
    return { token, expiresAt: expiresAt.toISOString(), user: meDto(user) };
  }),

  signOut: protectedProcedure.mutation(async ({ ctx }) => {
    await ctx.keys.signOut(ctx.token ?? '', { ip: ctx.ip });
    return { ok: true as const };
  }),
});
