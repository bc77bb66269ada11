import { auditListOutput } from '../outputs.ts';
import { auditEventDto } from '../present.ts';
import { auditListInput } from '../schemas.ts';
import { protectedProcedure, router } from '../trpc.ts';

export const auditRouter = router({
  list: protectedProcedure
    .meta({
      summary: "List the account's audit events, newest first, one page at a time.",
      description: 'Sign-ins, 2FA, KYC and every key change, with the address each came from.',
      errors: ['UNAUTHENTICATED', 'INVALID_REQUEST'],
    })
    .input(auditListInput)
    .output(auditListOutput)
    .query(async ({ ctx, input }) => {
      const page = await ctx.keys.listAudit(ctx.user.id, input ?? {});
      return { events: page.events.map(auditEventDto), nextCursor: page.nextCursor };
    }),
});
