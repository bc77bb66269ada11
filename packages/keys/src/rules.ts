export {
  MAX_WHITELIST_ENTRIES,
  ipFamily,
  isValidIpRule,
  normalizeIp,
  parseIpRule,
  type IpRuleCheck,
} from '@mockex/domain';

/**
 * The key rules a form can check before it calls the server: whitelist syntax (from @mockex/domain)
 * and the length limits. Nothing here touches Node built-ins, so the web app validates with exactly the
 * code the server runs (`@mockex/keys/rules`).
 */
export const PASSWORD_MIN_LENGTH = 8;
/** Bounded so a huge "password" cannot be used to burn CPU. */
export const PASSWORD_MAX_LENGTH = 128;

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

/** Stored text (labels, legal names) has no control characters: PostgreSQL refuses NUL, and none belongs in a name. */
export const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;
export const NO_CONTROL_CHARACTERS_PROBLEM = 'must not contain control characters (such as NUL)';
