import { meOutput, beginTwoFactorOutput } from '../outputs.ts';
import { meDto } from '../present.ts';
import { enableTwoFactorInput, submitKycInput } from '../schemas.ts';
import { protectedProcedure, router } from '../trpc.ts';

export const accountRouter = router({
  me: protectedProcedure
    .meta({
      summary: 'The signed-in account: KYC status and whether 2FA is on.',
      errors: ['UNAUTHENTICATED'],
    })
    .output(meOutput)
    .query(({ ctx }) => meDto(ctx.user)),

  submitKyc: protectedProcedure
    .meta({
      summary: 'Submit identity details for KYC verification.',
      description:
        'In the sandbox the account is verified at once, unless the server runs with manual review (then it stays `pending`). An account already verified stays as it is.',
      errors: ['UNAUTHENTICATED', 'INVALID_REQUEST'],
    })
    .input(submitKycInput)
    .output(meOutput)
    .mutation(async ({ ctx, input }) => meDto(await ctx.keys.submitKyc(ctx.user.id, input, { ip: ctx.ip }))),

  beginTwoFactor: protectedProcedure
    .meta({
      summary: 'Start setting up 2FA: returns a new TOTP secret for an authenticator app.',
      description:
        '2FA is not on until account.enableTwoFactor confirms a code. Calling again replaces the secret.',
      errors: ['UNAUTHENTICATED', 'TWO_FACTOR_ALREADY_ENABLED'],
    })
    .output(beginTwoFactorOutput)
    .mutation(({ ctx }) => ctx.keys.beginTwoFactor(ctx.user.id, { ip: ctx.ip })),

  enableTwoFactor: protectedProcedure
    .meta({
      summary: 'Turn 2FA on by confirming the current code of the authenticator app.',
      description: 'Wrong codes count towards a temporary lock of code checks for the account.',
      errors: [
        'UNAUTHENTICATED',
        'INVALID_REQUEST',
        'TWO_FACTOR_ALREADY_ENABLED',
        'TOO_MANY_ATTEMPTS',
        'TWO_FACTOR_NOT_STARTED',
        'INVALID_OTP',
      ],
    })
    .input(enableTwoFactorInput)
    .output(meOutput)
    .mutation(async ({ ctx, input }) =>
      meDto(await ctx.keys.enableTwoFactor(ctx.user.id, input, { ip: ctx.ip })),
    ),
});
