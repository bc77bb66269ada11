import { randomUUID } from 'node:crypto';
import { sql, type Selectable, type Transaction } from 'kysely';
import {
  KYC_STATUSES,
  MockexError,
  isMockexError,
  newId,
  type KeyVerification,
  type KeyVerifier,
  type KycStatus,
  type Permission,
} from '@mockex/domain';
import type { ApiKeysTable, Database, UsersTable } from '@mockex/db';
import { listAudit, recordAudit } from './audit.ts';
import { ipMatcher, normalizeIp } from './ip-rules.ts';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  dummyPasswordHash,
  hashPassword,
  verifyPassword,
} from './passwords.ts';
import { checkPermissionPolicy, normalizeLabel, normalizePermissions, normalizeWhitelist } from './policy.ts';
import {
  decryptSecret,
  derivePepperKeys,
  encryptSecret,
  generateApiSecret,
  generateSessionToken,
  hashApiSecret,
  keyPrefixOf,
  looksLikeMockexSecret,
  sha256Hex,
} from './secrets.ts';
import { DEFAULT_THROTTLE, assertNotLocked, clearFailures, recordFailure } from './throttle.ts';
import { generateTotpSecret, matchTotpStep, otpauthUrl } from './totp.ts';
import type {
  ApiKey,
  AuditEvent,
  KeyServiceOptions,
  KycMode,
  Me,
  RequestInfo,
  ThrottleRules,
} from './types.ts';
import { VerifyCache, type CachedKey } from './verify-cache.ts';

/** The NOTIFY channel on which key-service processes tell each other what to forget. */
export const KEYS_CHANNEL = 'mockex_keys';
const DEFAULT_SESSION_TTL_SECONDS = 12 * 60 * 60;
const DAY_MS = 24 * 60 * 60 * 1000;

type UserRow = Selectable<UsersTable>;
type KeyRow = Selectable<ApiKeysTable>;
type Trx = Transaction<Database>;

export interface SignInResult {
  token: string;
  expiresAt: Date;
  user: Me;
}

export interface CreateKeyInput {
  label: string;
  permissions?: readonly string[] | undefined;
  ipWhitelist?: readonly string[] | undefined;
  otp?: string | undefined;
}

export interface UpdateKeyInput {
  id: string;
  label?: string | undefined;
  permissions?: readonly string[] | undefined;
  ipWhitelist?: readonly string[] | undefined;
  otp?: string | undefined;
}

export interface KeyService extends KeyVerifier {
  readonly profile: KeyServiceOptions['profile'];
  readonly kycMode: KycMode;

  signUp(input: { email: string; password: string }, info: RequestInfo): Promise<Me>;
  signIn(
    input: { email: string; password: string; otp?: string | undefined },
    info: RequestInfo,
  ): Promise<SignInResult>;
  signOut(token: string, info: RequestInfo): Promise<void>;
  /** The user of a bearer token; UNAUTHENTICATED when it is unknown, signed out or expired. */
  authenticate(token: string | null | undefined): Promise<Me>;
  getMe(userId: string): Promise<Me>;

  submitKyc(userId: string, input: { legalName: string; country: string }, info: RequestInfo): Promise<Me>;
  /** Sandbox: sets a user's KYC status directly (ACCOUNT_NOT_FOUND for an unknown email). */
  setKycStatus(email: string, status: KycStatus, info?: RequestInfo): Promise<Me>;
  beginTwoFactor(userId: string, info: RequestInfo): Promise<{ secret: string; otpauthUrl: string }>;
  enableTwoFactor(userId: string, input: { otp: string }, info: RequestInfo): Promise<Me>;

