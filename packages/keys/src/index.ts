export {
  createKeyService,
  normalizeEmail,
  KEYS_CHANNEL,
  type KeyService,
  type CreateKeyInput,
  type UpdateKeyInput,
  type SignInResult,
} from './service.ts';
export { looksLikeMockexSecret, generatePepper, MIN_PEPPER_LENGTH, SECRET_PREFIX } from './secrets.ts';
export { PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH } from './passwords.ts';
export { TOTP_DIGITS, TOTP_PERIOD_SECONDS } from './totp.ts';
export { DEFAULT_THROTTLE } from './throttle.ts';
export { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX } from './audit.ts';
export * from './types.ts';
export {
  SANDBOX_ACCOUNT_PERMISSIONS,
  SANDBOX_EMAIL_DOMAIN,
  type SandboxAccount,
  type SandboxAccountInput,
} from './sandbox-account.ts';
