import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyApiClient, keyApiEndpoint, keyApiFailure } from './key-api.ts';

/**
 * The client's side of the wire: what it sends and how it reads answers. A small HTTP server records
 * requests and replies like the key API would (the full round trip against the real server is tested
 * in apps/server/test/key-api.*.test.ts).
 */
interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}
let server: Server;
let base: string;
const seen: Seen[] = [];

async function read(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    seen.push({
      method: req.method!,
      url: req.url!,
      authorization: req.headers.authorization,
      body: await read(req),
    });
    res.setHeader('content-type', 'application/json');
    if (req.url!.startsWith('/trpc/keys.create')) {
      res.statusCode = 403;
      res.end(
        JSON.stringify({
          error: {
            message: 'API access needs verified identity (KYC); the KYC status of this account is none',
            code: -32003,
            data: {
              code: 'FORBIDDEN',
              httpStatus: 403,
              path: 'keys.create',
              appCode: 'KYC_REQUIRED',
              kycStatus: 'none',
            },
          },
        }),
      );
      return;
    }
    res.end(
      JSON.stringify({
        result: {
          data: {
            id: 'usr_1',
            email: 'a@example.com',
            kycStatus: 'none',
            twoFactorEnabled: false,
            createdAt: '2026-01-01T00:00:00.000Z',
          },
        },
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('createKeyApiClient', () => {
  it('finds the /trpc endpoint from a server URL and keeps explicit paths', () => {
    expect(keyApiEndpoint('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/trpc');
    expect(keyApiEndpoint('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080/trpc');
    expect(keyApiEndpoint('https://example.com/api/trpc/')).toBe('https://example.com/api/trpc');
  });

  it('sends queries as GET with the input in the URL and the bearer token', async () => {
    seen.length = 0;
    const client = createKeyApiClient({ url: base, token: 'mxs_abc' });
    const me = await client.account.me.query();
    expect(me.email).toBe('a@example.com');
    await client.audit.list.query({ limit: 5 });
    expect(seen[0]).toMatchObject({
      method: 'GET',
      url: '/trpc/account.me',
      authorization: 'Bearer mxs_abc',
    });
    expect(seen[1]!.method).toBe('GET');
    expect(decodeURIComponent(seen[1]!.url)).toBe('/trpc/audit.list?input={"limit":5}');
  });

  it('sends mutations as POST with a plain JSON body, and reads the token anew on each call', async () => {
    seen.length = 0;
    let token: string | null = null;
    const client = createKeyApiClient({ url: `${base}/trpc`, token: () => token });
    await client.auth.signUp.mutate({ email: 'a@example.com', password: 'a fine password' });
    token = 'mxs_later';
    await client.account.submitKyc.mutate({ legalName: 'Ada Lovelace', country: 'GB' });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/trpc/auth.signUp', authorization: undefined });
    expect(JSON.parse(seen[0]!.body)).toEqual({ email: 'a@example.com', password: 'a fine password' });
    expect(seen[1]).toMatchObject({
      method: 'POST',
      url: '/trpc/account.submitKyc',
      authorization: 'Bearer mxs_later',
    });
  });

  it('turns error answers into TRPCClientErrors whose appCode keyApiFailure reads', async () => {
    const client = createKeyApiClient({ url: base, token: 'mxs_abc' });
    const error = await client.keys.create.mutate({ label: 'bot', otp: '123456' }).catch((e: unknown) => e);
    expect(keyApiFailure(error)).toEqual({
      appCode: 'KYC_REQUIRED',
      httpStatus: 403,
      message: 'API access needs verified identity (KYC); the KYC status of this account is none',
    });
    expect(keyApiFailure(new Error('network down'))).toBeNull();
  });

  it('uses the fetch it is given', async () => {
    const calls: string[] = [];
    const client = createKeyApiClient({
      url: base,
      fetch: (input, init) => {
        calls.push(String(input));
        return fetch(input, init);
      },
    });
    await client.account.me.query();
    expect(calls).toEqual([`${base}/trpc/account.me`]);
  });
});
