import { auditEventDto } from '../present.ts';
import { auditListInput } from '../schemas.ts';
import { protectedProcedure, router } from '../trpc.ts';

export const auditRouter = router({
  list: protectedProcedure.input(auditListInput).query(async ({ ctx, input }) => {
    const page = await ctx.keys.listAudit(ctx.user.id, input ?? {});
    return { events: page.events.map(auditEventDto), nextCursor: page.nextCursor };
  }),
});
