import { MAX_WHITELIST_ENTRIES, parseIpRule } from '@mockex/keys/rules';

/**
 * The whitelist editor's check of one new entry, with the server's own parser (so the editor never
 * accepts what the key API would refuse): the canonical rule to add, or why not.
 */
export type AddEntry = { ok: true; list: string[] } | { ok: false; problem: string };

export function addWhitelistEntry(list: readonly string[], raw: string): AddEntry {
  if (raw.trim() === '') return { ok: false, problem: 'Type an address or a CIDR range first.' };
  const parsed = parseIpRule(raw);
  if (!parsed.ok)
    return { ok: false, problem: `That entry ${parsed.problem}, e.g. 203.0.113.7 or 10.0.0.0/8.` };
  if (list.includes(parsed.rule)) return { ok: false, problem: `${parsed.rule} is already on the list.` };
  if (list.length >= MAX_WHITELIST_ENTRIES)
    return { ok: false, problem: `A key allows at most ${MAX_WHITELIST_ENTRIES} entries.` };
  return { ok: true, list: [...list, parsed.rule] };
}
