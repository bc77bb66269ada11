import { KYC_STATUSES, MockexError, type KycStatus, invalidRequest } from '@mockex/domain';
import { recordAudit } from './audit.ts';
import { assertNoControlCharacters } from './policy.ts';
import type { KeysContext } from './context.ts';
import { normalizeEmail, toMe, userByEmail, userById, type UserRow } from './rows.ts';
import type { Me, RequestInfo } from './types.ts';

/**
 * KYC: a user's submission (verified at once in the sandbox's auto mode, pending in manual mode) and the
 * sandbox's direct status changes. Every change is audited and invalidates the user's cached keys, so
 * an expired KYC stops their keys on the very next request.
 */
async function changeKyc(
  ctx: KeysContext,
  user: UserRow,
  to: KycStatus,
  by: string,
  info: RequestInfo,
  extra: Partial<UserRow> = {},
): Promise<Me> {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('users')
      .set({ ...extra, kyc_status: to, kyc_updated_at: now, updated_at: now })
      .where('id', '=', user.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (user.kyc_status !== to) {
      await recordAudit(trx, {
        userId: user.id,
        type: 'account.kyc_changed',
        at: now,
        ip: info.ip,
        detail: { from: user.kyc_status, to, by },
      });
    }
    return updated;
  });
  await ctx.invalidate(user.id, []);
  return toMe(row);
}

export async function submitKyc(
  ctx: KeysContext,
  userId: string,
  input: { legalName: string; country: string },
  info: RequestInfo,
): Promise<Me> {
  assertNoControlCharacters('legalName', input.legalName);
  const legalName = input.legalName.trim().replace(/\s+/g, ' ');
  if (legalName.length < 2 || legalName.length > 100)
    throw invalidRequest('legalName', 'must be 2 to 100 characters');
  const country = input.country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country))
    throw invalidRequest('country', 'must be a two-letter ISO 3166-1 country code such as DE');
  const user = await userById(ctx.db, userId);
  if (user.kyc_status === 'verified') return toMe(user);
  const to: KycStatus = ctx.kycMode === 'auto' ? 'verified' : 'pending';
  return changeKyc(ctx, user, to, 'submission', info, { kyc_legal_name: legalName, kyc_country: country });
}

export async function setKycStatus(
  ctx: KeysContext,
  email: string,
  status: KycStatus,
  info: RequestInfo,
): Promise<Me> {
  if (!(KYC_STATUSES as readonly string[]).includes(status))
    throw invalidRequest('status', `must be one of ${KYC_STATUSES.join(', ')}`);
  const user = await userByEmail(ctx.db, email);
  if (!user) throw new MockexError('ACCOUNT_NOT_FOUND', { email: normalizeEmail(email) }, { field: 'email' });
  return changeKyc(ctx, user, status, 'sandbox', info);
}
