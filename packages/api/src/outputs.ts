import { z } from 'zod';
import { KEY_STATUSES, KYC_STATUSES, PERMISSIONS, venueProfile } from '@mockex/domain';
import { AUDIT_EVENT_TYPES } from '@mockex/keys';

/**
 * The output of every key-API procedure (contract section 1). Each procedure declares its schema with
 * `.output()`, so tRPC validates every answer against it at run time, and the docs render it.
 * Objects are strict: a field the contract does not name (a secret on an ApiKey, say) fails validation,
 * as does a Date where the wire carries an ISO string; either is an internal error, never a silent strip.
 */
const TTL_DAYS = venueProfile('mudrex').keys.ttlDays;

const isoDate = () => z.iso.datetime({ error: 'must be an ISO-8601 UTC timestamp' });

export const meOutput = z
  .strictObject({
    id: z.string().describe('Id of the account (usr_…).'),
    email: z.string().describe('Email address of the account, in lower case.'),
    kycStatus: z
      .enum(KYC_STATUSES)
      .describe('Identity verification: only `verified` accounts may create or change API keys.'),
    twoFactorEnabled: z
      .boolean()
      .describe('Whether TOTP two-factor authentication is on; key changes need it.'),
    createdAt: isoDate().describe('When the account was created.'),
  })
  .meta({ id: 'Me', description: 'The signed-in account.' });

export const apiKeyOutput = z
  .strictObject({
    id: z
      .string()
      .describe('Id of the key (key_…); the handle for keys.update, keys.rotate and keys.revoke.'),
    label: z.string().describe('The name given to the key.'),
    keyPrefix: z
      .string()
      .describe(
        'The first characters of the current secret (mx_…), to recognise the key; changes on rotation.',
      ),
    permissions: z.array(z.enum(PERMISSIONS)).describe('What the key may do: READ_ONLY, TRADE, WITHDRAW.'),
    ipWhitelist: z
      .array(z.string())
      .describe('Addresses and CIDR ranges allowed to use the key; empty means every address.'),
    status: z.enum(KEY_STATUSES).describe('`active`, `revoked` (permanent) or `expired` (rotate to renew).'),
    createdAt: isoDate().describe('When the key was created.'),
    expiresAt: isoDate().describe(
      `When the key stops working: ${TTL_DAYS} days after creation or the last rotation (mudrex profile).`,
    ),
    lastUsedAt: isoDate()
      .nullable()
      .describe('When the key last authenticated a request on the exchange; null until first use.'),
    lastUsedIp: z.string().nullable().describe('The address of that request; null until first use.'),
  })
  .meta({ id: 'ApiKey', description: 'An API key as its owner sees it. Never carries the secret.' });

const auditValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

export const auditEventOutput = z
  .strictObject({
    id: z.string().describe('Id of the event (evt_…).'),
    type: z.enum(AUDIT_EVENT_TYPES).describe('What happened, such as `key.created` or `auth.signed_in`.'),
    at: isoDate().describe('When it happened.'),
    keyId: z.string().nullable().describe('The API key concerned, for key events; otherwise null.'),
    ip: z.string().nullable().describe('The address the call came from, when known.'),
    detail: z
      .record(z.string(), auditValue)
      .describe('Facts of the event (e.g. the changed fields); never a secret.'),
  })
  .meta({ id: 'AuditEvent', description: "One entry of the account's audit trail." });

/** A key secret: in the answer of keys.create and keys.rotate only, never again. */
const secret = z
  .string()
  .describe('The API key secret (mx_…), sent as X-Authentication. Shown this once: store it now.');

export const signUpOutput = z.strictObject({ user: meOutput.describe('The new account.') });

export const signInOutput = z.strictObject({
  token: z.string().describe('Session token: send it as `Authorization: Bearer <token>`.'),
  expiresAt: isoDate().describe('When the session token stops working.'),
  user: meOutput.describe('The signed-in account.'),
});

export const signOutOutput = z.strictObject({
  ok: z.literal(true).describe('Always true: the token no longer works.'),
});

export const beginTwoFactorOutput = z.strictObject({
  secret: z.string().describe('The TOTP secret, base32 (RFC 6238: SHA-1, 6 digits, 30-second steps).'),
  otpauthUrl: z.string().describe('The same secret as an otpauth:// URL, for a QR code.'),
});

export const keyWithSecretOutput = z.strictObject({ key: apiKeyOutput, secret });

export const keyOutput = z.strictObject({ key: apiKeyOutput });

export const keyListOutput = z.strictObject({
  keys: z
    .array(apiKeyOutput)
    .describe('Every key of the account, newest first, revoked and expired ones included.'),
});

export const revokeAllOutput = z.strictObject({
  revoked: z.number().int().nonnegative().describe('How many active keys were revoked.'),
});

export const auditListOutput = z.strictObject({
  events: z.array(auditEventOutput).describe('Events, newest first.'),
  nextCursor: z
    .string()
    .nullable()
    .describe('Pass as `cursor` for the next (older) page; null on the last page.'),
});
