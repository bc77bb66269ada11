import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * Everything secret the key service hands out or keeps, and how it is made unreadable at rest.
 *
 * API secrets look like `mx_` + 32 base62 characters of randomness (~190 bits) + 6 base62 characters of
 * CRC32 over the rest (the format GitHub uses for its tokens). The checksum lets a scanner recognise a
 * leaked Mockex secret offline, and lets the verifier refuse a mistyped one without a database look-up.
 * At rest only HMAC-SHA256(pepper-derived key, secret) is stored: a stolen table cannot be matched
 * against guesses without the pepper, which lives outside the database when configured properly.
 */
export const SECRET_PREFIX = 'mx_';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
/** Characters of the body shown as `keyPrefix` (about 47 of the ~190 random bits). */
const DISPLAY_BODY_LENGTH = 8;
const SECRET_PATTERN = new RegExp(`^${SECRET_PREFIX}[0-9A-Za-z]{${BODY_LENGTH + CHECKSUM_LENGTH}}$`);

/** Uniform random base62 text: bytes >= 248 are dropped so every character is equally likely. */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

function base62Fixed(value: number, length: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < length; i++) {
    out = BASE62[rest % 62]! + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

function checksumOf(text: string): string {
  return base62Fixed(crc32(text), CHECKSUM_LENGTH);
}

/** A new API secret. It is shown to its owner once and never stored. */
export function generateApiSecret(): string {
  const head = SECRET_PREFIX + randomBase62(BODY_LENGTH);
  return head + checksumOf(head);
}

/**
 * True when `value` has the shape and a valid checksum of a Mockex API secret (it may still be unknown,
 * revoked or rotated). Safe for secret scanners: it needs no server and no pepper.
 */
export function looksLikeMockexSecret(value: unknown): value is string {
  if (typeof value !== 'string' || !SECRET_PATTERN.test(value)) return false;
  const cut = value.length - CHECKSUM_LENGTH;
  return checksumOf(value.slice(0, cut)) === value.slice(cut);
}

/** The displayable start of a secret, e.g. `mx_4fT9aQ2z`. */
export function keyPrefixOf(secret: string): string {
  return secret.slice(0, SECRET_PREFIX.length + DISPLAY_BODY_LENGTH);
}

/** Session bearer tokens: opaque, 256 random bits; only their SHA-256 is stored. */
export function generateSessionToken(): string {
  return `mxs_${randomBytes(32).toString('base64url')}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The two keys derived from the server pepper (HKDF-SHA256), one per purpose, so a weakness in one use
 * cannot leak into the other.
 */
export interface PepperKeys {
  /** HMAC key for API secrets. */
  readonly secretHashKey: Buffer;
  /** AES-256-GCM key for TOTP secrets. */
  readonly totpEncryptionKey: Buffer;
}

export const MIN_PEPPER_LENGTH = 32;

export function derivePepperKeys(pepper: string): PepperKeys {
  if (pepper.length < MIN_PEPPER_LENGTH) {
    throw new Error(`the key pepper must be at least ${MIN_PEPPER_LENGTH} characters of random text`);
  }
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', pepper, 'mockex-keys', info, 32));
  return { secretHashKey: derive('api-secret-hmac v1'), totpEncryptionKey: derive('totp-secret-aes-gcm v1') };
}

/** A fresh pepper for servers started without MOCKEX_KEY_PEPPER. */
export function generatePepper(): string {
  return randomBytes(32).toString('base64url');
}

export function hashApiSecret(keys: PepperKeys, secret: string): string {
  return createHmac('sha256', keys.secretHashKey).update(secret).digest('hex');
}

/**
 * AES-256-GCM with a random 96-bit nonce; `context` (the user id) is bound as associated data so a
 * ciphertext copied onto another account does not decrypt. Format: `v1.<nonce>.<tag>.<ciphertext>`.
 */
export function encryptSecret(keys: PepperKeys, plaintext: string, context: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.totpEncryptionKey, nonce);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v1',
    nonce.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    body.toString('base64url'),
  ].join('.');
}

export function decryptSecret(keys: PepperKeys, sealed: string, context: string): string {
  const [version, nonce, tag, body] = sealed.split('.');
  if (version !== 'v1' || !nonce || !tag || body === undefined)
    throw new Error('unknown sealed secret format');
  const decipher = createDecipheriv('aes-256-gcm', keys.totpEncryptionKey, Buffer.from(nonce, 'base64url'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
