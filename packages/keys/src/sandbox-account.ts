import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  MockexError,
  newId,
  type Clock,
  type Permission,
  type VenueProfile,
  invalidRequest,
} from '@mockex/domain';
import type { Database } from '@mockex/db';
import { recordAudit } from './audit.ts';
import { insertKey } from './rows.ts';
import { hashPassword } from './passwords.ts';
import { checkPermissionPolicy, normalizeLabel, normalizePermissions, normalizeWhitelist } from './policy.ts';
import { encryptSecret, generateApiSecret, hashApiSecret, type PepperKeys } from './secrets.ts';
import { generateTotpSecret } from './totp.ts';
import type { ApiKey, KeyServiceLogger, Me, RequestInfo } from './types.ts';

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

/** The parts of the key service this needs (named as the service's shared context names them). */
export interface SandboxAccountContext {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly profile: VenueProfile;
  readonly pepperKeys: PepperKeys;
  readonly keyTtlMs: number;
  readonly logger: KeyServiceLogger | undefined;
  invalidate(userId: string, hashes: string[]): Promise<void>;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

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
  const email = (input.email ?? `trader-${randomBytes(6).toString('hex')}@${SANDBOX_EMAIL_DOMAIN}`)
    .trim()
    .toLowerCase();
  if (!EMAIL_PATTERN.test(email) || email.length > 254)
    throw invalidRequest('email', 'must be an email address');
  const permissions = normalizePermissions(input.permissions ?? SANDBOX_ACCOUNT_PERMISSIONS);
  const ipWhitelist = normalizeWhitelist(input.ipWhitelist ?? []);
  checkPermissionPolicy(permissions, ipWhitelist);
  const label = normalizeLabel(SANDBOX_ACCOUNT_KEY_LABEL, ctx.profile);

  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const totpSecret = generateTotpSecret();
  const secret = generateApiSecret();
  const secretHash = hashApiSecret(ctx.pepperKeys, secret);
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
      const key = await insertKey(trx, {
        userId,
        label,
        permissions,
        ipWhitelist,
        secret,
        secretHash,
        now,
        ttlMs: ctx.keyTtlMs,
      });
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
        type: 'key.created',
        keyId: key.id,
        detail: { label, keyPrefix: key.key_prefix, permissions, ipWhitelist, by: 'sandbox' },
      });
      return {
        user: {
          id: user.id,
          email: user.email,
          kycStatus: user.kyc_status,
          twoFactorEnabled: user.two_factor_enabled,
          createdAt: user.created_at,
        },
        key: {
          id: key.id,
          label: key.label,
          keyPrefix: key.key_prefix,
          permissions: key.permissions as Permission[],
          ipWhitelist: key.ip_whitelist,
          status: 'active',
          createdAt: key.created_at,
          expiresAt: key.expires_at,
          lastUsedAt: null,
          lastUsedIp: null,
        },
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new MockexError('EMAIL_TAKEN', {}, { field: 'email' });
    throw error;
  }
  // A process may have cached this hash as unknown (a bot trying its key before it existed).
  await ctx.invalidate(userId, [secretHash]);
  ctx.logger?.info(
    { userId, keyId: created.key.id, keyPrefix: created.key.keyPrefix },
    'sandbox account created',
  );
  return { ...created, password, totpSecret, secret };
}
