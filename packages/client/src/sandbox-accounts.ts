/**
 * `createSandboxClient().createAccount()`: a ready trader in one call (`POST /sandbox/v1/accounts`):
 * signed up, KYC verified, 2FA on, funded, a key issued. Its `secret` works on `/fapi/v1` at once.
 */

import type { Permission } from '@mockex/domain';
import type { SandboxAccountResult } from '@mockex/exchange';

export type SandboxPermission = Permission;

export interface CreateAccountInput {
  /** Default: a unique generated address (`trader-…@mockex.test`). */
  email?: string;
  /** Default `['READ_ONLY', 'TRADE']`, what a trading bot needs. */
  permissions?: SandboxPermission[];
  /** Addresses or CIDR ranges the key may be used from; default: any. */
  ipWhitelist?: string[];
  /**
   * USDT credited on top of the venue's opening funds: `futures` defaults to 10000, `spot` to 0
   * (a mudrex account opens with 10000 in spot and 0 in futures).
   */
  funds?: { spot?: string | number; futures?: string | number };
}

/** The key as the key API shows it to its owner (the server's response schema). */
export type { SandboxAccountKey } from '@mockex/exchange';

/**
 * The new account (the server's response schema): its generated `password` and `totpSecret` sign in to
 * the key API and the web app; `secret` is the API secret for `X-Authentication`, shown once.
 */
export type SandboxAccount = SandboxAccountResult;

type Post = <T>(method: 'POST', path: string, body?: unknown) => Promise<T>;

export function createAccount(call: Post, input: CreateAccountInput = {}): Promise<SandboxAccount> {
  return call<SandboxAccount>('POST', '/accounts', input);
}
