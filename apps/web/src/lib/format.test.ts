import { describe, expect, it } from 'vitest';
import { amount, daysUntil, signed, span } from './format.ts';

describe('formatting', () => {
  it('counts a part day as a day, so a new key expires in 90', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(daysUntil('2026-04-01T00:00:00Z', now + 5)).toBe(90);
    expect(daysUntil('2026-01-14T12:00:00Z', now)).toBe(14);
    expect(daysUntil('2026-01-13T23:59:00Z', now)).toBe(13);
    expect(daysUntil('2025-12-31T00:00:00Z', now)).toBe(-1);
  });

  it('shows wire decimals without float rounding', () => {
    expect(amount('0.1000000000000000055511151231257827')).toBe('0.10');
    expect(amount('12345678901234567890.125', 2)).toBe('12345678901234567890.13');
    expect(amount(undefined)).toBe('—');
    expect(signed('1.5')).toBe('+1.50');
    expect(signed('-0.054', 4)).toBe('-0.0540');
    expect(signed('0')).toBe('0.00');
  });

  it('says how far the sandbox clock is ahead in its largest whole unit, an hour never as 0 days', () => {
    expect(span(3_600)).toBe('1 hour');
    expect(span(86_400)).toBe('1 day');
    expect(span(80 * 86_400)).toBe('80 days');
    expect(span(1.5 * 86_400)).toBe('1 day');
    expect(span(90 * 60)).toBe('1 hour');
    expect(span(120)).toBe('2 minutes');
    expect(span(45)).toBe('45 seconds');
  });
});
