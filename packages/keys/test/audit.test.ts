import { describe, expect, it } from 'vitest';
import { type KeyService } from '../src/index.ts';
import { IP, codeOf, readyUser, useKeyService } from './support.ts';

const env = useKeyService();

describe('audit trail', () => {
  it('records sign-in, 2FA, KYC and key events with time, address and key id, newest first with a cursor', async () => {
    const user = await readyUser(env.service, env.clock);
    await env.service.signIn(
      { email: user.email, password: user.password, otp: user.nextCode() },
      { ip: '192.0.2.44' },
    );
    const { key } = await env.service.createKey(user.id, { label: 'bot', otp: user.nextCode() }, IP);
    await env.service.updateKey(user.id, { id: key.id, label: 'renamed', otp: user.nextCode() }, IP);
    await env.service.rotateKey(user.id, { id: key.id, otp: user.nextCode() }, IP);
    await env.service.revokeKey(user.id, { id: key.id, otp: user.nextCode() }, IP);

    const all = await env.service.listAudit(user.id, { limit: 200 });
    expect(all.nextCursor).toBeNull();
    expect(all.events.map((e) => e.type)).toEqual([
      'key.revoked',
      'key.rotated',
      'key.updated',
      'key.created',
      'auth.signed_in',
      'auth.two_factor_enabled',
      'auth.two_factor_started',
      'account.kyc_changed',
      'auth.signed_up',
    ]);
    const signedIn = all.events.find((e) => e.type === 'auth.signed_in')!;
    expect(signedIn.ip).toBe('192.0.2.44');
    expect(signedIn.id).toMatch(/^evt_/);
    expect(all.events[0]).toMatchObject({ keyId: key.id, ip: IP.ip });
    expect(all.events[0]!.at).toBeInstanceOf(Date);
    expect(all.events.find((e) => e.type === 'account.kyc_changed')!.detail).toEqual({
      from: 'none',
      to: 'verified',
      by: 'submission',
    });
    expect(all.events.find((e) => e.type === 'key.created')!.detail).toEqual({
      label: 'bot',
      keyPrefix: key.keyPrefix,
      permissions: ['READ_ONLY'],
      ipWhitelist: [],
    });

    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<KeyService['listAudit']>> = await env.service.listAudit(user.id, {
        limit: 4,
        cursor,
      });
      pages.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual(all.events.map((e) => e.id));
    expect(await codeOf(() => env.service.listAudit(user.id, { cursor: 'garbage' }))).toBe('INVALID_REQUEST');
  });
});
