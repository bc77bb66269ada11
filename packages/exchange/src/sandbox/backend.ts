import { MockexError } from '@mockex/domain';
import type { ExchangeAccounts } from '../accounts/accounts.ts';
import type { ExchangeCore } from '../runtime.ts';
import type { SandboxBackend } from './control-plane.ts';

/** What `/sandbox/v1` drives besides its own state: prices and funds in the core, KYC in the accounts. */
export function sandboxBackend(core: ExchangeCore, accounts: ExchangeAccounts): SandboxBackend {
  const accountOf = async (email: string) => {
    const account = await accounts.findAccountByEmail(email);
    if (!account) throw new MockexError('ACCOUNT_NOT_FOUND', { email });
    return account;
  };
  return {
    setPrice: (symbol, price) => core.setMarkPrice(symbol, price),
    prices: () => core.markPrices(),
    async setKycStatus(email, status) {
      await accountOf(email);
      await accounts.setKycStatus(email, status);
    },
    async credit(email, wallet, amount) {
      return core.credit((await accountOf(email)).id, wallet, amount);
    },
    // The control plane resets its own state and limiter after this.
    async reset() {
      await core.reset();
      await accounts.reset();
    },
    settle: () => core.settleAll(),
  };
}
