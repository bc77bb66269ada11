import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { accountRouter } from './routers/account.ts';
import { auditRouter } from './routers/audit.ts';
import { authRouter } from './routers/auth.ts';
import { keysRouter } from './routers/keys.ts';
import { createCallerFactory, router } from './trpc.ts';

/** The key API, mounted by the server at /trpc. */
export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  keys: keysRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export type KeyApiInputs = inferRouterInputs<AppRouter>;
export type KeyApiOutputs = inferRouterOutputs<AppRouter>;

/** In-process calls without HTTP: `createCaller(createContextInner({ keys, token, ip }))`. */
export const createCaller = createCallerFactory(appRouter);
