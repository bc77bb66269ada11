import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ExchangeClient } from '@mockex/client';
import { useExchange } from '../lib/exchange-session.tsx';

/**
 * How many polling rounds pass between two reads of each exchange area (1: every round). The spot
 * wallet changes only with transfers, and the two history lists only with trades.
 */
const ROUNDS_PER_READ = {
  funds: 1,
  spot: 2,
  assets: 1,
  orders: 1,
  positions: 1,
  history: 4,
  fees: 4,
} as const;

export type ExchangeArea = keyof typeof ROUNDS_PER_READ;

/** Requests of one polling round, on average; the interval follows from it and the key's rate-limit windows. */
export const REQUESTS_PER_ROUND = Object.values(ROUNDS_PER_READ).reduce((sum, rounds) => sum + 1 / rounds, 0);

/** One exchange read, polled within the key's budget and paused while a 429 counts down. */
export function useExchangeQuery<T>(area: ExchangeArea, call: (c: ExchangeClient) => Promise<T>) {
  const ex = useExchange();
  return useQuery({
    queryKey: ['exchange', ex.generation, area],
    queryFn: () => ex.run(call),
    enabled: ex.client !== null,
    refetchInterval: ex.waitSeconds > 0 ? false : ex.pollMs(REQUESTS_PER_ROUND) * ROUNDS_PER_READ[area],
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
