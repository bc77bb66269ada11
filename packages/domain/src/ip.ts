import ipaddr from 'ipaddr.js';

/**
 * IP whitelists: single IPv4/IPv6 addresses or CIDR ranges. Entries are validated and written in one
 * canonical form (`10.0.0.0/8`, `2001:db8::/32`, `203.0.113.50`) and matched here, with ipaddr.js
 * rather than Node's `net`, so the web app validates a whitelist with exactly the code the server runs.
 */
export const MAX_WHITELIST_ENTRIES = 30;

/** 4, 6 or 0, as Node's `net.isIP` answers (strict dotted decimal for IPv4). */
export function ipFamily(address: string): 0 | 4 | 6 {
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) return 4;
  return ipaddr.IPv6.isValid(address) && !address.includes('%') ? 6 : 0;
}

/** `::ffff:1.2.3.4` (how a dual-stack socket reports an IPv4 client) becomes `1.2.3.4`. */
export function normalizeIp(ip: string): string {
  const trimmed = ip.trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed;
}

export type IpRuleCheck = { ok: true; rule: string } | { ok: false; problem: string };

/** Validates one whitelist entry and returns its canonical text. */
export function parseIpRule(raw: string): IpRuleCheck {
  const text = raw.trim();
  const slash = text.indexOf('/');
  const address = normalizeIp(slash === -1 ? text : text.slice(0, slash));
  const family = ipFamily(address);
  // Problems never echo the entry: people paste the wrong thing (even secrets) into whitelists.
  if (family === 0) return { ok: false, problem: 'is not an IPv4 or IPv6 address or CIDR range' };
  if (slash === -1) return { ok: true, rule: family === 6 ? address.toLowerCase() : address };
  const prefixText = text.slice(slash + 1);
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) {
    return { ok: false, problem: `has a prefix length outside 0-${max}` };
  }
  return { ok: true, rule: `${family === 6 ? address.toLowerCase() : address}/${Number(prefixText)}` };
}

export function isValidIpRule(raw: string): boolean {
  return parseIpRule(raw).ok;
}

/** Decides whether a caller's address passes a whitelist; an empty whitelist lets every address in. */
export interface IpMatcher {
  allows(ip: string): boolean;
}

export function ipMatcher(rules: readonly string[]): IpMatcher {
  if (rules.length === 0) return { allows: () => true };
  const ranges = rules.map((rule) => {
    const [address, prefix] = rule.split('/') as [string, string | undefined];
    const parsed = ipaddr.parse(address);
    return [parsed, prefix === undefined ? (parsed.kind() === 'ipv6' ? 128 : 32) : Number(prefix)] as const;
  });
  return {
    allows(ip) {
      const address = normalizeIp(ip);
      if (ipFamily(address) === 0) return false;
      const parsed = ipaddr.parse(address);
      return ranges.some(([range, bits]) => parsed.kind() === range.kind() && parsed.match(range, bits));
    },
  };
}
