import { sql } from 'kysely';
import { systemClock, type KeyVerifier, type KycStatus } from '@mockex/domain';
import * as accounts from './accounts.ts';
import { listAudit } from './audit.ts';
import type { KeysContext } from './context.ts';
import { listenForInvalidations } from './invalidation.ts';
import * as keyLifecycle from './key-lifecycle.ts';
import * as kyc from './kyc.ts';
import { dummyPasswordHash } from './passwords.ts';
import { toMe, userByEmail, userById } from './rows.ts';
import { derivePepperKeys } from './secrets.ts';
import { DEFAULT_THROTTLE } from './throttle.ts';
import * as sandboxAccount from './sandbox-account.ts';
import * as twoFactor from './two-factor.ts';
import type { ApiKey, AuditEvent, KeyServiceOptions, KycMode, Me, RequestInfo } from './types.ts';
import { createKeyVerification } from './verify-key.ts';
import { VerifyCache } from './verify-cache.ts';

/**
 * The key service: what the key API and the exchange ask of accounts and keys. This file is its table
 * of contents; each area lives in its own module as `(ctx | db, …)` functions:
 *   accounts.ts       sign-up, sign-in, sessions        two-factor.ts   enrolment, consuming a code
 *   kyc.ts            submission, sandbox status        key-lifecycle.ts create … revoke all (one skeleton)
 *   verify-key.ts     the exchange's hot path           invalidation.ts the cache across processes
 *   audit.ts          the audit trail
 */
export { normalizeEmail } from './rows.ts';
export { KEYS_CHANNEL } from './invalidation.ts';
export type { SignInResult } from './accounts.ts';
export type { CreateKeyInput, UpdateKeyInput } from './key-lifecycle.ts';

type Args<F> = F extends (ctx: KeysContext, ...args: infer A) => unknown ? A : never;
type Returns<F> = F extends (...args: never[]) => infer R ? R : never;
type Bound<F> = (...args: Args<F>) => Returns<F>;

export interface KeyService extends KeyVerifier {
  readonly profile: KeyServiceOptions['profile'];
  readonly kycMode: KycMode;

  signUp: Bound<typeof accounts.signUp>;
  signIn: Bound<typeof accounts.signIn>;
  signOut: Bound<typeof accounts.signOut>;
  /** The user of a bearer token; UNAUTHENTICATED when it is unknown, signed out or expired. */
  authenticate: Bound<typeof accounts.authenticate>;
  getMe(userId: string): Promise<Me>;

  submitKyc: Bound<typeof kyc.submitKyc>;
  /** Sandbox: sets a user's KYC status directly (ACCOUNT_NOT_FOUND for an unknown email). */
  setKycStatus(email: string, status: KycStatus, info?: RequestInfo): Promise<Me>;
  beginTwoFactor: Bound<typeof twoFactor.beginTwoFactor>;
  enableTwoFactor: Bound<typeof twoFactor.enableTwoFactor>;

  createKey: Bound<typeof keyLifecycle.createKey>;
  listKeys(userId: string): Promise<ApiKey[]>;
  updateKey: Bound<typeof keyLifecycle.updateKey>;
  rotateKey: Bound<typeof keyLifecycle.rotateKey>;
  revokeKey: Bound<typeof keyLifecycle.revokeKey>;
  revokeAllKeys: Bound<typeof keyLifecycle.revokeAllKeys>;
  /** Sandbox only: a ready trader (KYC verified, 2FA on, key issued) without a user-entered code. */
  createSandboxAccount: Bound<typeof sandboxAccount.createSandboxAccount>;
  listAudit(
    userId: string,
    options: { limit?: number | undefined; cursor?: string | null | undefined },
  ): Promise<{ events: AuditEvent[]; nextCursor: string | null }>;

  findAccountByEmail(email: string): Promise<Me | null>;
  /** Waits for pending lastUsedAt writes. */
  flushUsage(): Promise<void>;
  /** Sandbox reset: wipes every key-API table and every process's cache. */
  reset(): Promise<void>;
  /** Stops listening for invalidations and finishes pending writes; the database stays open. */
  close(): Promise<void>;
}

const DEFAULT_SESSION_TTL_SECONDS = 12 * 60 * 60;
const DAY_MS = 24 * 60 * 60 * 1000;

export async function createKeyService(options: KeyServiceOptions): Promise<KeyService> {
  const { database, clock, profile, logger } = options;
  const { db } = database;
  const pepperKeys = derivePepperKeys(options.pepper);
  const cache = new VerifyCache(options.cacheTtlMs ?? 30_000);
  const invalidation = await listenForInvalidations(database, cache, logger);
  const ctx: KeysContext = {
    db,
    clock,
    realClock: options.realClock ?? systemClock,
    profile,
    pepperKeys,
    kycMode: options.kycMode ?? 'auto',
    throttle: { ...DEFAULT_THROTTLE, ...options.throttle },
    sessionTtlMs: (options.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS) * 1000,
    keyTtlMs: profile.keys.ttlDays * DAY_MS,
    logger,
    invalidate: invalidation.invalidate,
  };
  const verification = createKeyVerification({
    db,
    profile,
    pepperKeys,
    cache,
    usageWriteIntervalMs: options.usageWriteIntervalMs ?? 1_000,
    logger,
  });
  // Warm the dummy hash now so the first unknown-email sign-in is not slower than the rest.
  void dummyPasswordHash();

  return {
    profile,
    kycMode: ctx.kycMode,
    verifyKey: verification.verifyKey,

    signUp: (...args) => accounts.signUp(ctx, ...args),
    signIn: (...args) => accounts.signIn(ctx, ...args),
    signOut: (...args) => accounts.signOut(ctx, ...args),
    authenticate: (...args) => accounts.authenticate(ctx, ...args),
    getMe: async (userId) => toMe(await userById(db, userId)),

    submitKyc: (...args) => kyc.submitKyc(ctx, ...args),
    setKycStatus: (email, status, info = { ip: null }) => kyc.setKycStatus(ctx, email, status, info),
    beginTwoFactor: (...args) => twoFactor.beginTwoFactor(ctx, ...args),
    enableTwoFactor: (...args) => twoFactor.enableTwoFactor(ctx, ...args),

    createKey: (...args) => keyLifecycle.createKey(ctx, ...args),
    listKeys: (userId) => keyLifecycle.listKeys(ctx, userId),
    updateKey: (...args) => keyLifecycle.updateKey(ctx, ...args),
    rotateKey: (...args) => keyLifecycle.rotateKey(ctx, ...args),
    revokeKey: (...args) => keyLifecycle.revokeKey(ctx, ...args),
    revokeAllKeys: (...args) => keyLifecycle.revokeAllKeys(ctx, ...args),
    createSandboxAccount: (...args) => sandboxAccount.createSandboxAccount(ctx, ...args),
    listAudit: (userId, listOptions) => listAudit(db, userId, listOptions),

    findAccountByEmail: async (email) => {
      const user = await userByEmail(db, email);
      return user ? toMe(user) : null;
    },
    flushUsage: verification.flushUsage,

    async reset() {
      await verification.flushUsage();
      // CASCADE: tables of other areas that reference users go too; a sandbox reset keeps nothing.
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('auth_throttle').execute();
        await sql`truncate table audit_events, api_keys, sessions, users restart identity cascade`.execute(
          trx,
        );
      });
      verification.resetUsage();
      await invalidation.clearAll();
    },

    async close() {
      await invalidation.close();
      await verification.flushUsage();
    },
  };
}
