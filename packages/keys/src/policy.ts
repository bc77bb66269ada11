import {
  MAX_WHITELIST_ENTRIES,
  MockexError,
  PERMISSIONS,
  invalidRequest,
  parseIpRule,
  type Permission,
  type VenueProfile,
} from '@mockex/domain';
import { NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_PROBLEM } from './rules.ts';

/** No control characters in stored text (see `NO_CONTROL_CHARACTERS`). */
export function assertNoControlCharacters(field: string, value: string): void {
  if (!NO_CONTROL_CHARACTERS.test(value)) throw invalidRequest(field, NO_CONTROL_CHARACTERS_PROBLEM);
}

export function normalizeLabel(raw: string, profile: VenueProfile): string {
  assertNoControlCharacters('label', raw);
  const label = raw.trim();
  const max = profile.keys.labelMaxLength;
  if (label.length < 1 || label.length > max)
    throw invalidRequest('label', `must be 1 to ${max} characters after trimming`);
  return label;
}

/** Deduplicated, in the catalogue's order. */
export function normalizePermissions(raw: readonly string[]): Permission[] {
  if (raw.length === 0) throw invalidRequest('permissions', 'must name at least one permission');
  for (const p of raw) {
    if (!(PERMISSIONS as readonly string[]).includes(p)) {
      throw invalidRequest('permissions', `must each be one of ${PERMISSIONS.join(', ')}`);
    }
  }
  return PERMISSIONS.filter((p) => raw.includes(p));
}

/** Canonical, deduplicated whitelist entries. */
export function normalizeWhitelist(raw: readonly string[]): string[] {
  if (raw.length > MAX_WHITELIST_ENTRIES)
    throw invalidRequest('ipWhitelist', `at most ${MAX_WHITELIST_ENTRIES} entries`);
  const out: string[] = [];
  raw.forEach((entry, index) => {
    const parsed = parseIpRule(entry);
    if (!parsed.ok) throw invalidRequest(`ipWhitelist.${index}`, parsed.problem);
    if (!out.includes(parsed.rule)) out.push(parsed.rule);
  });
  return out;
}

/** WITHDRAW needs a whitelist and never travels with TRADE (a leaked trading key must not move funds out). */
export function checkPermissionPolicy(
  permissions: readonly Permission[],
  whitelist: readonly string[],
): void {
  if (!permissions.includes('WITHDRAW')) return;
  if (permissions.includes('TRADE')) {
    throw new MockexError(
      'PERMISSION_POLICY',
      { detail: 'WITHDRAW cannot be combined with TRADE on one key' },
      { field: 'permissions' },
    );
  }
  if (whitelist.length === 0) {
    throw new MockexError(
      'PERMISSION_POLICY',
      { detail: 'WITHDRAW needs a non-empty ipWhitelist' },
      { field: 'ipWhitelist' },
    );
  }
}
