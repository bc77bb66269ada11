import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { KeyApiOutputs } from '@mockex/client';
import { useTRPC } from './trpc.ts';
import { currentToken, setToken } from './session-token.ts';

export type Me = KeyApiOutputs['account']['me'];

interface Session {
  signedIn: boolean;
  me: Me | undefined;
  signIn(token: string): void;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [signedIn, setSignedIn] = useState(() => currentToken() !== null);
  const me = useQuery({ ...trpc.account.me.queryOptions(), enabled: signedIn });

  const signIn = useCallback((token: string) => {
    setToken(token);
    setSignedIn(true);
  }, []);
  const signOut = useCallback(() => {
    setToken(null);
    setSignedIn(false);
    queryClient.clear();
  }, [queryClient]);

  const value = useMemo(
    () => ({ signedIn, me: me.data, signIn, signOut }),
    [signedIn, me.data, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
