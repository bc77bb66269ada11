/**
 * The one-call trader of `POST /sandbox/v1/accounts` in the in-process (MSW) mode: a key in the
 * in-memory verifier (gone at the next reset, like every sandbox account) and a funded account.
 * There is no key API in process, so the password and TOTP secret only keep the answer's shape the
 * server's; the secret works on the mock exchange at once.
 */
import { randomBytes } from 'node:crypto';
import type { ExchangeCore } from '../runtime.ts';
import {
  keyOnTheWire,
  sandboxCredits,
  SANDBOX_ACCOUNT_PERMISSIONS,
  type SandboxAccountRequest,
  type SandboxAccountResult,
} from '../sandbox/accounts.ts';
import type { MemoryKeyVerifier } from './memory-keys.ts';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 of 20 random bytes (160 bits, the size authenticator apps expect). */
function totpSecret(): string {
  let bits = '';
  for (const byte of randomBytes(20)) bits += byte.toString(2).padStart(8, '0');
  return (bits.match(/.{5}/g) ?? []).map((chunk) => BASE32[parseInt(chunk, 2)]).join('');
}

export async function createMemoryAccount(
  keys: MemoryKeyVerifier,
  core: ExchangeCore,
  input: SandboxAccountRequest,
): Promise<SandboxAccountResult> {
  const secret = `mx_${randomBytes(24).toString('base64url')}`;
  const { key, account } = keys.add({
    secret,
    permissions: input.permissions ?? [...SANDBOX_ACCOUNT_PERMISSIONS],
    ipWhitelist: input.ipWhitelist ?? [],
    email: input.email ?? `trader-${randomBytes(6).toString('hex')}@mockex.test`,
  });
  for (const { wallet, amount } of sandboxCredits(input.funds)) await core.credit(account.id, wallet, amount);
  return {
    email: account.email,
    password: randomBytes(18).toString('base64url'),
    totpSecret: totpSecret(),
    key: keyOnTheWire(key),
    secret,
  };
}
