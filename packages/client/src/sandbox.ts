/** A typed client for the sandbox control plane (`/sandbox/v1`): faults, prices, clock, accounts, reset. */
import type { KycStatus } from '@mockex/domain';
import type { ArmedFault, FaultSpecInput } from '@mockex/exchange';
import { createAccount, type CreateAccountInput } from './sandbox-accounts.ts';
import { send, type Method } from './transport.ts';
import type { Numeric, WalletType } from './types.ts';

/** A fault to arm, as `POST /sandbox/v1/faults` takes it (the server's schema). */
export type FaultSpec = FaultSpecInput;
export type FaultKind = FaultSpec['fault'];
export type { ArmedFault };

export interface SandboxClientOptions {
  /** The server (`http://127.0.0.1:8080`) or the full sandbox URL (`…/sandbox/v1`). */
  baseUrl: string;
  /** MOCKEX_SANDBOX_TOKEN, when the server has one. */
  token?: string;
  fetch?: typeof fetch;
}

export function createSandboxClient(options: SandboxClientOptions) {
  const trimmed = options.baseUrl.replace(/\/+$/, '');
  const root = trimmed.endsWith('/sandbox/v1') ? trimmed : `${trimmed}/sandbox/v1`;
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  const call = <T>(method: Method, path: string, body?: unknown) =>
    send<T>(doFetch, root + path, method, headers, body === undefined ? {} : { body });
  return {
    armFault: (spec: FaultSpec) => call<ArmedFault>('POST', '/faults', spec),
    listFaults: () => call<{ faults: ArmedFault[] }>('GET', '/faults'),
    disarmFault: (id: string) =>
      call<{ id: string; disarmed: true }>('DELETE', `/faults/${encodeURIComponent(id)}`),
    clearFaults: () => call<{ disarmed: number }>('DELETE', '/faults'),
    setPrice: (symbol: string, price: Numeric) =>
      call<{ symbol: string; price: string }>('POST', '/prices', { symbol, price }),
    getClock: () => call<{ now: string; offsetSeconds: number }>('GET', '/clock'),
    advanceClock: (seconds: number) =>
      call<{ now: string; offsetSeconds: number }>('POST', '/clock/advance', { seconds }),
    setKycStatus: (email: string, status: KycStatus) =>
      call<{ email: string; kycStatus: string }>('POST', '/accounts/kyc', { email, status }),
    credit: (email: string, wallet: WalletType, amount: Numeric) =>
      call<{ email: string; wallet: WalletType; amount: string; balance: string }>(
        'POST',
        '/accounts/funds',
        { email, wallet, amount },
      ),
    reset: () => call<{ reset: true }>('POST', '/reset', {}),
    /** A ready trader (signed up, KYC verified, 2FA on, funded, a key issued) in one call. */
    createAccount: (input?: CreateAccountInput) => createAccount(call, input),
  };
}

export type SandboxClient = ReturnType<typeof createSandboxClient>;
