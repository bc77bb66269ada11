import { describe, expect, it } from 'vitest';
import { IP, codeOf, readyUser, totpCode, uniqueEmail, useKeyService } from './support.ts';

const env = useKeyService();

describe('two-factor authentication', () => {
  it('issues a base32 secret and otpauth URL, enables with a valid code, and keeps the secret encrypted', async () => {
    const me = await env.service.signUp({ email: uniqueEmail(), password: 'long enough pw' }, IP);
    expect(await codeOf(() => env.service.enableTwoFactor(me.id, { otp: '123456' }, IP))).toBe(
      'TWO_FACTOR_NOT_STARTED',
    );
    const { secret, otpauthUrl } = await env.service.beginTwoFactor(me.id, IP);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(url.searchParams.get('secret')).toBe(secret);
    expect(url.searchParams.get('algorithm')).toBe('SHA1');
    expect(url.searchParams.get('digits')).toBe('6');
    expect(url.searchParams.get('period')).toBe('30');
    const row = await env.database.db
      .selectFrom('users')
      .select('totp_secret_enc')
      .where('id', '=', me.id)
      .executeTakeFirstOrThrow();
    expect(row.totp_secret_enc).not.toContain(secret);

    expect(await codeOf(() => env.service.enableTwoFactor(me.id, { otp: '000000' }, IP))).toBe('INVALID_OTP');
    env.clock.advance(30);
    const enabled = await env.service.enableTwoFactor(me.id, { otp: totpCode(secret, env.clock.now()) }, IP);
    expect(enabled.twoFactorEnabled).toBe(true);
    expect(await codeOf(() => env.service.beginTwoFactor(me.id, IP))).toBe('TWO_FACTOR_ALREADY_ENABLED');
  });

  it('accepts ±1 step of drift, refuses older codes, and accepts each code only once', async () => {
    const user = await readyUser(env.service, env.clock);
    const email = user.email;
    const password = user.password;
    env.clock.advance(300);
    const now = env.clock.now();
    const previous = totpCode(user.totpSecret, new Date(now.getTime() - 30_000));
    const twoBack = totpCode(user.totpSecret, new Date(now.getTime() - 60_000));
    const next = totpCode(user.totpSecret, new Date(now.getTime() + 30_000));
    expect(await codeOf(() => env.service.signIn({ email, password }, IP))).toBe('OTP_REQUIRED');
    expect(await codeOf(() => env.service.signIn({ email, password, otp: twoBack }, IP))).toBe('INVALID_OTP');
    await expect(env.service.signIn({ email, password, otp: previous }, IP)).resolves.toHaveProperty('token');
    // Replay of the same code, then of an older one after a newer step was used.
    expect(await codeOf(() => env.service.signIn({ email, password, otp: previous }, IP))).toBe(
      'INVALID_OTP',
    );
    await expect(env.service.signIn({ email, password, otp: next }, IP)).resolves.toHaveProperty('token');
    const current = totpCode(user.totpSecret, now);
    expect(await codeOf(() => env.service.signIn({ email, password, otp: current }, IP))).toBe('INVALID_OTP');
    // Expired: a code from two minutes ago.
    env.clock.advance(120);
    expect(await codeOf(() => env.service.signIn({ email, password, otp: next }, IP))).toBe('INVALID_OTP');
  });

  it('locks key management for a user after 5 wrong codes', async () => {
    const user = await readyUser(env.service, env.clock);
    for (let i = 0; i < 5; i++) {
      expect(await codeOf(() => env.service.createKey(user.id, { label: 'bot', otp: '000000' }, IP))).toBe(
        'INVALID_OTP',
      );
    }
    expect(
      await codeOf(() => env.service.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP)),
    ).toBe('TOO_MANY_ATTEMPTS');
    env.clock.advance(900);
    await expect(
      env.service.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP),
    ).resolves.toHaveProperty('secret');
  });

  it('checks at most 5 of 100 sign-in codes arriving at once; the right one last is refused', async () => {
    const user = await readyUser(env.service, env.clock);
    const right = user.nextCode();
    const wrong = (i: number) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0');
    const codes = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        codeOf(() =>
          env.service.signIn(
            { email: user.email, password: user.password, otp: i === 99 ? right : wrong(i) },
            { ip: `198.18.4.${i}` },
          ),
        ),
      ),
    );
    expect(codes.filter((c) => c === 'INVALID_OTP')).toHaveLength(5);
    expect(codes.filter((c) => c === 'TOO_MANY_ATTEMPTS')).toHaveLength(95);
    env.clock.advance(901);
  });

  it('checks at most 5 of 20 key-change codes arriving at once; the right one last is refused', async () => {
    const user = await readyUser(env.service, env.clock);
    const right = user.nextCode();
    const wrong = (i: number) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0');
    const codes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        codeOf(() => env.service.createKey(user.id, { label: 'bot', otp: i === 19 ? right : wrong(i) }, IP)),
      ),
    );
    expect(codes.filter((c) => c === 'INVALID_OTP')).toHaveLength(5);
    expect(codes.filter((c) => c === 'TOO_MANY_ATTEMPTS')).toHaveLength(15);
    expect(await env.service.listKeys(user.id)).toEqual([]);
    env.clock.advance(901);
  });

  it('refuses replayed codes without counting them as guesses', async () => {
    const user = await readyUser(env.service, env.clock);
    const code = user.nextCode();
    await env.service.createKey(user.id, { label: 'bot', otp: code }, IP);
    for (let i = 0; i < 8; i++)
      expect(await codeOf(() => env.service.revokeAllKeys(user.id, { otp: code }, IP))).toBe('INVALID_OTP');
    expect(await env.service.revokeAllKeys(user.id, { otp: user.nextCode() }, IP)).toBe(1);
  });
});
