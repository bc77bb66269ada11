import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@mockex/db/testing';
import type { KeyService } from '../src/index.ts';
import { IP, codeOf, makeService, totpCode, uniqueEmail, type TestClock } from './support.ts';

let database: TestDatabase;
let service: KeyService;
let clock: TestClock;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ service, clock } = await makeService(database));
});
afterAll(async () => {
  await service.close();
  await database.destroy();
});

describe('createSandboxAccount', () => {
  it('makes a ready trader whose key verifies at once and whose password and TOTP secret sign in', async () => {
    const made = await service.createSandboxAccount({}, IP);
    expect(made.user).toMatchObject({ kycStatus: 'verified', twoFactorEnabled: true });
    expect(made.user.email).toMatch(/^trader-[0-9a-f]{12}@mockex\.test$/);
    expect(made.key).toMatchObject({
      permissions: ['READ_ONLY', 'TRADE'],
      ipWhitelist: [],
      status: 'active',
    });
    const verified = await service.verifyKey(made.secret, {
      ip: '198.51.100.1',
      now: clock.now(),
      needs: 'TRADE',
    });
    expect(verified).toMatchObject({ valid: true, account: { id: made.user.id } });

    // The key API's own rules still hold for this user: a key change wants a code.
    expect(await codeOf(() => service.createKey(made.user.id, { label: 'second' }, IP))).toBe('INVALID_OTP');
    const signedIn = await service.signIn(
      { email: made.user.email, password: made.password, otp: totpCode(made.totpSecret, clock.now()) },
      IP,
    );
    expect(signedIn.user.id).toBe(made.user.id);

    const stored = await database.db
      .selectFrom('users')
      .select(['password_hash', 'totp_secret_enc'])
      .where('id', '=', made.user.id)
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).not.toContain(made.password);
    expect(stored.totp_secret_enc).not.toContain(made.totpSecret);
    const trail = await service.listAudit(made.user.id, {});
    expect(trail.events.map((e) => e.type).sort()).toEqual([
      'account.kyc_changed',
      'auth.signed_in',
      'auth.signed_up',
      'auth.two_factor_enabled',
      'key.created',
    ]);
  });

  it('takes an email, permissions and a whitelist, and refuses a taken email or a bad field before writing', async () => {
    const email = uniqueEmail('Given');
    const made = await service.createSandboxAccount(
      { email: ` ${email.toUpperCase()} `, permissions: ['READ_ONLY'], ipWhitelist: ['10.0.0.0/8'] },
      IP,
    );
    expect(made.user.email).toBe(email.toLowerCase());
    expect(made.key).toMatchObject({ permissions: ['READ_ONLY'], ipWhitelist: ['10.0.0.0/8'] });
    expect(await codeOf(() => service.createSandboxAccount({ email }, IP))).toBe('EMAIL_TAKEN');

    const fresh = uniqueEmail('bad');
    expect(await codeOf(() => service.createSandboxAccount({ email: fresh, permissions: ['FLY'] }, IP))).toBe(
      'INVALID_REQUEST',
    );
    expect(
      await codeOf(() =>
        service.createSandboxAccount({ email: fresh, permissions: ['TRADE', 'WITHDRAW'] }, IP),
      ),
    ).toBe('PERMISSION_POLICY');
    expect(await codeOf(() => service.createSandboxAccount({ email: 'not-an-address' }, IP))).toBe(
      'INVALID_REQUEST',
    );
    expect(await service.findAccountByEmail(fresh)).toBeNull();
  });
});
