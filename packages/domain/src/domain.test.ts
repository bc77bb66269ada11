import { describe, expect, it } from 'vitest';
import {
  ERRORS,
  ERROR_CODES,
  MockexError,
  dec,
  errorMessage,
  isId,
  newId,
  parseDecimal,
  parseId,
  toWire,
} from './index.ts';

describe('ids', () => {
  it('carry their prefix, sort by creation time and validate by kind', () => {
    const a = newId('order', new Date('2026-01-01T00:00:00Z'));
    const b = newId('order', new Date('2026-01-01T00:00:01Z'));
    expect(a).toMatch(/^ord_[0-9A-Z]{26}$/);
    expect(a < b).toBe(true);
    expect(isId('order', a)).toBe(true);
    expect(isId('position', a)).toBe(false);
    expect(parseId('order', 'ord_nope')).toBeNull();
    expect(new Set(Array.from({ length: 1000 }, () => newId('user'))).size).toBe(1000);
  });
});

describe('decimal money', () => {
  it('adds exactly where floats do not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(toWire(dec('0.1').plus('0.2'))).toBe('0.3');
  });

  it('parses JSON numbers and numeric strings, and refuses everything else', () => {
    expect(toWire(parseDecimal(0.001)!)).toBe('0.001');
    expect(toWire(parseDecimal('0.001')!)).toBe('0.001');
    expect(toWire(parseDecimal(' 12.50 ')!)).toBe('12.5');
    expect(toWire(parseDecimal(1e-7)!)).toBe('0.0000001');
    for (const bad of [
      '',
      'abc',
      '1e5',
      '0x10',
      'NaN',
      'Infinity',
      null,
      undefined,
      true,
      {},
      [],
      Number.NaN,
    ]) {
      expect(parseDecimal(bad)).toBeNull();
    }
  });

  it('writes plain strings without exponent or negative zero', () => {
    expect(toWire(dec('1e-12'))).toBe('0.000000000001');
    expect(toWire(dec('123456789012345678901234567890'))).toBe('123456789012345678901234567890');
    expect(toWire(dec('-0'))).toBe('0');
    expect(toWire(dec('2.345'), 2)).toBe('2.34');
  });
});

describe('error catalogue', () => {
  it('describes every code completely with a 4xx or 5xx status', () => {
    for (const code of ERROR_CODES) {
      const spec = ERRORS[code];
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(spec.status).toBeGreaterThanOrEqual(400);
      expect(spec.status).toBeLessThan(600);
      expect(spec.message.length).toBeGreaterThan(5);
      expect(spec.cause.length).toBeGreaterThan(10);
      expect(spec.fix.length).toBeGreaterThan(10);
    }
  });

  it('keeps the venue texts exact', () => {
    expect(errorMessage('RATE_LIMITED', { seconds: 1 })).toBe('Too many requests. Try again in 1 seconds.');
    expect(errorMessage('POSITION_OUT_OF_SYNC')).toBe('position not in sync with exchange');
    expect(errorMessage('AUTH_INVALID')).toBe('Invalid Authentication');
  });

  it('carries code, status and meta on MockexError', () => {
    const error = new MockexError(
      'INVALID_REQUEST',
      { detail: 'quantity: must be positive' },
      { field: 'quantity' },
    );
    expect(error.status).toBe(400);
    expect(error.message).toBe('Invalid request: quantity: must be positive');
    expect(error.meta).toEqual({ field: 'quantity' });
  });
});
