import { meDto } from '../present.ts';
import { signInOutput, signOutOutput, signUpOutput } from '../outputs.ts';
import { signInInput, signUpInput } from '../schemas.ts';
import { protectedProcedure, publicProcedure, router } from '../trpc.ts';

export const authRouter = router({
  signUp: publicProcedure
    .meta({
      summary: 'Create an account with an email address and a password.',
      description: 'The account starts with KYC `none` and 2FA off; sign in next.',
      errors: ['INVALID_REQUEST', 'EMAIL_TAKEN'],
    })
    .input(signUpInput)
    .output(signUpOutput)
    .mutation(async ({ ctx, input }) => ({
      user: meDto(await ctx.keys.signUp(input, { ip: ctx.ip })),
    })),

  signIn: publicProcedure
    .meta({
      summary: 'Sign in and receive a session token for the signed-in calls.',
      description:
        'Once 2FA is on, `otp` is required too. Wrong passwords and codes count per email and per address; past the limit, sign-ins are refused for a while.',
      errors: ['INVALID_REQUEST', 'TOO_MANY_ATTEMPTS', 'INVALID_CREDENTIALS', 'OTP_REQUIRED', 'INVALID_OTP'],
    })
    .input(signInInput)
    .output(signInOutput)
    .mutation(async ({ ctx, input }) => {
      const { token, expiresAt, user } = await ctx.keys.signIn(input, { ip: ctx.ip });
      return { token, expiresAt: expiresAt.toISOString(), user: meDto(user) };
    }),

  signOut: protectedProcedure
    .meta({
      summary: 'End the session: the bearer token stops working at once.',
      errors: ['UNAUTHENTICATED'],
    })
    .output(signOutOutput)
    .mutation(async ({ ctx }) => {
      await ctx.keys.signOut(ctx.token ?? '', { ip: ctx.ip });
      return { ok: true as const };
    }),
});
