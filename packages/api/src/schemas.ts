import { z } from 'zod';
import { PERMISSIONS, isId, venueProfile } from '@mockex/domain';
import {
  AUDIT_PAGE_MAX,
  MAX_WHITELIST_ENTRIES,
  NO_CONTROL_CHARACTERS,
  NO_CONTROL_CHARACTERS_PROBLEM,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  isValidIpRule,
} from '@mockex/keys/rules';

/**
 * The input of every key-API procedure. The router validates with these, and the docs generate the
 * key-API reference from them, so every field says what it is. Business rules that depend on the
 * venue profile (label length, key limit, permission policy) are enforced again in @mockex/keys.
 */
const LABEL_MAX = venueProfile('mudrex').keys.labelMaxLength;

const email = z
  .email({ error: 'must be an email address such as ada@example.com' })
  .max(254, 'must be at most 254 characters')
  .describe('Email address of the account; case and surrounding spaces do not matter.');

const otp = z
  .string({ error: 'must be a string of 6 digits' })
  .trim()
  .max(16, 'must be the 6-digit code from your authenticator app')
  .describe(
    'The current 6-digit TOTP code from the authenticator app (RFC 6238, 30-second steps). Each code works once.',
  );

/** Required by the venue for every key change; a missing or wrong code is INVALID_OTP (after the KYC and 2FA checks). */
const keyChangeOtp = otp
  .optional()
  .describe(
    'The current 6-digit TOTP code. Needed for every key change once 2FA is on; checked after KYC and 2FA, a wrong or missing code is INVALID_OTP.',
  );

const keyId = z
  .string({ error: 'must be an API key id' })
  .refine((v) => isId('apiKey', v), 'must be an API key id such as key_01JD3Q6Z9K8W2N5R7T1V4X6Y8A')
  .describe('Id of the API key (key_…), as returned by keys.create or keys.list.');

const label = z
  .string({ error: 'must be a string' })
  .regex(NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_PROBLEM)
  .trim()
  .min(1, 'must not be empty')
  .max(LABEL_MAX, `must be at most ${LABEL_MAX} characters`)
  .describe(`A name for the key, 1 to ${LABEL_MAX} characters after trimming.`);

const permissions = z
  .array(z.enum(PERMISSIONS, { error: `must be one of ${PERMISSIONS.join(', ')}` }))
  .min(1, 'must name at least one permission')
  .max(PERMISSIONS.length, 'has too many entries')
  .describe(
    'What the key may do: READ_ONLY, TRADE (includes reading), WITHDRAW. WITHDRAW needs a non-empty ipWhitelist and never goes with TRADE.',
  );

const ipWhitelist = z
  .array(
    z
      .string({ error: 'must be a string' })
      .max(64, 'is too long for an address or range')
      .refine(isValidIpRule, 'must be an IPv4 or IPv6 address or a CIDR range such as 203.0.113.0/24'),
  )
  .max(MAX_WHITELIST_ENTRIES, `must have at most ${MAX_WHITELIST_ENTRIES} entries`)
  .describe(
    'Addresses allowed to use the key: IPv4/IPv6 addresses or CIDR ranges. Empty means every address.',
  );

export const signUpInput = z
  .object({
    email,
    password: z
      .string({ error: 'must be a string' })
      .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
      .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`)
      .describe(
        `The new password, ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters. Stored only as an argon2id hash.`,
      ),
  })
  .describe('Creates an account.');

export const signInInput = z
  .object({
    email,
    password: z
      .string({ error: 'must be a string' })
      .min(1, 'must not be empty')
      .max(PASSWORD_MAX_LENGTH, 'is too long')
      .describe('The account password.'),
    otp: otp
      .optional()
      .describe(
        'The current TOTP code; required once two-factor authentication is enabled (OTP_REQUIRED otherwise).',
      ),
  })
  .describe('Signs in and returns a bearer token for the other calls.');

export const submitKycInput = z
  .object({
    legalName: z
      .string({ error: 'must be a string' })
      .regex(NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_PROBLEM)
      .trim()
      .min(2, 'must be at least 2 characters')
      .max(100, 'must be at most 100 characters')
      .describe('Full legal name as on the identity document.'),
    country: z
      .string({ error: 'must be a string' })
      .trim()
      .regex(/^[A-Za-z]{2}$/, 'must be a two-letter ISO 3166-1 country code such as DE')
      .describe('Country of residence, ISO 3166-1 alpha-2 (e.g. DE, IN, US).'),
  })
  .describe(
    'Submits identity details for KYC. In the sandbox this verifies at once unless the server runs with manual review.',
  );

export const enableTwoFactorInput = z
  .object({ otp: otp })
  .describe('Confirms the authenticator app by sending its current code.');

export const createKeyInput = z
  .object({
    label,
    permissions: permissions.optional().describe('Permissions of the key; default ["READ_ONLY"].'),
    ipWhitelist: ipWhitelist.optional(),
    otp: keyChangeOtp,
  })
  .describe('Creates an API key. The secret is in the answer once and never again.');

export const updateKeyInput = z
  .object({
    id: keyId,
    label: label.optional(),
    permissions: permissions.optional(),
    ipWhitelist: ipWhitelist.optional(),
    otp: keyChangeOtp,
  })
  .describe("Changes a key's label, permissions or whitelist; fields left out keep their value.");

export const keyActionInput = z.object({ id: keyId, otp: keyChangeOtp }).describe('Names one of your keys.');

export const revokeAllInput = z.object({ otp: keyChangeOtp }).describe('Revokes every key of the account.');

export const auditListInput = z
  .object({
    limit: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(AUDIT_PAGE_MAX, `must be at most ${AUDIT_PAGE_MAX}`)
      .optional()
      .describe(`Events per page, 1 to ${AUDIT_PAGE_MAX} (default 50).`),
    cursor: z
      .string({ error: 'must be a string' })
      .max(200, 'is not a cursor')
      .regex(/^[A-Za-z0-9_-]*$/, 'is not a cursor returned by audit.list')
      .nullish()
      .describe('nextCursor of the previous page; omit for the newest events.'),
  })
  .optional()
  .describe("Lists the account's audit events, newest first.");
