import { describe, expect, it } from 'vitest';
import {
  decryptSecret,
  derivePepperKeys,
  encryptSecret,
  generateApiSecret,
  generatePepper,
  hashApiSecret,
  keyPrefixOf,
  looksLikeMockexSecret,
} from './secrets.ts';

describe('API secrets', () => {
  it('carry the mx_ prefix, 32 random base62 characters and a checksum', () => {
    const secret = generateApiSecret();
    expect(secret).toMatch(/^mx_[0-9A-Za-z]{38}$/);
    expect(looksLikeMockexSecret(secret)).toBe(true);
    expect(keyPrefixOf(secret)).toBe(secret.slice(0, 11));
    // 32 base62 characters: log2(62) * 32 ≈ 190 bits of randomness.
    expect(32 * Math.log2(62)).toBeGreaterThan(128);
    expect(new Set(Array.from({ length: 2000 }, generateApiSecret)).size).toBe(2000);
  });

  it('uses every base62 character about equally often', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      for (const ch of generateApiSecret().slice(3, 35)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    const expected = (2000 * 32) / 62;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.2);
  });

  it('are recognised offline by their checksum, and a single changed character is caught', () => {
    const secret = generateApiSecret();
    for (let i = 3; i < secret.length; i++) {
      const swapped = secret[i] === 'a' ? 'b' : 'a';
      expect(looksLikeMockexSecret(secret.slice(0, i) + swapped + secret.slice(i + 1))).toBe(false);
    }
    for (const bad of [
      '',
      'mx_',
      secret.slice(0, -1),
      `${secret}x`,
      secret.replace('mx_', 'mk_'),
      42,
      null,
    ]) {
      expect(looksLikeMockexSecret(bad)).toBe(false);
    }
  });

  it('hash with a key derived from the pepper: same pepper same hash, other pepper other hash', () => {
    const secret = generateApiSecret();
    const a = derivePepperKeys(generatePepper());
    const b = derivePepperKeys(generatePepper());
    expect(hashApiSecret(a, secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiSecret(a, secret)).toBe(hashApiSecret(a, secret));
    expect(hashApiSecret(a, secret)).not.toBe(hashApiSecret(b, secret));
    expect(hashApiSecret(a, secret)).not.toContain(secret.slice(3, 12));
    expect(() => derivePepperKeys('short')).toThrow(/at least 32/);
  });
});

describe('sealed TOTP secrets', () => {
  const keys = derivePepperKeys(generatePepper());

  it('round-trip, differ every time, and hide the plaintext', () => {
    const sealed1 = encryptSecret(keys, 'JBSWY3DPEHPK3PXP', 'usr_1');
    const sealed2 = encryptSecret(keys, 'JBSWY3DPEHPK3PXP', 'usr_1');
    expect(sealed1).not.toBe(sealed2);
    expect(sealed1).not.toContain('JBSWY3DP');
    expect(decryptSecret(keys, sealed1, 'usr_1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuse another account, another pepper, or a tampered ciphertext', () => {
    const sealed = encryptSecret(keys, 'JBSWY3DPEHPK3PXP', 'usr_1');
    expect(() => decryptSecret(keys, sealed, 'usr_2')).toThrow();
    expect(() => decryptSecret(derivePepperKeys(generatePepper()), sealed, 'usr_1')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered!!').toString('base64url');
    expect(() => decryptSecret(keys, parts.join('.'), 'usr_1')).toThrow();
  });
});
