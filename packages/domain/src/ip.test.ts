import { describe, expect, it } from 'vitest';
import { ipMatcher, normalizeIp, parseIpRule } from './ip.ts';

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
