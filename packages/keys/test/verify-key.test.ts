import { describe, expect, it } from 'vitest';
import { venueProfile, type KeyNeed } from '@mockex/domain';
import { IP, makeService, readyUser, useKeyService } from './support.ts';

const env = useKeyService();

describe('verifyKey', () => {
  it('checks in order: missing, unknown, revoked, expired, IP, permission, KYC', async () => {
    const user = await readyUser(env.service, env.clock);
    const { key, secret } = await env.service.createKey(
      user.id,
      { label: 'bot', ipWhitelist: ['10.0.0.0/8', '2001:db8::1'], otp: user.nextCode() },
      IP,
    );
    const at = (ip: string, needs: KeyNeed = 'READ_ONLY') => ({ ip, now: env.clock.now(), needs });
    expect(await env.service.verifyKey(undefined, at('10.1.1.1'))).toEqual({
      valid: false,
      reason: 'AUTH_MISSING',
    });
    expect(await env.service.verifyKey('', at('10.1.1.1'))).toEqual({ valid: false, reason: 'AUTH_MISSING' });
    expect(await env.service.verifyKey('mx_notasecret', at('10.1.1.1'))).toEqual({
      valid: false,
      reason: 'AUTH_INVALID',
    });
    expect(
      await env.service.verifyKey(secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a'), at('10.1.1.1')),
    ).toMatchObject({ reason: 'AUTH_INVALID' });
    expect(await env.service.verifyKey(secret, at('192.0.2.1'))).toEqual({
      valid: false,
      reason: 'IP_NOT_ALLOWED',
      detail: { ip: '192.0.2.1' },
    });
    expect(await env.service.verifyKey(secret, at('::ffff:10.9.9.9'))).toMatchObject({ valid: true });
    // A READ_ONLY key is refused for a trading route, after the IP check.
    expect(await env.service.verifyKey(secret, at('10.1.1.1', 'TRADE'))).toEqual({
      valid: false,
      reason: 'PERMISSION_DENIED',
      detail: { permission: 'TRADE' },
    });
    expect(await env.service.verifyKey(secret, at('192.0.2.1', 'TRADE'))).toMatchObject({
      reason: 'IP_NOT_ALLOWED',
    });
    const ok = await env.service.verifyKey(secret, at('2001:db8::1'));
    expect(ok).toEqual({
      valid: true,
      key: { id: key.id, keyPrefix: key.keyPrefix, permissions: ['READ_ONLY'], expiresAt: key.expiresAt },
      account: { id: user.id, email: user.email, kycStatus: 'verified' },
    });
    // KYC expiry stops the key on the very next request (the cache is invalidated).
    await env.service.setKycStatus(user.email, 'expired');
    expect(await env.service.verifyKey(secret, at('10.1.1.1'))).toEqual({
      valid: false,
      reason: 'KYC_REQUIRED',
      detail: { status: 'expired' },
    });
    // IP and permission are checked before KYC.
    expect(await env.service.verifyKey(secret, at('192.0.2.1'))).toMatchObject({ reason: 'IP_NOT_ALLOWED' });
    expect(await env.service.verifyKey(secret, at('10.1.1.1', 'TRADE'))).toMatchObject({
      reason: 'PERMISSION_DENIED',
    });
    await env.service.setKycStatus(user.email, 'verified');
    expect((await env.service.verifyKey(secret, at('10.1.1.1'))).valid).toBe(true);
  });

  it("honours the venue profile's requireKyc: without it, an unverified owner's key still works", async () => {
    const mudrex = venueProfile('mudrex');
    const profile = { ...mudrex, keys: { ...mudrex.keys, requireKyc: false } };
    const { service: lax, clock: c } = await makeService(env.database, { profile });
    const user = await readyUser(lax, c);
    const { secret } = await lax.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP);
    await lax.setKycStatus(user.email, 'expired');
    const result = await lax.verifyKey(secret, { ip: '1.1.1.1', now: c.now(), needs: 'READ_ONLY' });
    expect(result).toMatchObject({ valid: true, account: { kycStatus: 'expired' } });
    await lax.close();
  });

  it('answers from memory while nothing changes (no database round trip)', async () => {
    // The service gets a handle whose every statement is counted.
    let queries = 0;
    const counted = env.database.db.withPlugin({
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const { service: s, clock: c } = await makeService({ ...env.database, db: counted });
    const user = await readyUser(s, c);
    const { secret } = await s.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP);
    await s.verifyKey(secret, { ip: '1.1.1.1', now: c.now(), needs: 'READ_ONLY' });
    await s.flushUsage();
    const before = queries;
    expect(before).toBeGreaterThan(0);
    for (let i = 0; i < 2000; i++)
      await s.verifyKey(secret, { ip: '1.1.1.1', now: c.now(), needs: 'READ_ONLY' });
    expect(queries).toBe(before);
    // A change is seen on the very next call, at the cost of one load.
    await s.setKycStatus(user.email, 'rejected');
    const afterChange = queries;
    expect(await s.verifyKey(secret, { ip: '1.1.1.1', now: c.now(), needs: 'READ_ONLY' })).toMatchObject({
      reason: 'KYC_REQUIRED',
    });
    expect(queries).toBe(afterChange + 1);
    await s.close();
  });

  it('writes lastUsedAt/lastUsedIp at most about once a second per key', async () => {
    const user = await readyUser(env.service, env.clock);
    const { key, secret } = await env.service.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP);
    const first = env.clock.now();
    await env.service.verifyKey(secret, { ip: '198.51.100.1', now: first, needs: 'READ_ONLY' });
    await env.service.flushUsage();
    env.clock.advance(5);
    for (let i = 0; i < 50; i++)
      await env.service.verifyKey(secret, { ip: '198.51.100.2', now: env.clock.now(), needs: 'READ_ONLY' });
    await env.service.flushUsage();
    let listed = (await env.service.listKeys(user.id)).find((k) => k.id === key.id)!;
    expect(listed.lastUsedAt).toEqual(first);
    expect(listed.lastUsedIp).toBe('198.51.100.1');
    await new Promise((r) => setTimeout(r, 1_050));
    await env.service.verifyKey(secret, { ip: '198.51.100.3', now: env.clock.now(), needs: 'READ_ONLY' });
    await env.service.flushUsage();
    listed = (await env.service.listKeys(user.id)).find((k) => k.id === key.id)!;
    expect(listed.lastUsedAt).toEqual(env.clock.now());
    expect(listed.lastUsedIp).toBe('198.51.100.3');
  });
});
