/**
 * Credentials for the one-call trader of `POST /sandbox/v1/accounts` in the in-process (MSW) mode.
 * There is no key API in process, so the password and TOTP secret only keep the answer's shape the
 * server's; the secret works on the mock exchange at once.
 */
import { randomBytes } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 of 20 random bytes (160 bits, the size authenticator apps expect). */
function totpSecret(): string {
  let bits = '';
  for (const byte of randomBytes(20)) bits += byte.toString(2).padStart(8, '0');
  return (bits.match(/.{5}/g) ?? []).map((chunk) => BASE32[parseInt(chunk, 2)]).join('');
}

/** A unique address under `.test`, the top-level domain reserved for testing (as the server makes them). */
export function sandboxEmail(): string {
  return `trader-${randomBytes(6).toString('hex')}@mockex.test`;
}

export function memoryCredentials(): { secret: string; password: string; totpSecret: string } {
  return {
    secret: `mx_${randomBytes(24).toString('base64url')}`,
    password: randomBytes(18).toString('base64url'),
    totpSecret: totpSecret(),
  };
}
