import { describe, expect, it } from 'vitest';
import { venueProfile } from '@mockex/domain';
import { checkPermissionPolicy, normalizeLabel, normalizePermissions, normalizeWhitelist } from './policy.ts';

describe('key policy', () => {
  const profile = venueProfile('mudrex');

  it('trims labels to 1-50 characters', () => {
    expect(normalizeLabel('  bot  ', profile)).toBe('bot');
    expect(normalizeLabel('x'.repeat(50), profile)).toHaveLength(50);
    expect(() => normalizeLabel('   ', profile)).toThrow(/label/);
    expect(() => normalizeLabel('x'.repeat(51), profile)).toThrow(/label/);
    expect(() => normalizeLabel('bot\u0000', profile)).toThrow(
      'Invalid request: label: must not contain control characters (such as NUL)',
    );
  });

  it('deduplicates permissions and refuses unknown or none', () => {
    expect(normalizePermissions(['TRADE', 'READ_ONLY', 'TRADE'])).toEqual(['READ_ONLY', 'TRADE']);
    expect(() => normalizePermissions([])).toThrow(/permissions/);
    expect(() => normalizePermissions(['ADMIN'])).toThrow(
      'Invalid request: permissions: must each be one of READ_ONLY, TRADE, WITHDRAW',
    );
  });

  it('names the bad whitelist entry by index', () => {
    expect(normalizeWhitelist(['1.2.3.4', '1.2.3.4', '10.0.0.0/8'])).toEqual(['1.2.3.4', '10.0.0.0/8']);
    expect(() => normalizeWhitelist(['1.2.3.4', 'mx_pasted'])).toThrow(
      'Invalid request: ipWhitelist.1: is not an IPv4 or IPv6 address or CIDR range',
    );
  });

  it('keeps WITHDRAW away from TRADE and requires a whitelist for it', () => {
    expect(() => checkPermissionPolicy(['READ_ONLY', 'TRADE'], [])).not.toThrow();
    expect(() => checkPermissionPolicy(['WITHDRAW'], ['1.2.3.4'])).not.toThrow();
    expect(() => checkPermissionPolicy(['WITHDRAW'], [])).toThrow(/non-empty ipWhitelist/);
    expect(() => checkPermissionPolicy(['TRADE', 'WITHDRAW'], ['1.2.3.4'])).toThrow(/TRADE/);
  });
});
