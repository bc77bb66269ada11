import { ExchangeApiError, OUT_OF_SYNC_TEXT, type ExchangeErrorItem } from './errors.ts';

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

function retryAfterOf(headers: Headers, text: string): number | null {
  const header = Number(headers.get('retry-after'));
  if (Number.isFinite(header) && header > 0) return header;
  const fromText = /Try again in (\d+) seconds?/i.exec(text)?.[1];
  return fromText ? Number(fromText) : null;
}

/** Sends one request and unwraps the envelope; shared by the exchange and sandbox clients. */
export async function send<T>(
  doFetch: typeof fetch,
  url: string,
  method: Method,
  headers: Record<string, string>,
  options: RequestOptions,
  timeoutMs?: number,
): Promise<T> {
  const target = new URL(url);
  for (const [k, v] of Object.entries(options.query ?? {}))
    if (v !== undefined) target.searchParams.set(k, v === true ? '' : String(v));
  const init: RequestInit = { method, headers: { ...headers, ...options.headers } };
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  if (timeoutMs) init.signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    // `?is_symbol` must be sent bare: the venue treats any value, even false, as present.
    response = await doFetch(target.toString().replace(/([?&]is_symbol)=(?=&|$)/, '$1'), init);
  } catch (error) {
    const text =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no response within ${timeoutMs} ms`
        : 'the connection failed without a response';
    throw new ExchangeApiError(0, 'NETWORK_ERROR', text, null, [], { cause: error });
  }
  const raw = await response.text();
  let body: unknown;
  try {
    body = raw ? JSON.parse(raw) : undefined;
  } catch {
    body = undefined;
  }
  const envelope = body as { success?: boolean; data?: unknown; errors?: ExchangeErrorItem[] } | undefined;
  if (response.ok && envelope?.success === true) return envelope.data as T;
  const errors = Array.isArray(envelope?.errors) ? envelope.errors : [];
  const first = errors[0];
  const text = first?.text ?? (raw.slice(0, 200) || response.statusText);
  const reason =
    first?.reason ??
    (text === OUT_OF_SYNC_TEXT
      ? 'POSITION_OUT_OF_SYNC'
      : response.status === 429
        ? 'RATE_LIMITED'
        : `HTTP_${response.status}`);
  throw new ExchangeApiError(response.status, reason, text, retryAfterOf(response.headers, text), errors);
}
