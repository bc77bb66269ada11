import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '@mockex/domain';
import { createTestDatabase, type TestDatabase } from '@mockex/db/testing';
import { IP, codeOf, makeService, totpCode, uniqueEmail } from './support.ts';

/**
 * The expiry story of contract section 1: the sandbox clock moves key expiry, while 2FA codes, sessions
 * and sign-in locks follow real time, so after the clock has jumped past a key's 90 days its owner
 * still signs in with the code on their phone and makes a new key.
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

describe('the sandbox clock and real time', () => {
  it('a key expires after the clock jumps 91 days; its owner signs in with a real-time code and makes a new one', async () => {
    const real = manualClock(new Date());
    const sandbox = manualClock(real.now());
    const { service } = await makeService(database, { clock: sandbox, realClock: real });
    // A code as the phone shows it: real time only, 30 s after the last one.
    const phoneCode = (secret: string) => {
      real.advance(30);
      return totpCode(secret, real.now());
    };
    try {
      const email = uniqueEmail('story');
      const password = 'correct horse battery';
      const me = await service.signUp({ email, password }, IP);
      await service.submitKyc(me.id, { legalName: 'Ada Lovelace', country: 'GB' }, IP);
      const { secret: totp } = await service.beginTwoFactor(me.id, IP);
      await service.enableTwoFactor(me.id, { otp: phoneCode(totp) }, IP);
      const session = await service.signIn({ email, password, otp: phoneCode(totp) }, IP);
      const first = await service.createKey(me.id, { label: 'bot', otp: phoneCode(totp) }, IP);
      const request = () => ({ ip: '198.51.100.1', now: sandbox.now(), needs: 'READ_ONLY' as const });
      expect((await service.verifyKey(first.secret, request())).valid).toBe(true);

      sandbox.advance(91 * 86_400);
      expect(await service.verifyKey(first.secret, request())).toEqual({
        valid: false,
        reason: 'KEY_EXPIRED',
        detail: { expiredAt: first.key.expiresAt.toISOString() },
      });
      // The session from before the jump still works: sessions do not end with the sandbox clock.
      expect((await service.authenticate(session.token)).id).toBe(me.id);
      // A code computed for the sandbox's time is refused; the phone's real-time code works.
      expect(
        await codeOf(() => service.signIn({ email, password, otp: totpCode(totp, sandbox.now()) }, IP)),
      ).toBe('INVALID_OTP');
      const again = await service.signIn({ email, password, otp: phoneCode(totp) }, IP);
      expect((await service.authenticate(again.token)).id).toBe(me.id);
      expect((await service.listKeys(me.id))[0]!.status).toBe('expired');
      const second = await service.createKey(me.id, { label: 'bot again', otp: phoneCode(totp) }, IP);
      expect(second.key.expiresAt.getTime()).toBe(sandbox.now().getTime() + 90 * 86_400_000);
      expect(await service.verifyKey(second.secret, request())).toMatchObject({ valid: true });
    } finally {
      await service.close();
    }
  });

  it('sessions end after their lifetime in real time, not when the sandbox clock moves', async () => {
    const real = manualClock(new Date());
    const sandbox = manualClock(real.now());
    const { service } = await makeService(database, { clock: sandbox, realClock: real });
    try {
      const email = uniqueEmail('session');
      await service.signUp({ email, password: 'long enough pw' }, IP);
      const { token, expiresAt } = await service.signIn({ email, password: 'long enough pw' }, IP);
      expect(expiresAt.getTime()).toBe(real.now().getTime() + 12 * 3600 * 1000);
      sandbox.advance(365 * 86_400);
      expect((await service.authenticate(token)).email).toBe(email);
      real.advance(12 * 3600);
      expect(await codeOf(() => service.authenticate(token))).toBe('UNAUTHENTICATED');
    } finally {
      await service.close();
    }
  });

  it('a sign-in lock is not lifted by moving the sandbox clock', async () => {
    const real = manualClock(new Date());
    const sandbox = manualClock(real.now());
    const { service } = await makeService(database, { clock: sandbox, realClock: real });
    try {
      const email = uniqueEmail('locked');
      await service.signUp({ email, password: 'long enough pw' }, IP);
      for (let i = 0; i < 5; i++)
        await codeOf(() => service.signIn({ email, password: 'wrong wrong' }, { ip: `192.0.2.${i}` }));
      sandbox.advance(86_400);
      expect(await codeOf(() => service.signIn({ email, password: 'long enough pw' }, IP))).toBe(
        'TOO_MANY_ATTEMPTS',
      );
      real.advance(901);
      await expect(service.signIn({ email, password: 'long enough pw' }, IP)).resolves.toHaveProperty(
        'token',
      );
    } finally {
      await service.close();
    }
  });
});
