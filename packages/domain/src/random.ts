/**
 * Small, seeded, reproducible randomness for the sandbox (price walk, probabilistic faults): the same
 * seed gives the same run on every machine. Not for secrets; those use node:crypto.
 */

/** FNV-1a's 32-bit offset basis: the state `fnv1a` starts from. */
export const FNV1A_OFFSET = 0x811c9dc5;

/** FNV-1a over `text`, continuing from `state`: the state after a fixed prefix can be kept and continued. */
export function fnv1a(state: number, text: string): number {
  let h = state;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** The murmur3 finaliser (fmix32): spreads every input bit over the unsigned 32-bit result. */
export function fmix32(state: number): number {
  let h = state;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Joins the parts of `hash32`; a prefix kept with `fnv1a` must end with it. */
export const HASH_SEPARATOR = '\u0001';

/** FNV-1a over the text form, then a murmur3 finaliser: a stable 32-bit hash of the parts. */
export function hash32(...parts: (string | number)[]): number {
  return fmix32(fnv1a(FNV1A_OFFSET, parts.join(HASH_SEPARATOR)));
}

/** mulberry32: a tiny, well-distributed 32-bit PRNG; returns a generator of floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator of floats in [0, 1) seeded by text or a number; `Math.random` when no seed is given. */
export function seededRandom(seed: string | number | undefined): () => number {
  if (seed === undefined || seed === '') return Math.random;
  return mulberry32(hash32('mockex-random', seed));
}
