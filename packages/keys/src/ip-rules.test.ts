import { describe, expect, it } from 'vitest';
import { ipMatcher, normalizeIp, parseIpRule } from './ip-rules.ts';
import { checkPermissionPolicy, normalizeLabel, normalizePermissions, normalizeWhitelist } from './policy.ts';
import { venueProfile } from '@mockex/domain';

describe('IP whitelist entries', () => {
  it('accept IPv4, IPv6 and CIDR ranges in a canonical form', () => {
    expect(parseIpRule(' 203.0.113.50 ')).toEqual({ ok: true, rule: '203.0.113.50' });
    expect(parseIpRule('10.0.0.0/8')).toEqual({ ok: true, rule: '10.0.0.0/8' });
    expect(parseIpRule('2001:DB8::/32')).toEqual({ ok: true, rule: '2001:db8::/32' });
    expect(parseIpRule('::1')).toEqual({ ok: true, rule: '::1' });
    expect(parseIpRule('::ffff:192.0.2.1')).toEqual({ ok: true, rule: '192.0.2.1' });
  });

  it('refuse anything else', () => {
    for (const bad of [
      '',
      'localhost',
      '256.1.1.1',
      '1.2.3',
      '10.0.0.0/33',
      '10.0.0.0/',
      '10.0.0.0/-1',
      '::1/129',
      '1.2.3.4/8/2',
      'a.b.c.d',
    ]) {
      expect(parseIpRule(bad).ok).toBe(false);
    }
  });

  it('match addresses and ranges of both families; an empty list allows all', () => {
    const m = ipMatcher(['203.0.113.50', '10.0.0.0/8', '2001:db8::/32']);
    expect(m.allows('203.0.113.50')).toBe(true);
    expect(m.allows('203.0.113.51')).toBe(false);
    expect(m.allows('10.200.3.4')).toBe(true);
    expect(m.allows('11.0.0.1')).toBe(false);
    expect(m.allows('2001:db8:1::7')).toBe(true);
    expect(m.allows('2001:db9::1')).toBe(false);
    expect(m.allows('::ffff:10.1.1.1')).toBe(true);
    expect(m.allows('')).toBe(false);
    expect(m.allows('garbage')).toBe(false);
    expect(ipMatcher([]).allows('198.51.100.7')).toBe(true);
    expect(normalizeIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
  });
});

describe('key policy', () => {
  const profile = venueProfile('mudrex');

  it('trims labels to 1-50 characters', () => {
    expect(normalizeLabel('  bot  ', profile)).toBe('bot');
    expect(normalizeLabel('x'.repeat(50), profile)).toHaveLength(50);
    expect(() => normalizeLabel('   ', profile)).toThrow(/label/);
    expect(() => normalizeLabel('x'.repeat(51), profile)).toThrow(/label/);
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
