import { describe, expect, it } from 'vitest';
import { decideKeyAccess, type KeyFacts, type KeyNeed } from './access.ts';
import { ipMatcher } from './ip.ts';

describe('decideKeyAccess', () => {
  const now = new Date('2026-03-01T00:00:00Z');
  const facts = (over: Partial<KeyFacts> = {}): KeyFacts => ({
    key: {
      id: 'key_1',
      keyPrefix: 'mx_AbCd',
      permissions: ['READ_ONLY'],
      expiresAt: new Date('2026-05-30T00:00:00Z'),
    },
    account: { id: 'usr_1', email: 'a@example.com', kycStatus: 'verified' },
    revoked: false,
    whitelist: ipMatcher(['10.0.0.0/8']),
    ...over,
  });
  const req = (ip = '10.1.2.3', needs: KeyNeed = 'READ_ONLY', at = now) => ({ ip, now: at, needs });
  const kyc = { requireKyc: true };

  it('refuses in the contract order: missing, unknown, revoked, expired, IP, permission, KYC', () => {
    // Every fact is wrong at once: each step names the first failing check, then that check is fixed.
    const expired = new Date('2026-01-01T00:00:00Z');
    const all = facts({
      revoked: true,
      key: { id: 'key_1', keyPrefix: 'mx_AbCd', permissions: ['READ_ONLY'], expiresAt: expired },
      account: { id: 'usr_1', email: 'a@example.com', kycStatus: 'expired' },
    });
    expect(decideKeyAccess('missing', req(), kyc)).toEqual({ valid: false, reason: 'AUTH_MISSING' });
    expect(decideKeyAccess('unknown', req(), kyc)).toEqual({ valid: false, reason: 'AUTH_INVALID' });
    expect(decideKeyAccess(all, req('192.0.2.1', 'TRADE'), kyc)).toEqual({
      valid: false,
      reason: 'KEY_REVOKED',
    });
    const notRevoked = { ...all, revoked: false };
    expect(decideKeyAccess(notRevoked, req('192.0.2.1', 'TRADE'), kyc)).toEqual({
      valid: false,
      reason: 'KEY_EXPIRED',
      detail: { expiredAt: expired.toISOString() },
    });
    const live = { ...notRevoked, key: { ...notRevoked.key, expiresAt: new Date('2026-05-30T00:00:00Z') } };
    expect(decideKeyAccess(live, req('::ffff:192.0.2.1', 'TRADE'), kyc)).toEqual({
      valid: false,
      reason: 'IP_NOT_ALLOWED',
      detail: { ip: '192.0.2.1' },
    });
    expect(decideKeyAccess(live, req('10.0.0.1', 'TRADE'), kyc)).toEqual({
      valid: false,
      reason: 'PERMISSION_DENIED',
      detail: { permission: 'TRADE' },
    });
    expect(decideKeyAccess(live, req('10.0.0.1', 'READ_ONLY'), kyc)).toEqual({
      valid: false,
      reason: 'KYC_REQUIRED',
      detail: { status: 'expired' },
    });
    expect(decideKeyAccess(live, req('10.0.0.1', 'READ_ONLY'), { requireKyc: false })).toMatchObject({
      valid: true,
    });
  });

  it('expires at the expiry instant; TRADE keys also read', () => {
    const f = facts({ key: { ...facts().key, permissions: ['TRADE'] } });
    expect(decideKeyAccess(f, req(undefined, 'READ_ONLY'), kyc)).toEqual({
      valid: true,
      key: f.key,
      account: f.account,
    });
    expect(decideKeyAccess(f, req(undefined, 'TRADE', f.key.expiresAt), kyc)).toMatchObject({
      reason: 'KEY_EXPIRED',
    });
  });
});
