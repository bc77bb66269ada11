export { appRouter, createCaller, type AppRouter, type KeyApiInputs, type KeyApiOutputs } from './root.ts';
export { createContextInner, bearerToken, type Context } from './context.ts';
export { publicProcedure, protectedProcedure, router, trpcCodeFor, type KeyApiErrorData } from './trpc.ts';
export * from './schemas.ts';
export * from './outputs.ts';
export type { ProcedureMeta } from './meta.ts';
export type { MeDto, ApiKeyDto, AuditEventDto } from './present.ts';
