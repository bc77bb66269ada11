import { describe, expect, it } from 'vitest';
import { REQUESTS_PER_ROUND } from './hooks.ts';

describe('console polling', () => {
  it('counts a round as the reads it makes: funds, instruments, orders and positions, half a spot read, a quarter of each history list', () => {
    expect(REQUESTS_PER_ROUND).toBe(4 + 1 / 2 + 2 / 4);
  });
});
