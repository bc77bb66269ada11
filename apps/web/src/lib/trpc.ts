import { QueryClient } from '@tanstack/react-query';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { createKeyApiClient, type AppRouter } from '@mockex/client';
import { currentToken } from './session-token.ts';

/** The key API through TanStack Query; the session token is read from memory on every call. */
export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export const keyApi = createKeyApiClient({ url: '/trpc', token: currentToken });

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // A refusal (KYC, 2FA, code) will not change by asking again.
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 5_000 },
      mutations: { retry: false },
    },
  });
}
