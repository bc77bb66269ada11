import { Secret, TOTP } from 'otpauth';

/**
 * RFC 6238 TOTP as authenticator apps expect it: SHA-1, 6 digits, 30-second steps. A code is accepted
 * for the current step and one step either side (clock drift); the caller remembers the step it
 * accepted so that a code is only ever used once.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
const ISSUER = 'Mockex';

function totpFor(base32Secret: string, account = ''): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: account,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(base32Secret),
  });
}

/** A new 160-bit secret (RFC 4226's recommended size), base32 as authenticator apps take it. */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function otpauthUrl(base32Secret: string, account: string): string {
  return totpFor(base32Secret, account).toString();
}

/** The time step a code belongs to if it is valid at `now` (±1 step), else null. */
export function matchTotpStep(base32Secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = totpFor(base32Secret);
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return totp.counter({ timestamp: now.getTime() }) + delta;
}