  createKey(
    userId: string,
    input: CreateKeyInput,
    info: RequestInfo,
  ): Promise<{ key: ApiKey; secret: string }>;
  listKeys(userId: string): Promise<ApiKey[]>;
  updateKey(userId: string, input: UpdateKeyInput, info: RequestInfo): Promise<ApiKey>;
  rotateKey(
    userId: string,
    input: { id: string; otp?: string | undefined },
    info: RequestInfo,
  ): Promise<{ key: ApiKey; secret: string }>;
  revokeKey(
    userId: string,
    input: { id: string; otp?: string | undefined },
    info: RequestInfo,
  ): Promise<ApiKey>;
  revokeAllKeys(userId: string, input: { otp?: string | undefined }, info: RequestInfo): Promise<number>;
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

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function toMe(row: Pick<UserRow, 'id' | 'email' | 'kyc_status' | 'two_factor_enabled' | 'created_at'>): Me {
  return {
    id: row.id,
    email: row.email,
    kycStatus: row.kyc_status,
    twoFactorEnabled: row.two_factor_enabled,
    createdAt: row.created_at,
  };
}

function isExpired(row: Pick<KeyRow, 'expires_at'>, now: Date): boolean {
  return row.expires_at.getTime() <= now.getTime();
}

function toApiKey(row: KeyRow, now: Date): ApiKey {
  return {
    id: row.id,
    label: row.label,
    keyPrefix: row.key_prefix,
    permissions: row.permissions as Permission[],
    ipWhitelist: row.ip_whitelist,
    status: row.status === 'revoked' ? 'revoked' : isExpired(row, now) ? 'expired' : 'active',
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    lastUsedIp: row.last_used_ip,
  };
}

function invalidInput(field: string, detail: string): MockexError {
  return new MockexError('INVALID_REQUEST', { detail: `${field}: ${detail}` }, { field });
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export async function createKeyService(options: KeyServiceOptions): Promise<KeyService> {
  const { database, clock, profile, logger } = options;
  const { db } = database;
  const kycMode: KycMode = options.kycMode ?? 'auto';
  const pepperKeys = derivePepperKeys(options.pepper);
  const sessionTtlMs = (options.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS) * 1000;
  const throttle: ThrottleRules = { ...DEFAULT_THROTTLE, ...options.throttle };
  const usageIntervalMs = options.usageWriteIntervalMs ?? 1_000;
  const cache = new VerifyCache(options.cacheTtlMs ?? 30_000);
  const instance = randomUUID();
  const ttlMs = profile.keys.ttlDays * DAY_MS;

  // Warm the dummy hash now so the first unknown-email sign-in is not slower than the rest.
  void dummyPasswordHash();

  // --- cache invalidation, in this process and across processes ------------------------------------

  const unlisten = await database.listen(KEYS_CHANNEL, (payload) => {
    try {
      const message = JSON.parse(payload) as {
        from?: string;
        all?: boolean;
        u?: string | null;
        h?: string[];
      };
      if (message.from === instance) return;
      if (message.all) cache.clear();
      else cache.invalidate(message.u ?? null, message.h ?? []);
    } catch {
      cache.clear(); // an unreadable message: forgetting everything is always safe
    }
  });

  // Invalidations sent while this process could not hear them are lost: forget every cached key.
  const stopReconnect = database.onReconnect(() => cache.clear());

  async function broadcast(message: { all?: boolean; u?: string | null; h?: string[] }): Promise<void> {
    try {
      await database.notify(KEYS_CHANNEL, JSON.stringify({ ...message, from: instance }));
    } catch (error) {
      // The change is committed; other processes fall back to their cache TTL.
      logger?.warn({ err: error }, 'could not notify other processes of a key change');
    }
  }

  async function invalidate(userId: string, hashes: string[]): Promise<void> {
    cache.invalidate(userId, hashes);
    await broadcast({ u: userId, h: hashes });
  }

  // --- 2FA and key-management guards ---------------------------------------------------------------

  /** Validates and consumes a TOTP code inside `trx`; a code (or an older one) is accepted only once. */
  async function consumeOtp(trx: Trx, user: UserRow, otp: string | undefined, now: Date): Promise<number> {
    await assertNotLocked(trx, [['otp', user.id]], now);
    if (!user.totp_secret_enc) throw new MockexError('TWO_FACTOR_NOT_STARTED');
    const secret = decryptSecret(pepperKeys, user.totp_secret_enc, user.id);
    const step = otp === undefined ? null : matchTotpStep(secret, otp.trim(), now);
    if (step === null) throw new MockexError('INVALID_OTP', {}, { field: 'otp' });
    const updated = await trx
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', user.id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
      .executeTakeFirst();
    // A valid code used twice: refused, but not a guess, so it does not count towards the lock.
    if (updated.numUpdatedRows === 0n)
      throw new MockexError('INVALID_OTP', {}, { field: 'otp', replay: true });
    return step;
  }

  /** Runs `work`; a wrong code counts towards the user's OTP lock (after its transaction rolled back). */
  async function countingOtpFailures<T>(userId: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isMockexError(error) && error.code === 'INVALID_OTP' && !error.meta.replay) {
        await recordFailure(db, 'otp', userId, throttle.otp, clock.now());
      }
      throw error;
    }
  }

