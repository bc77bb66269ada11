import { Secret, TOTP } from 'otpauth';
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS } from './totp.ts';

/**
 * Test helpers for code that drives the key API: the TOTP code an authenticator app would show for a
 * secret from account.beginTwoFactor at a given time.
 */
export function totpCode(base32Secret: string, at: Date | number = Date.now()): string {
  return new TOTP({
    secret: Secret.fromBase32(base32Secret),
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  }).generate({
    timestamp: typeof at === 'number' ? at : at.getTime(),
  });
}

/** Start of the next 30-second TOTP step after `at` (to wait for a fresh code in real time). */
export function nextTotpStepAt(at: Date | number = Date.now()): number {
  const ms = typeof at === 'number' ? at : at.getTime();
  return (Math.floor(ms / (TOTP_PERIOD_SECONDS * 1000)) + 1) * TOTP_PERIOD_SECONDS * 1000;
}
