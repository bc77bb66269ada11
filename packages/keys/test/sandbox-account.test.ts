import { describe, expect, it } from 'vitest';
import { IP, codeOf, totpCode, uniqueEmail, useKeyService } from './support.ts';

const env = useKeyService();

describe('createSandboxAccount', () => {
  it('makes a ready trader whose key verifies at once and whose password and TOTP secret sign in', async () => {
    const made = await env.service.createSandboxAccount({}, IP);
    expect(made.user).toMatchObject({ kycStatus: 'verified', twoFactorEnabled: true });
    expect(made.user.email).toMatch(/^trader-[0-9a-f]{12}@mockex\.test$/);
    expect(made.key).toMatchObject({
      permissions: ['READ_ONLY', 'TRADE'],
      ipWhitelist: [],
      status: 'active',
    });
    const verified = await env.service.verifyKey(made.secret, {
      ip: '198.51.100.1',
      now: env.clock.now(),
      needs: 'TRADE',
    });
    expect(verified).toMatchObject({ valid: true, account: { id: made.user.id } });

    // The key API's own rules still hold for this user: a key change wants a code.
    expect(await codeOf(() => env.service.createKey(made.user.id, { label: 'second' }, IP))).toBe(
      'INVALID_OTP',
    );
    const signedIn = await env.service.signIn(
      { email: made.user.email, password: made.password, otp: totpCode(made.totpSecret, env.clock.now()) },
      IP,
    );
    expect(signedIn.user.id).toBe(made.user.id);

    const stored = await env.database.db
      .selectFrom('users')
      .select(['password_hash', 'totp_secret_enc'])
      .where('id', '=', made.user.id)
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).not.toContain(made.password);
    expect(stored.totp_secret_enc).not.toContain(made.totpSecret);
    const trail = await env.service.listAudit(made.user.id, {});
    expect(trail.events.map((e) => e.type).sort()).toEqual([
      'account.kyc_changed',
      'auth.signed_in',
      'auth.signed_up',
      'auth.two_factor_enabled',
      'key.created',
    ]);
    expect(trail.events.find((e) => e.type === 'key.created')).toMatchObject({
      keyId: made.key.id,
      detail: {
        label: 'sandbox',
        keyPrefix: made.key.keyPrefix,
        permissions: ['READ_ONLY', 'TRADE'],
        ipWhitelist: [],
        by: 'sandbox',
      },
    });
  });

  it('takes an email, permissions and a whitelist, and refuses a taken email or a bad field before writing', async () => {
    const email = uniqueEmail('Given');
    const made = await env.service.createSandboxAccount(
      { email: ` ${email.toUpperCase()} `, permissions: ['READ_ONLY'], ipWhitelist: ['10.0.0.0/8'] },
      IP,
    );
    expect(made.user.email).toBe(email.toLowerCase());
    expect(made.key).toMatchObject({ permissions: ['READ_ONLY'], ipWhitelist: ['10.0.0.0/8'] });
    expect(await codeOf(() => env.service.createSandboxAccount({ email }, IP))).toBe('EMAIL_TAKEN');

    const fresh = uniqueEmail('bad');
    expect(
      await codeOf(() => env.service.createSandboxAccount({ email: fresh, permissions: ['FLY'] }, IP)),
    ).toBe('INVALID_REQUEST');
    expect(
      await codeOf(() =>
        env.service.createSandboxAccount({ email: fresh, permissions: ['TRADE', 'WITHDRAW'] }, IP),
      ),
    ).toBe('PERMISSION_POLICY');
    expect(await codeOf(() => env.service.createSandboxAccount({ email: 'not-an-address' }, IP))).toBe(
      'INVALID_REQUEST',
    );
    expect(await env.service.findAccountByEmail(fresh)).toBeNull();
  });
});
