import { describe, expect, it } from 'vitest';
import { FNV1A_OFFSET, HASH_SEPARATOR, fmix32, fnv1a, hash32, seededRandom } from './random.ts';

describe('seeded randomness', () => {
  it('hashes to the same values on every machine and run', () => {
    expect(hash32('a')).toBe(444641715);
    expect(hash32('mockex-prices', '42')).toBe(1683693736);
    expect(hash32(123, 'BTCUSDT', 3, 17)).toBe(3750127420);
    expect(hash32('')).toBe(2872998923);
    expect(seededRandom('x')()).toBe(0.13992601330392063);
  });

  it('is fnv1a then fmix32, so a kept prefix state gives the same hash', () => {
    const prefix = fnv1a(FNV1A_OFFSET, `123${HASH_SEPARATOR}BTCUSDT${HASH_SEPARATOR}3${HASH_SEPARATOR}`);
    expect(fmix32(fnv1a(prefix, '17'))).toBe(hash32(123, 'BTCUSDT', 3, 17));
  });

  it('falls back to Math.random without a seed', () => {
    expect(seededRandom(undefined)).toBe(Math.random);
    expect(seededRandom('')).toBe(Math.random);
  });
});
