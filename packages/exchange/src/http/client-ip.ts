/**
 * The caller's address. By default the socket's peer address, because a client can write any
 * X-Forwarded-For it likes. Behind trusted proxies (MOCKEX_TRUST_PROXY = number of proxy hops), the
 * address the nearest trusted proxy saw: counting from the right of X-Forwarded-For, past the hops.
 */
export function normalizeIp(ip: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  return v4 ?? ip;
}

export function clientIp(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedHops = 0,
): string {
  const socket = normalizeIp(socketAddress ?? '0.0.0.0');
  if (trustedHops <= 0 || forwardedFor === undefined) return socket;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // The socket peer is the last proxy; each further trusted hop appended the address it saw.
  const index = chain.length - trustedHops;
  const candidate = chain[Math.max(0, index)];
  return candidate ? normalizeIp(candidate) : socket;
}
