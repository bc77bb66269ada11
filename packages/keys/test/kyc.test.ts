import { describe, expect, it } from 'vitest';
import { IP, codeOf, makeService, uniqueEmail, useKeyService } from './support.ts';

const env = useKeyService();

describe('KYC', () => {
  it('verifies at once in auto mode, stays pending in manual mode, and the sandbox can set any status', async () => {
    const me = await env.service.signUp({ email: uniqueEmail(), password: 'long enough pw' }, IP);
    expect(await codeOf(() => env.service.submitKyc(me.id, { legalName: 'A', country: 'GB' }, IP))).toBe(
      'INVALID_REQUEST',
    );
    expect(await codeOf(() => env.service.submitKyc(me.id, { legalName: 'Ada', country: 'GBR' }, IP))).toBe(
      'INVALID_REQUEST',
    );
    expect(
      (await env.service.submitKyc(me.id, { legalName: ' Ada  Lovelace ', country: 'gb' }, IP)).kycStatus,
    ).toBe('verified');
    expect((await env.service.setKycStatus(me.email.toUpperCase(), 'expired')).kycStatus).toBe('expired');
    expect(await codeOf(() => env.service.setKycStatus('nobody@example.com', 'verified'))).toBe(
      'ACCOUNT_NOT_FOUND',
    );

    const manual = await makeService(env.database, { kycMode: 'manual' });
    const other = await manual.service.signUp({ email: uniqueEmail(), password: 'long enough pw' }, IP);
    expect(
      (await manual.service.submitKyc(other.id, { legalName: 'Grace Hopper', country: 'US' }, IP)).kycStatus,
    ).toBe('pending');
    await manual.service.close();
  });
});
