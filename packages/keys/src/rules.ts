import ipaddr from 'ipaddr.js';

/**
 * The key rules a form can check before it calls the server: whitelist syntax and the length limits.
 * Nothing here touches Node built-ins, so the web app validates with exactly the code the server runs
 * (`@mockex/keys/rules`); ip-rules.ts adds the Node-side matcher on top.
 */
export const MAX_WHITELIST_ENTRIES = 30;

export const PASSWORD_MIN_LENGTH = 8;
/** Bounded so a huge "password" cannot be used to burn CPU. */
export const PASSWORD_MAX_LENGTH = 128;

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

/** 4, 6 or 0, as node's `net.isIP` answers (strict dotted decimal for IPv4), but without Node. */
export function ipFamily(address: string): 0 | 4 | 6 {
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) return 4;
  return ipaddr.IPv6.isValid(address) ? 6 : 0;
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
