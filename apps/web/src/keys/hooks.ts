import { useQueryClient } from '@tanstack/react-query';
import type { KeyApiOutputs } from '@mockex/client';
import { useTRPC } from '../lib/trpc.ts';

export type ApiKey = KeyApiOutputs['keys']['list']['keys'][number];

/** After any key change: the key list and the audit log both read again. */
export function useInvalidateKeys() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.keys.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.audit.list.queryKey() }),
    ]);
}
