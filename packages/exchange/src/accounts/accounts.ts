import type { KeyVerifier, KycStatus } from '@mockex/domain';

type Awaitable<T> = T | Promise<T>;

/**
 * The one accounts port of the exchange: it verifies API keys (the gateway's auth step) and lets the
 * sandbox control plane find an account by email, set its KYC status and wipe every account. The
 * server passes the key service; the in-process (MSW) mode passes the keys a test declared.
 */
export interface ExchangeAccounts extends KeyVerifier {
  /** The account with this email; null or undefined when there is none. */
  findAccountByEmail(email: string): Awaitable<{ id: string; email: string } | null | undefined>;
  /** Sets an existing account's KYC status (the caller has checked that it exists). */
  setKycStatus(email: string, status: KycStatus): Awaitable<unknown>;
  /** Forgets every account and key (sandbox reset). */
  reset(): Awaitable<void>;
}
