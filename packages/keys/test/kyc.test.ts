import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@mockex/db/testing';
import { type KeyService } from '../src/index.ts';
import { IP, codeOf, makeService, uniqueEmail } from './support.ts';

let database: TestDatabase;
let service: KeyService;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ service } = await makeService(database));
});
afterAll(async () => {
  await service.close();
  await database.destroy();
});

describe('KYC', () => {
  it('verifies at once in auto mode, stays pending in manual mode, and the sandbox can set any status', async () => {
    const me = await service.signUp({ email: uniqueEmail(), password: 'long enough pw' }, IP);
    expect(await codeOf(() => service.submitKyc(me.id, { legalName: 'A', country: 'GB' }, IP))).toBe(
      'INVALID_REQUEST',
    );
    expect(await codeOf(() => service.submitKyc(me.id, { legalName: 'Ada', country: 'GBR' }, IP))).toBe(
      'INVALID_REQUEST',
    );
    expect(
      (await service.submitKyc(me.id, { legalName: ' Ada  Lovelace ', country: 'gb' }, IP)).kycStatus,
    ).toBe('verified');
    expect((await service.setKycStatus(me.email.toUpperCase(), 'expired')).kycStatus).toBe('expired');
    expect(await codeOf(() => service.setKycStatus('nobody@example.com', 'verified'))).toBe(
      'ACCOUNT_NOT_FOUND',
    );

    const manual = await makeService(database, { kycMode: 'manual' });
    const other = await manual.service.signUp({ email: uniqueEmail(), password: 'long enough pw' }, IP);
    expect(
      (await manual.service.submitKyc(other.id, { legalName: 'Grace Hopper', country: 'US' }, IP)).kycStatus,
    ).toBe('pending');
    await manual.service.close();
  });
});
