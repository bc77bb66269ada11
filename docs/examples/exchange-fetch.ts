/**
 * A complete exchange caller with nothing but fetch: the X-Authentication header, JSON bodies, the
 * envelope unwrapped, errors thrown with their stable `reason`, and 429s waited out for the
 * Retry-After seconds the exchange asks for.
 */
export class ExchangeError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly text: string,
  ) {
    super(`${status} ${reason}: ${text}`);
    this.name = 'ExchangeError';
  }
}

type Envelope<T> =
  | { success: true; data: T }
  | { success: false; errors: { code: number | null; text: string; reason: string }[] };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function exchangeCaller(baseUrl: string, secret: string, { maxRetries = 5 } = {}) {
  return async function call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${baseUrl}/fapi/v1${path}`, {
        method,
        headers: {
          'X-Authentication': secret,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status === 429 && attempt < maxRetries) {
        // The limit is per key, shared by every process using it: wait as long as the exchange says.
        const seconds = Number(res.headers.get('retry-after') ?? '1');
        await sleep(seconds * 1000);
        continue;
      }
      const envelope = (await res.json()) as Envelope<T>;
      if (envelope.success) return envelope.data;
      const first = envelope.errors[0];
      throw new ExchangeError(res.status, first?.reason ?? 'UNKNOWN', first?.text ?? res.statusText);
    }
  };
}
