import { BlockList, isIP } from 'node:net';
import { normalizeIp } from './rules.ts';

/**
 * IP whitelists: single IPv4/IPv6 addresses or CIDR ranges. Entries are validated and written in one
 * canonical form (`10.0.0.0/8`, `2001:db8::/32`, `203.0.113.50`) by rules.ts, and matched here with
 * node's BlockList.
 */
export { MAX_WHITELIST_ENTRIES, normalizeIp, parseIpRule, isValidIpRule, type IpRuleCheck } from './rules.ts';

/** Decides whether a caller's address passes a whitelist; an empty whitelist lets every address in. */
export interface IpMatcher {
  allows(ip: string): boolean;
}

export function ipMatcher(rules: readonly string[]): IpMatcher {
  if (rules.length === 0) return { allows: () => true };
  const list = new BlockList();
  for (const rule of rules) {
    const [address, prefix] = rule.split('/') as [string, string | undefined];
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return {
    allows(ip) {
      const address = normalizeIp(ip);
      const family = isIP(address);
      if (family === 0) return false;
      return list.check(address, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}
