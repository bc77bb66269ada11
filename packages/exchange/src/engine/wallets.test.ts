import { beforeEach, describe, expect, it } from 'vitest';
import { d, error, expectConserved, openAccount, run, state } from './test-support.ts';

beforeEach(openAccount);

describe('wallets', () => {
  it('starts with the venue profile funds and transfers between wallets', () => {
    expect(state.spot).toBe('5000');
    expect(state.futures).toBe('5000');
    run({ type: 'transfer', from: 'FUTURES', to: 'SPOT', amount: d('1.5') });
    expect([state.spot, state.futures]).toEqual(['5001.5', '4998.5']);
    expectConserved();
  });

  it('refuses a transfer to the same wallet, a non-positive amount and more than the balance, changing nothing', () => {
    const before = structuredClone(state);
    const same = error(() => run({ type: 'transfer', from: 'SPOT', to: 'SPOT', amount: d('1') }));
    expect([same.code, same.meta.field]).toEqual(['INVALID_REQUEST', 'to_wallet_type']);
    expect(
      error(() => run({ type: 'transfer', from: 'SPOT', to: 'FUTURES', amount: d('0') })).meta.field,
    ).toBe('amount');
    expect(
      error(() => run({ type: 'transfer', from: 'SPOT', to: 'FUTURES', amount: d('5000.01') })).code,
    ).toBe('INSUFFICIENT_BALANCE');
    expect(state).toEqual(before);
  });
});
