import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ExchangeClient } from '@mockex/client';
import { useExchange } from '../lib/exchange-session.tsx';

/**
 * Requests of one polling round: funds (2), instruments, open orders, positions, plus the two history
 * lists at a quarter of the rate. The interval follows from the key's rate-limit windows.
 */
export const REQUESTS_PER_ROUND = 5 + 2 / 4;

export type ExchangeArea = 'funds' | 'spot' | 'assets' | 'orders' | 'positions' | 'history' | 'fees';

/** One exchange read, polled within the key's budget and paused while a 429 counts down. */
export function useExchangeQuery<T>(area: ExchangeArea, call: (c: ExchangeClient) => Promise<T>, slow = 1) {
  const ex = useExchange();
  return useQuery({
    queryKey: ['exchange', ex.generation, area],
    queryFn: () => ex.run(call),
    enabled: ex.client !== null,
    refetchInterval: ex.waitSeconds > 0 ? false : ex.pollMs(REQUESTS_PER_ROUND) * slow,
    staleTime: 1_000,
    retry: false,
  });
}

/** A trading action; afterwards only the areas it changed are read again (each read costs budget). */
export function useExchangeAction<V, T>(
  call: (c: ExchangeClient, v: V) => Promise<T>,
  refresh: ExchangeArea[],
) {
  const ex = useExchange();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: V) => ex.run((c) => call(c, v)),
    onSuccess: () =>
      Promise.all(
        refresh.map((area) => queryClient.invalidateQueries({ queryKey: ['exchange', ex.generation, area] })),
      ),
  });
}
