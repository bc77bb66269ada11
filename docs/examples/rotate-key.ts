/**
 * Rotating a key under a running bot. The bot reads its secret from a file (or a secret manager) and,
 * when the exchange stops recognising it, reads it again once before giving up. The operator rotates
 * the key and writes the new secret to that file. The bot is only refused between those two steps.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { createKeyApiClient } from '@mockex/client';
import { exchangeCaller, ExchangeError } from './exchange-fetch.ts';

/** The bot side: every call uses the current secret; an unknown secret triggers one re-read. */
export function reloadingCaller(baseUrl: string, secretFile: string) {
  let secret: string | undefined;
  const load = async () => (secret = (await readFile(secretFile, 'utf8')).trim());
  return async function call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const current = secret ?? (await load());
    try {
      return await exchangeCaller(baseUrl, current)<T>(method, path, body);
    } catch (error) {
      // AUTH_INVALID is what a rotated-away secret gets. Anything else is not a rotation: re-throw.
      if (!(error instanceof ExchangeError) || error.reason !== 'AUTH_INVALID') throw error;
      if ((await load()) === current) throw error;
      return exchangeCaller(baseUrl, secret!)<T>(method, path, body);
    }
  };
}

/** The operator side: rotate, then replace the secret file atomically (never a half-written file). */
export async function rotateAndStore(
  keyApi: ReturnType<typeof createKeyApiClient>,
  keyId: string,
  otp: string,
  secretFile: string,
): Promise<{ expiresAt: string }> {
  const { key, secret } = await keyApi.keys.rotate.mutate({ id: keyId, otp });
  await writeFile(`${secretFile}.new`, `${secret}\n`, { mode: 0o600 });
  await rename(`${secretFile}.new`, secretFile);
  return { expiresAt: String(key.expiresAt) };
}
