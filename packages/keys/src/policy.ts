import { MockexError, PERMISSIONS, type Permission, type VenueProfile } from '@mockex/domain';
import { MAX_WHITELIST_ENTRIES, parseIpRule } from './rules.ts';

/**
 * The rules a key's settings must satisfy, whoever calls (tRPC, sandbox, tests). The API's zod schemas
 * check shapes early for good messages; these checks are the ones that must never be skipped.
 */
function invalid(field: string, detail: string): MockexError {
  return new MockexError('INVALID_REQUEST', { detail: `${field}: ${detail}` }, { field });
}

export function normalizeLabel(raw: string, profile: VenueProfile): string {
  const label = raw.trim();
  const max = profile.keys.labelMaxLength;
  if (label.length < 1 || label.length > max)
    throw invalid('label', `must be 1 to ${max} characters after trimming`);
  return label;
}

/** Deduplicated, in the catalogue's order. */
export function normalizePermissions(raw: readonly string[]): Permission[] {
  if (raw.length === 0) throw invalid('permissions', 'must name at least one permission');
  for (const p of raw) {
    if (!(PERMISSIONS as readonly string[]).includes(p)) {
      throw invalid('permissions', `must each be one of ${PERMISSIONS.join(', ')}`);
    }
  }
  return PERMISSIONS.filter((p) => raw.includes(p));
}

/** Canonical, deduplicated whitelist entries. */
export function normalizeWhitelist(raw: readonly string[]): string[] {
  if (raw.length > MAX_WHITELIST_ENTRIES)
    throw invalid('ipWhitelist', `at most ${MAX_WHITELIST_ENTRIES} entries`);
  const out: string[] = [];
  raw.forEach((entry, index) => {
    const parsed = parseIpRule(entry);
    if (!parsed.ok) throw invalid(`ipWhitelist.${index}`, parsed.problem);
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
