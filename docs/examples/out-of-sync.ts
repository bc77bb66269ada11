/**
 * Recovering from `position not in sync with exchange`: the exchange refuses to act on a position
 * that changed since you read it (closed, flipped, shrunk, liquidated). The cure is always the same:
 * read the current state, then decide again. Retrying the same request unchanged is never right.
 */
import { ExchangeError, type exchangeCaller } from './exchange-fetch.ts';

type Call = ReturnType<typeof exchangeCaller>;

interface Position {
  id: string;
  symbol: string;
  quantity: string;
  order_type: 'LONG' | 'SHORT';
}

export type CloseOutcome = 'closed' | 'already-closed';

const STALE = new Set(['POSITION_OUT_OF_SYNC', 'POSITION_NOT_OPEN']);

/**
 * Closes a position, and copes when the exchange says our view of it is stale: out of sync, or (the
 * close route's words for a position that is gone) `position is not open`.
 */
export async function closePosition(call: Call, positionId: string): Promise<CloseOutcome> {
  try {
    await call('POST', `/futures/positions/${positionId}/close`);
    return 'closed';
  } catch (error) {
    const stale = error instanceof ExchangeError && STALE.has(error.reason);
    if (!stale) throw error;
  }
  // Our picture was out of date. Look again before doing anything else.
  const open = (await call<Position[] | null>('GET', '/futures/positions')) ?? [];
  const current = open.find((p) => p.id === positionId);
  if (!current) return 'already-closed'; // closed elsewhere, by a stop, or liquidated: nothing to do
  // Still open (perhaps with another size): close it as it is now, once.
  await call('POST', `/futures/positions/${current.id}/close`);
  return 'closed';
}
