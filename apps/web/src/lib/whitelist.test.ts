import { describe, expect, it } from 'vitest';
import { addWhitelistEntry } from './whitelist.ts';
import { createKeyForm, permissionAllowed } from './key-form.ts';

describe('whitelist editor', () => {
  it('adds addresses and ranges in the canonical form the server stores', () => {
    expect(addWhitelistEntry([], ' 203.0.113.7 ')).toEqual({ ok: true, list: ['203.0.113.7'] });
    expect(addWhitelistEntry(['203.0.113.7'], '2001:DB8::/32')).toEqual({
      ok: true,
      list: ['203.0.113.7', '2001:db8::/32'],
    });
    expect(addWhitelistEntry([], '::ffff:10.0.0.1')).toEqual({ ok: true, list: ['10.0.0.1'] });
  });

  it('refuses what the key API would refuse, saying why without echoing the entry', () => {
    const bad = addWhitelistEntry([], 'mx_notAnAddress');
    expect(bad).toEqual({ ok: false, problem: expect.stringContaining('is not an IPv4 or IPv6 address') });
    expect(JSON.stringify(bad)).not.toContain('mx_notAnAddress');
    expect(addWhitelistEntry([], '10.0.0.0/33')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('0-32'),
    });
    expect(addWhitelistEntry([], '01.2.3.4').ok).toBe(false);
    expect(addWhitelistEntry([], '   ')).toMatchObject({ ok: false });
    expect(addWhitelistEntry(['10.0.0.0/8'], '10.0.0.0/8')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('already'),
    });
  });

  it('stops at the most entries a key may have', () => {
    const full = Array.from({ length: 30 }, (_, i) => `10.0.0.${i}`);
    expect(addWhitelistEntry(full, '10.0.1.1')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('30'),
    });
  });
});

describe('key form policy', () => {
  it('keeps WITHDRAW and TRADE apart in the permission boxes', () => {
    expect(permissionAllowed('WITHDRAW', ['READ_ONLY', 'TRADE']).ok).toBe(false);
    expect(permissionAllowed('TRADE', ['WITHDRAW']).ok).toBe(false);
    expect(permissionAllowed('WITHDRAW', ['READ_ONLY']).ok).toBe(true);
  });

  it('validates with the server schema plus the key policy', () => {
    const base = { label: 'bot', otp: '123456' };
    expect(createKeyForm.safeParse({ ...base, permissions: ['READ_ONLY', 'TRADE'] }).success).toBe(true);
    const noList = createKeyForm.safeParse({ ...base, permissions: ['WITHDRAW'], ipWhitelist: [] });
    expect(noList.error?.issues[0]).toMatchObject({
      path: ['ipWhitelist'],
      message: expect.stringContaining('ipWhitelist'),
    });
    const both = createKeyForm.safeParse({
      ...base,
      permissions: ['TRADE', 'WITHDRAW'],
      ipWhitelist: ['10.0.0.1'],
    });
    expect(both.error?.issues[0]).toMatchObject({ path: ['permissions'] });
    expect(createKeyForm.safeParse({ ...base, label: '   ' }).success).toBe(false);
    expect(createKeyForm.safeParse({ ...base, ipWhitelist: ['nope'] }).success).toBe(false);
  });
});
