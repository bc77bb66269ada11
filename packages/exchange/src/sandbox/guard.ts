/**
 * Who may drive the sandbox. With `MOCKEX_SANDBOX_TOKEN` set, whoever holds the token (for the control
 * plane and for the `X-Mockex-Fault` header alike). Without one, anyone who can reach the port, except
 * what a browser page on another site could send on its visitor's behalf:
 *   - a `Host` that is not one of the server's own names: a page on a domain it controls could point
 *     that domain at 127.0.0.1 (DNS rebinding) and call the sandbox as a same-origin page. Loopback
 *     names, IP addresses (a rebinding page never has one as its host), `HOST` and the allow-list pass;
 *   - an `Origin` other than the server itself, or `Sec-Fetch-Site` other than same-origin or none;
 *   - a body that is not `application/json` (a form or `text/plain` POST needs no CORS preflight).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { MockexError } from '@mockex/domain';
import type { GatewayRequest } from '../http/handler.ts';

/** Compares secrets in constant time (the hashes have one length whatever the input's). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** True when the request carries `Authorization: Bearer <token>`. */
export function hasBearer(request: Pick<GatewayRequest, 'headers'>, token: string): boolean {
  const auth = request.headers.get('authorization') ?? '';
  const given = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim() ?? '';
  return given !== '' && sameSecret(given, token);
}

/** `Host` header → lower-case hostname without port, brackets or trailing dot; null when unreadable. */
export function hostnameOf(host: string): string | null {
  const value = host.trim().toLowerCase();
  const name = value.startsWith('[') ? value.slice(1, value.indexOf(']')) : value.replace(/:\d*$/, '');
  if (name === '' || name.length > 253 || !/^[a-z0-9.\-_:]+$/.test(name)) return null;
  return name.replace(/\.$/, '');
}

const WILDCARD_BINDS = new Set(['0.0.0.0', '::', '']);

/**
 * Names the sandbox answers to without a token: `localhost` and `*.localhost`, any IP address, and the
 * given names (the configured HOST and MOCKEX_ALLOWED_HOSTS; an entry `.example.com` also allows its
 * subdomains).
 */
export function hostAllowed(hostname: string, allowed: readonly string[]): boolean {
  if (hostname === 'localhost' || hostname.endsWith('.localhost') || isIP(hostname) !== 0) return true;
  return allowed.some((entry) => {
    const name = entry
      .trim()
      .toLowerCase()
      .replace(/^\[|\]$/g, '');
    if (WILDCARD_BINDS.has(name)) return false;
    return name.startsWith('.') ? hostname === name.slice(1) || hostname.endsWith(name) : hostname === name;
  });
}

const SAME_SITE_FETCH = new Set(['same-origin', 'none']);

/** Why a tokenless sandbox refuses this request, or null when it may go on. */
export function browserRefusal(
  request: Pick<GatewayRequest, 'headers' | 'method'>,
  url: URL,
  body: string,
  allowedHosts: readonly string[],
): MockexError | null {
  const hostHeader = request.headers.get('host') ?? url.host;
  const hostname = hostnameOf(hostHeader);
  if (!hostname || !hostAllowed(hostname, allowedHosts)) {
    return new MockexError('SANDBOX_HOST_NOT_ALLOWED', { host: JSON.stringify(hostHeader.slice(0, 100)) });
  }

  const origin = request.headers.get('origin');
  if (origin !== null) {
    let originHost: string | null;
    try {
      originHost = origin === 'null' ? null : new URL(origin).host.toLowerCase();
    } catch {
      originHost = null;
    }
    if (originHost !== hostHeader.trim().toLowerCase()) {
      return new MockexError('SANDBOX_CROSS_SITE', { origin: `Origin: ${origin.slice(0, 100)}` });
    }
  }
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && !SAME_SITE_FETCH.has(site.trim().toLowerCase())) {
    return new MockexError('SANDBOX_CROSS_SITE', { origin: `Sec-Fetch-Site: ${site.slice(0, 40)}` });
  }

  if (body.trim() !== '') {
    const type = request.headers.get('content-type');
    const mediaType = (type ?? '').split(';', 1)[0]!.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      return new MockexError('SANDBOX_NOT_JSON', {
        contentType: type === null ? 'no Content-Type' : JSON.stringify(type.slice(0, 100)),
      });
    }
  }
  return null;
}