  async function lockUser(trx: Trx, userId: string): Promise<UserRow> {
    const user = await trx
      .selectFrom('users')
      .selectAll()
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!user) throw new MockexError('UNAUTHENTICATED');
    return user;
  }

  /**
   * The checks before any key change, in the contract's order: verified KYC, 2FA on, a valid current
   * code. The user row stays locked until the transaction ends, which serialises a user's key changes
   * (that is what makes the active-key limit hold under concurrency).
   */
  async function guardKeyChange(
    trx: Trx,
    userId: string,
    otp: string | undefined,
    now: Date,
  ): Promise<UserRow> {
    const user = await lockUser(trx, userId);
    if (profile.keys.requireKyc && user.kyc_status !== 'verified') {
      throw new MockexError('KYC_REQUIRED', { status: user.kyc_status }, { kycStatus: user.kyc_status });
    }
    if (profile.keys.requireTwoFactor) {
      if (!user.two_factor_enabled) throw new MockexError('TWO_FACTOR_REQUIRED');
      await consumeOtp(trx, user, otp, now);
    }
    return user;
  }

  async function countActiveKeys(trx: Trx, userId: string, now: Date, exceptId?: string): Promise<number> {
    let query = trx
      .selectFrom('api_keys')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('user_id', '=', userId)
      .where('status', '=', 'active')
      .where('expires_at', '>', now);
    if (exceptId) query = query.where('id', '!=', exceptId);
    const row = await query.executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function assertBelowLimit(trx: Trx, userId: string, now: Date, exceptId?: string): Promise<void> {
    const limit = profile.keys.maxActiveKeysPerUser;
    if ((await countActiveKeys(trx, userId, now, exceptId)) >= limit) {
      throw new MockexError('KEY_LIMIT_REACHED', { limit }, { limit });
    }
  }

  async function ownKeyForUpdate(trx: Trx, userId: string, id: string): Promise<KeyRow> {
    const key = await trx
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!key) throw new MockexError('KEY_NOT_FOUND', {}, { field: 'id' });
    if (key.status === 'revoked') throw new MockexError('KEY_REVOKED');
    return key;
  }

  // --- accounts --------------------------------------------------------------------------------------

  async function userById(userId: string): Promise<UserRow> {
    const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
    if (!user) throw new MockexError('UNAUTHENTICATED');
    return user;
  }

  function checkPassword(password: string): void {
    if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
      throw invalidInput('password', `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`);
    }
  }

  async function changeKyc(
    user: UserRow,
    to: KycStatus,
    by: string,
    info: RequestInfo,
    extra: Partial<UserRow> = {},
  ): Promise<Me> {
    const now = clock.now();
    const row = await db.transaction().execute(async (trx) => {
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
    await invalidate(user.id, []);
    return toMe(row);
  }

  // --- verifyKey: the exchange's hot path -----------------------------------------------------------

  const lastUsageWrite = new Map<string, number>();
  const pendingWrites = new Set<Promise<void>>();

  function recordUsage(keyId: string, ip: string, now: Date): void {
    const t = performance.now();
    const last = lastUsageWrite.get(keyId);
    if (last !== undefined && t - last < usageIntervalMs) return;
    lastUsageWrite.set(keyId, t);
    const write = db
      .updateTable('api_keys')
      .set({ last_used_at: now, last_used_ip: ip || null })
      .where('id', '=', keyId)
      .execute()
      .then(
        () => undefined,
        (error: unknown) => logger?.warn({ err: error, keyId }, 'could not record API key usage'),
      )
      .finally(() => pendingWrites.delete(write));
    pendingWrites.add(write);
  }

  async function loadKey(hash: string): Promise<CachedKey> {
    const generation = cache.begin();
    const row = await db
      .selectFrom('api_keys as k')
      .innerJoin('users as u', 'u.id', 'k.user_id')
      .select([
        'k.id',
        'k.user_id',
        'k.key_prefix',
        'k.permissions',
        'k.ip_whitelist',
        'k.status',
        'k.expires_at',
        'u.email',
        'u.kyc_status',
      ])
      .where('k.secret_hash', '=', hash)
      .executeTakeFirst();
    const value: CachedKey = row
      ? {
          kind: 'key',
          keyId: row.id,
          userId: row.user_id,
          keyPrefix: row.key_prefix,
          permissions: row.permissions as Permission[],
          matcher: ipMatcher(row.ip_whitelist),
          revoked: row.status === 'revoked',
          expiresAt: row.expires_at,
          email: row.email,
          kycStatus: row.kyc_status,
        }
      : { kind: 'unknown' };
    cache.set(hash, value, generation);
    return value;
  }

  async function verifyKey(secret: string, context: { ip: string; now: Date }): Promise<KeyVerification> {
    if (!looksLikeMockexSecret(secret)) return { valid: false, reason: 'AUTH_INVALID' };
    const hash = hashApiSecret(pepperKeys, secret);
    const entry = cache.get(hash) ?? (await loadKey(hash));
    if (entry.kind === 'unknown') return { valid: false, reason: 'AUTH_INVALID' };
    if (entry.revoked) return { valid: false, reason: 'KEY_REVOKED' };
    if (entry.expiresAt.getTime() <= context.now.getTime()) {
      return { valid: false, reason: 'KEY_EXPIRED', detail: { expiredAt: entry.expiresAt.toISOString() } };
    }
    const ip = normalizeIp(context.ip);
    if (!entry.matcher.allows(ip)) return { valid: false, reason: 'IP_NOT_ALLOWED', detail: { ip } };
    if (profile.keys.requireKyc && entry.kycStatus !== 'verified') {
      return {
        valid: false,
        reason: 'KYC_REQUIRED',
        detail: { status: entry.kycStatus },
        permissions: entry.permissions,
      };
    }
    recordUsage(entry.keyId, ip, context.now);
    return {
      valid: true,
      key: {
        id: entry.keyId,
        keyPrefix: entry.keyPrefix,
        permissions: entry.permissions,
        expiresAt: entry.expiresAt,
      },
      account: { id: entry.userId, email: entry.email, kycStatus: entry.kycStatus },
    };
  }

  // --- the service ------------------------------------------------------------------------------------

  return {
    profile,
    kycMode,
    verifyKey,

    async signUp(input, info) {
      const email = normalizeEmail(input.email);
      checkPassword(input.password);
      const passwordHash = await hashPassword(input.password);
      const now = clock.now();
      const id = newId('user', now);
      try {
        const row = await db.transaction().execute(async (trx) => {
          const user = await trx
            .insertInto('users')
            .values({
              id,
              email,
              password_hash: passwordHash,
              totp_secret_enc: null,
              kyc_legal_name: null,
              kyc_country: null,
              created_at: now,
              updated_at: now,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await recordAudit(trx, { userId: id, type: 'auth.signed_up', at: now, ip: info.ip });
          return user;
        });
        return toMe(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new MockexError('EMAIL_TAKEN', {}, { field: 'email' });
        throw error;
      }
    },

    async signIn(input, info) {
      const email = normalizeEmail(input.email);
      const ip = info.ip ? normalizeIp(info.ip) : null;
      const started = clock.now();
      await assertNotLocked(
        db,
        [
          ['account', email],
          ['ip', ip],
        ],
        started,
      );
      const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      // Unknown email or not, one argon2 verification happens, so both answers take the same time.
      const passwordOk = await verifyPassword(
        user?.password_hash ?? (await dummyPasswordHash()),
        input.password,
      );

      const fail = async (code: 'INVALID_CREDENTIALS' | 'INVALID_OTP', reason: string): Promise<never> => {
        const now = clock.now();
        await recordFailure(db, 'account', email, throttle.account, now);
        if (ip) await recordFailure(db, 'ip', ip, throttle.ip, now);
        if (user)
          await recordAudit(db, {
            userId: user.id,
            type: 'auth.sign_in_failed',
            at: now,
            ip,
            detail: { reason },
          });
        throw new MockexError(code, {}, code === 'INVALID_OTP' ? { field: 'otp' } : {});
      };

      if (!user || !passwordOk) return fail('INVALID_CREDENTIALS', 'password');
      if (user.two_factor_enabled) {
        if (input.otp === undefined || input.otp.trim() === '')
          throw new MockexError('OTP_REQUIRED', {}, { field: 'otp' });
        const secret = user.totp_secret_enc ? decryptSecret(pepperKeys, user.totp_secret_enc, user.id) : '';
        const step = matchTotpStep(secret, input.otp.trim(), clock.now());
        const consumed =
          step !== null &&
          (
            await db
              .updateTable('users')
              .set({ totp_last_step: step })
              .where('id', '=', user.id)
              .where((eb) =>
                eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]),
              )
              .executeTakeFirst()
          ).numUpdatedRows > 0n;
        if (!consumed) return fail('INVALID_OTP', 'otp');
      }

      const now = clock.now();
      const token = generateSessionToken();
      const expiresAt = new Date(now.getTime() + sessionTtlMs);
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('sessions')
          .values({
            id: newId('session', now),
            user_id: user.id,
            token_hash: sha256Hex(token),
            ip,
            created_at: now,
            expires_at: expiresAt,
          })
          .execute();
        await recordAudit(trx, {
          userId: user.id,
          type: 'auth.signed_in',
          at: now,
          ip,
          detail: { twoFactor: user.two_factor_enabled },
        });
        // Expired sessions of this user are of no further use.
        await trx
          .deleteFrom('sessions')
          .where('user_id', '=', user.id)
          .where('expires_at', '<=', now)
          .execute();
      });
      await clearFailures(db, 'account', email);
      return { token, expiresAt, user: toMe(user) };
    },

    async signOut(token, info) {
      const now = clock.now();
      const session = await db
        .deleteFrom('sessions')
        .where('token_hash', '=', sha256Hex(token))
        .returning('user_id')
        .executeTakeFirst();
      if (session)
        await recordAudit(db, { userId: session.user_id, type: 'auth.signed_out', at: now, ip: info.ip });
    },

    async authenticate(token) {
      if (!token) throw new MockexError('UNAUTHENTICATED');
      const row = await db
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select(['u.id', 'u.email', 'u.kyc_status', 'u.two_factor_enabled', 'u.created_at', 's.expires_at'])
        .where('s.token_hash', '=', sha256Hex(token))
        .executeTakeFirst();
      if (!row || row.expires_at.getTime() <= clock.now().getTime()) throw new MockexError('UNAUTHENTICATED');
      return toMe(row);
    },

    async getMe(userId) {
      return toMe(await userById(userId));
    },

    async submitKyc(userId, input, info) {
      const legalName = input.legalName.trim().replace(/\s+/g, ' ');
      if (legalName.length < 2 || legalName.length > 100)
        throw invalidInput('legalName', 'must be 2 to 100 characters');
      const country = input.country.trim().toUpperCase();
      if (!/^[A-Z]{2}$/.test(country))
        throw invalidInput('country', 'must be a two-letter ISO 3166-1 country code such as DE');
      const user = await userById(userId);
      if (user.kyc_status === 'verified') return toMe(user);
      const to: KycStatus = kycMode === 'auto' ? 'verified' : 'pending';
      return changeKyc(user, to, 'submission', info, { kyc_legal_name: legalName, kyc_country: country });
    },

    async setKycStatus(email, status, info = { ip: null }) {
      if (!(KYC_STATUSES as readonly string[]).includes(status))
        throw invalidInput('status', `must be one of ${KYC_STATUSES.join(', ')}`);
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', normalizeEmail(email))
        .executeTakeFirst();
      if (!user)
        throw new MockexError('ACCOUNT_NOT_FOUND', { email: normalizeEmail(email) }, { field: 'email' });
      return changeKyc(user, status, 'sandbox', info);
    },

    async beginTwoFactor(userId, info) {
      const user = await userById(userId);
      if (user.two_factor_enabled) throw new MockexError('TWO_FACTOR_ALREADY_ENABLED');
      const secret = generateTotpSecret();
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({
            totp_secret_enc: encryptSecret(pepperKeys, secret, user.id),
            totp_last_step: null,
            updated_at: now,
          })
          .where('id', '=', user.id)
          .where('two_factor_enabled', '=', false)
          .execute();
        await recordAudit(trx, { userId: user.id, type: 'auth.two_factor_started', at: now, ip: info.ip });
      });
      return { secret, otpauthUrl: otpauthUrl(secret, user.email) };
    },

    async enableTwoFactor(userId, input, info) {
      const row = await countingOtpFailures(userId, () =>
        db.transaction().execute(async (trx) => {
          const now = clock.now();
          const user = await lockUser(trx, userId);
          if (user.two_factor_enabled) throw new MockexError('TWO_FACTOR_ALREADY_ENABLED');
          await consumeOtp(trx, user, input.otp, now);
          const updated = await trx
            .updateTable('users')
            .set({ two_factor_enabled: true, updated_at: now })
            .where('id', '=', userId)
            .returningAll()
            .executeTakeFirstOrThrow();
          await recordAudit(trx, { userId, type: 'auth.two_factor_enabled', at: now, ip: info.ip });
          return updated;
        }),
      );
      await clearFailures(db, 'otp', userId);
      return toMe(row);
    },

    async createKey(userId, input, info) {
      const label = normalizeLabel(input.label, profile);
      const permissions = normalizePermissions(input.permissions ?? ['READ_ONLY']);
      const ipWhitelist = normalizeWhitelist(input.ipWhitelist ?? []);
      checkPermissionPolicy(permissions, ipWhitelist);
      const secret = generateApiSecret();
      const secretHash = hashApiSecret(pepperKeys, secret);
      const now = clock.now();
      const row = await countingOtpFailures(userId, () =>
        db.transaction().execute(async (trx) => {
          await guardKeyChange(trx, userId, input.otp, now);
          await assertBelowLimit(trx, userId, now);
          const key = await trx
            .insertInto('api_keys')
            .values({
              id: newId('apiKey', now),
              user_id: userId,
              label,
              key_prefix: keyPrefixOf(secret),
              secret_hash: secretHash,
              permissions,
              ip_whitelist: ipWhitelist,
              status: 'active',
              created_at: now,
              expires_at: new Date(now.getTime() + ttlMs),
              updated_at: now,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await recordAudit(trx, {
            userId,
            type: 'key.created',
            at: now,
            ip: info.ip,
            keyId: key.id,
            detail: { label, keyPrefix: key.key_prefix, permissions, ipWhitelist },
          });
          return key;
        }),
      );
      await invalidate(userId, [secretHash]);
      logger?.info({ userId, keyId: row.id, keyPrefix: row.key_prefix }, 'api key created');
      return { key: toApiKey(row, now), secret };
    },

    async listKeys(userId) {
      const now = clock.now();
      const rows = await db
        .selectFrom('api_keys')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map((r) => toApiKey(r, now));
    },

    async updateKey(userId, input, info) {
      const label = input.label === undefined ? undefined : normalizeLabel(input.label, profile);
      const permissions =
        input.permissions === undefined ? undefined : normalizePermissions(input.permissions);
      const ipWhitelist = input.ipWhitelist === undefined ? undefined : normalizeWhitelist(input.ipWhitelist);
      const now = clock.now();
      const row = await countingOtpFailures(userId, () =>
        db.transaction().execute(async (trx) => {
          await guardKeyChange(trx, userId, input.otp, now);
          const key = await ownKeyForUpdate(trx, userId, input.id);
          const next = {
            label: label ?? key.label,
            permissions: permissions ?? (key.permissions as Permission[]),
            ip_whitelist: ipWhitelist ?? key.ip_whitelist,
          };
          checkPermissionPolicy(next.permissions, next.ip_whitelist);
          const changed = (['label', 'permissions', 'ip_whitelist'] as const).filter(
            (f) => JSON.stringify(next[f]) !== JSON.stringify(key[f]),
          );
          if (changed.length === 0) return key;
          const updated = await trx
            .updateTable('api_keys')
            .set({ ...next, updated_at: now })
            .where('id', '=', key.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          await recordAudit(trx, {
            userId,
            type: 'key.updated',
            at: now,
            ip: info.ip,
            keyId: key.id,
            detail: {
              changed: changed.map((f) => (f === 'ip_whitelist' ? 'ipWhitelist' : f)),
              label: next.label,
              permissions: next.permissions,
              ipWhitelist: next.ip_whitelist,
            },
          });
          return updated;
        }),
      );
      await invalidate(userId, [row.secret_hash]);
      return toApiKey(row, now);
    },

    async rotateKey(userId, input, info) {
      const secret = generateApiSecret();
      const secretHash = hashApiSecret(pepperKeys, secret);
      const now = clock.now();
      const { before, after } = await countingOtpFailures(userId, () =>
        db.transaction().execute(async (trx) => {
          await guardKeyChange(trx, userId, input.otp, now);
          const key = await ownKeyForUpdate(trx, userId, input.id);
          // Rotating an expired key brings it back, so it must fit under the limit again.
          if (isExpired(key, now)) await assertBelowLimit(trx, userId, now, key.id);
          const updated = await trx
            .updateTable('api_keys')
            .set({
              secret_hash: secretHash,
              key_prefix: keyPrefixOf(secret),
              rotated_at: now,
              expires_at: new Date(now.getTime() + ttlMs),
              updated_at: now,
            })
            .where('id', '=', key.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          await recordAudit(trx, {
            userId,
            type: 'key.rotated',
            at: now,
            ip: info.ip,
            keyId: key.id,
            detail: { previousKeyPrefix: key.key_prefix, keyPrefix: updated.key_prefix },
          });
          return { before: key, after: updated };
        }),
      );
      await invalidate(userId, [before.secret_hash, secretHash]);
      logger?.info({ userId, keyId: after.id, keyPrefix: after.key_prefix }, 'api key rotated');
      return { key: toApiKey(after, now), secret };
    },

    async revokeKey(userId, input, info) {
      const now = clock.now();
      const row = await countingOtpFailures(userId, () =>
        db.transaction().execute(async (trx) => {
          await guardKeyChange(trx, userId, input.otp, now);
          const key = await ownKeyForUpdate(trx, userId, input.id);
          const updated = await trx
            .updateTable('api_keys')
            .set({ status: 'revoked', revoked_at: now, updated_at: now })
            .where('id', '=', key.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          await recordAudit(trx, {
            userId,
            type: 'key.revoked',
            at: now,
            ip: info.ip,
            keyId: key.id,
            detail: { keyPrefix: key.key_prefix },
          });
          return updated;
        }),
      );
      await invalidate(userId, [row.secret_hash]);
      logger?.info({ userId, keyId: row.id }, 'api key revoked');
      return toApiKey(row, now);
    },

    async revokeAllKeys(userId, input, info) {
      const now = clock.now();
      const revoked = await countingOtpFailures(userId, () =>
        db.transaction().execute(async (trx) => {
          await guardKeyChange(trx, userId, input.otp, now);
          const rows = await trx
            .updateTable('api_keys')
            .set({ status: 'revoked', revoked_at: now, updated_at: now })
            .where('user_id', '=', userId)
            .where('status', '=', 'active')
            .returning(['id', 'key_prefix', 'secret_hash'])
            .execute();
          for (const key of rows) {
            await recordAudit(trx, {
              userId,
              type: 'key.revoked',
              at: now,
              ip: info.ip,
              keyId: key.id,
              detail: { keyPrefix: key.key_prefix, all: true },
            });
          }
          return rows;
        }),
      );
      await invalidate(
        userId,
        revoked.map((r) => r.secret_hash),
      );
      return revoked.length;
    },

    listAudit(userId, options) {
      return listAudit(db, userId, options);
    },

    async findAccountByEmail(email) {
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', normalizeEmail(email))
        .executeTakeFirst();
      return user ? toMe(user) : null;
    },

    async flushUsage() {
      await Promise.all([...pendingWrites]);
    },

    async reset() {
      await Promise.all([...pendingWrites]);
      // CASCADE: tables of other areas that reference users go too; a sandbox reset keeps nothing.
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('auth_throttle').execute();
        await sql`truncate table audit_events, api_keys, sessions, users restart identity cascade`.execute(
          trx,
        );
      });
      lastUsageWrite.clear();
      cache.clear();
      await broadcast({ all: true });
    },

    async close() {
      stopReconnect();
      await unlisten();
      await Promise.all([...pendingWrites]);
    },
  };
}
