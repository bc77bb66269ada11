/**
 * Ids carry a type prefix (`usr_…`, `key_…`) so a misplaced id is obvious in a log line, and a brand
 * so the compiler refuses an order id where a position id belongs. The body is time-ordered
 * (48-bit milliseconds, then 80 random bits, Crockford base32) so ids sort by creation and can serve
 * as pagination cursors.
 */
export const ID_PREFIXES = {
  user: 'usr',
  session: 'ses',
  apiKey: 'key',
  audit: 'evt',
  order: 'ord',
  position: 'pos',
  trade: 'trd',
  transfer: 'txf',
  fee: 'fee',
  fault: 'flt',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;
declare const brand: unique symbol;
export type Id<K extends IdKind> = string & { readonly [brand]: K };

export type UserId = Id<'user'>;
export type SessionId = Id<'session'>;
export type ApiKeyId = Id<'apiKey'>;
export type AuditEventId = Id<'audit'>;
export type OrderId = Id<'order'>;
export type PositionId = Id<'position'>;
export type TradeId = Id<'trade'>;
export type TransferId = Id<'transfer'>;
export type FeeId = Id<'fee'>;
export type FaultId = Id<'fault'>;

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BODY_LENGTH = 26;

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[rest % 32]! + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeRandom(): string {
  // Web Crypto (global in Node 20 and browsers), so the domain package also loads in the web app.
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  let out = '';
  for (let i = 0; i < 16; i++) out += ALPHABET[bytes[i]! % 32];
  return out;
}

export function newId<K extends IdKind>(kind: K, now: Date = new Date()): Id<K> {
  return `${ID_PREFIXES[kind]}_${encodeTime(now.getTime())}${encodeRandom()}` as Id<K>;
}

const PATTERN = new RegExp(`^[a-z]{3}_[${ALPHABET}]{${BODY_LENGTH}}$`);

/** True when `value` is a well-formed id of that kind. */
export function isId<K extends IdKind>(kind: K, value: unknown): value is Id<K> {
  return typeof value === 'string' && value.startsWith(`${ID_PREFIXES[kind]}_`) && PATTERN.test(value);
}

/** Narrows an untrusted string to an id of that kind, or returns null. */
export function parseId<K extends IdKind>(kind: K, value: unknown): Id<K> | null {
  return isId(kind, value) ? value : null;
}

/**
 * A UUID version 7 (RFC 9562: 48-bit Unix milliseconds, then random bits), the form the venue's order,
 * position, fee and transaction ids take on its wire. Time-ordered like `newId`, so they sort by creation.
 */
export function uuidv7(now: Date = new Date()): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  let ms = now.getTime();
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a UUID in its canonical lower-case form. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}
