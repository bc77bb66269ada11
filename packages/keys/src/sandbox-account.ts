import { randomBytes } from 'node:crypto';
import { MockexError, newId, type Permission, invalidRequest } from '@mockex/domain';
import { recordAudit } from './audit.ts';
import type { KeysContext } from './context.ts';
import { issueKey, prepareKey } from './key-lifecycle.ts';
import { hashPassword } from './passwords.ts';
import { isUniqueViolation, normalizeEmail, toApiKey, toMe } from './rows.ts';
import { encryptSecret } from './secrets.ts';
import { generateTotpSecret } from './totp.ts';
import type { ApiKey, Me, RequestInfo } from './types.ts';

/**
 * The sandbox's one-call trader: signed up, KYC verified, 2FA on and a key issued, in one transaction.
 *
 * Only the sandbox control plane calls this (behind its token and guards); the key API's own rules for
 * real users are untouched: `createKey` still wants verified KYC, 2FA and a fresh code. Here there is
 * no user to type a code, so the account is born in the state those steps would have left it in, with
 * the same audit trail. The key itself passes the same policy checks as any other key.
 */

/** What a bot wants by default: read and trade (never WITHDRAW, which needs a whitelist). */
export const SANDBOX_ACCOUNT_PERMISSIONS: readonly Permission[] = ['READ_ONLY', 'TRADE'];
export const SANDBOX_ACCOUNT_KEY_LABEL = 'sandbox';
/** Generated addresses use `.test`, a top-level domain reserved for testing (RFC 2606). */
export const SANDBOX_EMAIL_DOMAIN = 'mockex.test';

export interface SandboxAccountInput {
  email?: string | undefined;
  permissions?: readonly string[] | undefined;
  ipWhitelist?: readonly string[] | undefined;
}

export interface SandboxAccount {
  user: Me;
  /** Generated; shown once, stored only as an argon2 hash. */
  password: string;
  /** Base32 TOTP secret (2FA is already on): codes from it sign in to the key API and the web app. */
  totpSecret: string;
  key: ApiKey;
  /** Shown once, stored only as a peppered hash. */
  secret: string;
}

/** The parts of the key service's shared context this needs. */
export type SandboxAccountContext = Pick<
  KeysContext,
  'db' | 'clock' | 'profile' | 'pepperKeys' | 'keyTtlMs' | 'logger' | 'invalidate'
>;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** 144 random bits as 24 URL-safe characters: within the password rules, nothing to escape in a shell. */
function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

export async function createSandboxAccount(
  ctx: SandboxAccountContext,
  input: SandboxAccountInput,
  info: RequestInfo,
): Promise<SandboxAccount> {
  // Every check before any write: bad input leaves nothing behind.
  const email = normalizeEmail(
    input.email ?? `trader-${randomBytes(6).toString('hex')}@${SANDBOX_EMAIL_DOMAIN}`,
  );
  if (!EMAIL_PATTERN.test(email) || email.length > 254)
    throw invalidRequest('email', 'must be an email address');
  const key = prepareKey(ctx, {
    label: SANDBOX_ACCOUNT_KEY_LABEL,
    permissions: input.permissions ?? SANDBOX_ACCOUNT_PERMISSIONS,
    ipWhitelist: input.ipWhitelist,
  });

  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const totpSecret = generateTotpSecret();
  const now = ctx.clock.now();
  const userId = newId('user', now);
  const audit = { userId, at: now, ip: info.ip };

  let created: { user: Me; key: ApiKey };
  try {
    created = await ctx.db.transaction().execute(async (trx) => {
      const user = await trx
        .insertInto('users')
        .values({
          id: userId,
          email,
          password_hash: passwordHash,
          kyc_status: 'verified',
          kyc_legal_name: null,
          kyc_country: null,
          kyc_updated_at: now,
          two_factor_enabled: true,
          totp_secret_enc: encryptSecret(ctx.pepperKeys, totpSecret, userId),
          totp_last_step: null,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const issued = await issueKey(ctx, trx, userId, key, now);
      // The trail the manual path would have left, each marked as the sandbox's doing.
      await recordAudit(trx, { ...audit, type: 'auth.signed_up', detail: { by: 'sandbox' } });
      await recordAudit(trx, {
        ...audit,
        type: 'account.kyc_changed',
        detail: { from: 'none', to: 'verified', by: 'sandbox' },
      });
      await recordAudit(trx, { ...audit, type: 'auth.two_factor_enabled', detail: { by: 'sandbox' } });
      await recordAudit(trx, {
        ...audit,
        ...issued.event,
        detail: { ...issued.event.detail, by: 'sandbox' },
      });
      return { user: toMe(user), key: toApiKey(issued.row, now) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new MockexError('EMAIL_TAKEN', {}, { field: 'email' });
    throw error;
  }
  // A process may have cached this hash as unknown (a bot trying its key before it existed).
  await ctx.invalidate(userId, [key.secretHash]);
  ctx.logger?.info(
    { userId, keyId: created.key.id, keyPrefix: created.key.keyPrefix },
    'sandbox account created',
  );
  return { ...created, password, totpSecret, secret: key.secret };
}
