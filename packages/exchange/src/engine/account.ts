import { dec, toWire, ZERO, type Decimal, type VenueProfile } from '@mockex/domain';
import type { AccountState, Archive, PositionState } from './types.ts';

/** A new account holds the venue profile's sandbox funds. */
export function newAccount(userId: string, profile: VenueProfile, now: Date): AccountState {
  const spot = dec(profile.sandboxFunds.spot);
  const futures = dec(profile.sandboxFunds.futures);
  const at = now.toISOString();
  return {
    version: 2,
    user_id: userId,
    created_at: at,
    updated_at: at,
    spot: toWire(spot),
    futures: toWire(futures),
    leverage: {},
    first_time_user: true,
    orders: [],
    positions: [],
    ledger: {
      deposited: toWire(spot.plus(futures)),
      realised_pnl: '0',
      fees: '0',
      funding: '0',
      insurance: '0',
    },
  };
}

/** Funds held outside the free futures balance: resting orders' locks and open positions' margin. */
export function lockedAmount(state: AccountState): Decimal {
  let locked = ZERO;
  for (const o of state.orders)
    if (o.status === 'CREATED') locked = locked.plus(o.locked_margin).plus(o.locked_fee);
  for (const p of state.positions) if (p.status === 'OPEN') locked = locked.plus(p.margin);
  return locked;
}

/** Everything the account owns: both wallets plus locked funds. */
export function totalEquity(state: AccountState): Decimal {
  return dec(state.spot).plus(state.futures).plus(lockedAmount(state));
}

/** What the ledger says the account should own; equals totalEquity when funds are conserved. */
export function ledgerBalance(state: AccountState): Decimal {
  const l = state.ledger;
  return dec(l.deposited).plus(l.realised_pnl).minus(l.fees).minus(l.funding).plus(l.insurance);
}

export function openPositions(state: AccountState): PositionState[] {
  return state.positions.filter((p) => p.status === 'OPEN');
}

/** Moves finished orders and closed positions out of the live document into `archive`. */
export function archiveFinished(state: AccountState, archive: Archive): void {
  archive.orders.push(...state.orders.filter((o) => o.status !== 'CREATED'));
  archive.positions.push(...state.positions.filter((p) => p.status !== 'OPEN'));
  state.orders = state.orders.filter((o) => o.status === 'CREATED');
  state.positions = state.positions.filter((p) => p.status === 'OPEN');
}
