import { createHmac } from 'node:crypto';

/**
 * What an authenticator app does: RFC 6238 codes (SHA-1, 6 digits, 30-second steps) from the base32
 * secret that `account.beginTwoFactor` returns. Mockex accepts each code once, so `freshCode` never
 * hands out a step twice: it takes the next step (Mockex allows one step of clock drift) and only
 * waits when even that one has been used.
 */
const STEP_SECONDS = 30;

function base32Decode(input: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of input.replace(/=+$/, '').toUpperCase()) {
    const index = alphabet.indexOf(char);
    if (index === -1) throw new Error(`not a base32 secret (bad character "${char}")`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The code for one 30-second step. */
export function totpAt(base32Secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const hmac = createHmac('sha1', base32Decode(base32Secret)).update(counter).digest();
  const offset = hmac[hmac.length - 1]! & 0x0f;
  const binary = hmac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

const lastStep = new Map<string, number>();

/** A code Mockex has not seen yet for this secret. */
export async function freshCode(base32Secret: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000 / STEP_SECONDS);
  let step = Math.max(now, (lastStep.get(base32Secret) ?? -1) + 1);
  if (step > now + 1) {
    // Both the current and the next step are used: wait for the clock to catch up.
    await new Promise((resolve) => setTimeout(resolve, ((step - 1) * STEP_SECONDS + 1) * 1000 - Date.now()));
    step = Math.max(step, Math.floor(Date.now() / 1000 / STEP_SECONDS));
  }
  lastStep.set(base32Secret, step);
  return totpAt(base32Secret, step);
}
