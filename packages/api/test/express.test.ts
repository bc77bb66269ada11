import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, venueProfile } from '@mockex/domain';
import { createTestDatabase, type TestDatabase } from '@mockex/db/testing';
import { createKeyService, type KeyService } from '@mockex/keys';
import { createKeyApiMiddleware } from '../src/express.ts';
import { PEPPER, uniqueEmail } from './support.ts';

/** The wire format any HTTP client sees: plain JSON, no transformer, errors with appCode and httpStatus. */
let database: TestDatabase;
let keys: KeyService;
let server: Server;
let base: string;
const errors: object[] = [];

async function serve(service: KeyService): Promise<{ server: Server; url: string }> {
  const app = express();
  app.use('/trpc', createKeyApiMiddleware({ keys: service, logger: { error: (obj) => errors.push(obj) } }));
  const s = createServer(app);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { server: s, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/trpc` };
}

beforeAll(async () => {
  database = await createTestDatabase();
  keys = await createKeyService({
    database,
    clock: manualClock(),
    profile: venueProfile('mudrex'),
    pepper: PEPPER,
  });
  ({ server, url: base } = await serve(keys));
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await keys.close();
  await database.destroy();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const get = (path: string, input?: unknown, headers: Record<string, string> = {}) =>
  fetch(
    `${base}/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
    { headers },
  );

describe('the /trpc wire format', () => {
  it('answers a mutation and a query with {"result":{"data":...}} and ISO dates', async () => {
    const email = uniqueEmail('wire');
    const signUp = await post('auth.signUp', { email, password: 'a fine password' });
    expect(signUp.status).toBe(200);
    const body = await signUp.json();
    expect(body).toEqual({
      result: {
        data: {
          user: {
            id: expect.any(String),
            email,
            kycStatus: 'none',
            twoFactorEnabled: false,
            createdAt: '2026-01-01T00:00:00.000Z',
          },
        },
      },
    });
    const signIn = await (await post('auth.signIn', { email, password: 'a fine password' })).json();
    const token = signIn.result.data.token as string;
    const me = await get('account.me', undefined, { authorization: `Bearer ${token}` });
    expect(me.status).toBe(200);
    expect((await me.json()).result.data.email).toBe(email);
    const audit = await get('audit.list', { limit: 1 }, { authorization: `Bearer ${token}` });
    expect((await audit.json()).result.data.events[0].type).toBe('auth.signed_in');
    // A mutation without input needs no body and no content type (curl -X POST).
    const bare = await fetch(`${base}/account.beginTwoFactor`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bare.status).toBe(200);
    expect((await bare.json()).result.data.otpauthUrl).toMatch(/^otpauth:/);
    const signOut = await fetch(`${base}/auth.signOut`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await signOut.json()).toEqual({ result: { data: { ok: true } } });
  });

  it('reports input errors as 400 with appCode, the field, and the flattened zod issues', async () => {
    const res = await post('auth.signUp', { email: 'nope', password: 'x' });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.message).toBe('Invalid request: email: must be an email address such as ada@example.com');
    expect(error.data).toMatchObject({
      code: 'BAD_REQUEST',
      httpStatus: 400,
      appCode: 'INVALID_REQUEST',
      field: 'email',
      path: 'auth.signUp',
    });
    expect(error.data.zodError.fieldErrors).toEqual({
      email: ['must be an email address such as ada@example.com'],
      password: ['must be at least 8 characters'],
    });
    expect(error.data.stack).toBeUndefined();
  });

  it('reports catalogue errors with their status and appCode', async () => {
    const unauth = await get('account.me');
    expect(unauth.status).toBe(401);
    expect((await unauth.json()).error).toMatchObject({
      message: 'Sign in first: this call needs a valid session token',
      data: { appCode: 'UNAUTHENTICATED', httpStatus: 401, code: 'UNAUTHORIZED' },
    });
    const email = uniqueEmail('wire');
    await post('auth.signUp', { email, password: 'a fine password' });
    const taken = await post('auth.signUp', { email, password: 'a fine password' });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.data).toMatchObject({
      appCode: 'EMAIL_TAKEN',
      httpStatus: 409,
      field: 'email',
    });
  });

  it('sends 429 with Retry-After when sign-in is locked', async () => {
    const email = uniqueEmail('locked');
    await post('auth.signUp', { email, password: 'a fine password' });
    for (let i = 0; i < 5; i++)
      expect((await post('auth.signIn', { email, password: 'wrong one!' })).status).toBe(401);
    const res = await post('auth.signIn', { email, password: 'a fine password' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('900');
    expect((await res.json()).error).toMatchObject({
      message: 'Too many failed attempts. Try again in 900 seconds.',
      data: { appCode: 'TOO_MANY_ATTEMPTS', httpStatus: 429, retryAfterSeconds: 900 },
    });
  });

  it('answers malformed JSON, unknown procedures and wrong methods with 4xx, never 500', async () => {
    const malformed = await post('auth.signUp', '{"email": ');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.data.appCode).toBe('INVALID_REQUEST');
    const unknown = await post('auth.nope', {});
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.data.appCode).toBe('NOT_FOUND');
    const wrongMethod = await get('auth.signUp', { email: 'a@example.com', password: 'a fine password' });
    expect(wrongMethod.status).toBe(405);
    const noBody = await fetch(`${base}/auth.signUp`, { method: 'POST' });
    expect(noBody.status).toBe(400);
    expect((await noBody.json()).error.data).toMatchObject({ appCode: 'INVALID_REQUEST', field: 'input' });
    const xml = await fetch(`${base}/auth.signUp`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<a/>',
    });
    expect(xml.status).toBe(415);
    expect((await xml.json()).error.data.appCode).toBe('INVALID_REQUEST');
    const emptyJson = await post('auth.signUp', '');
    expect(emptyJson.status).toBe(400);
    expect((await emptyJson.json()).error.data).toMatchObject({ appCode: 'INVALID_REQUEST', field: 'input' });
    const huge = await post('auth.signUp', { email: 'a@example.com', password: 'x'.repeat(200_000) });
    expect(huge.status).toBe(413);
  });

  it('hides the text of unexpected failures (500 INTERNAL_ERROR) and logs them', async () => {
    const broken = await createTestDatabase();
    const service = await createKeyService({
      database: broken,
      clock: manualClock(),
      profile: venueProfile('mudrex'),
      pepper: PEPPER,
    });
    const { server: s, url } = await serve(service);
    await broken.destroy();
    try {
      const res = await fetch(`${url}/auth.signUp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: uniqueEmail('broken'), password: 'a fine password' }),
      });
      expect(res.status).toBe(500);
      const { error } = await res.json();
      expect(error.message).toBe('Internal server error');
      expect(error.data).toMatchObject({ appCode: 'INTERNAL_ERROR', httpStatus: 500 });
      expect(errors.length).toBeGreaterThan(0);
      expect(JSON.stringify(errors)).not.toContain('a fine password');
    } finally {
      await new Promise((r) => s.close(r));
      await service.close().catch(() => {});
    }
  });
});

describe('tRPC batches', () => {
  const batch = (path: string, inputs: unknown[]) =>
    post(
      `${Array(inputs.length).fill(path).join(',')}?batch=1`,
      Object.fromEntries(inputs.map((input, i) => [String(i), input])),
    );

  it('refuses a batch of more than 10 calls whole, with a 400 naming the limit, before any call runs', async () => {
    const email = uniqueEmail('batch');
    await post('auth.signUp', { email, password: 'a fine password' });
    const wrong = Array.from({ length: 199 }, (_, i) => ({ email, password: `wrong password ${i}` }));
    const res = await batch('auth.signIn', [...wrong, { email, password: 'a fine password' }]);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.message).toBe('Invalid request: batch: at most 10 calls per request, this one has 200');
    expect(body.error.data).toMatchObject({ appCode: 'INVALID_REQUEST', field: 'batch', httpStatus: 400 });
    // Nothing ran: no failure was counted, so the account signs in at once.
    expect((await post('auth.signIn', { email, password: 'a fine password' })).status).toBe(200);
    expect((await batch('auth.signIn', Array(11).fill({ email, password: 'x' }))).status).toBe(400);
  });

  it('holds the sign-in limit inside a batch: of 9 wrong passwords and the right one, 5 are checked', async () => {
    const email = uniqueEmail('batch');
    await post('auth.signUp', { email, password: 'a fine password' });
    const calls = [
      ...Array.from({ length: 9 }, (_, i) => ({ email, password: `wrong password ${i}` })),
      { email, password: 'a fine password' },
    ];
    const res = await batch('auth.signIn', calls);
    const results = (await res.json()) as { error?: { data: { appCode: string } } }[];
    const codes = results.map((r) => r.error?.data.appCode ?? 'signed in');
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(5);
    expect(codes.filter((c) => c === 'TOO_MANY_ATTEMPTS')).toHaveLength(5);
    expect(codes[9]).toBe('TOO_MANY_ATTEMPTS');
  });
});

describe('input PostgreSQL would refuse is a 400 naming the field, never a 500', () => {
  const signedIn = async () => {
    const email = uniqueEmail('nul');
    await post('auth.signUp', { email, password: 'a fine password' });
    const res = await post('auth.signIn', { email, password: 'a fine password' });
    const { token } = (await res.json()).result.data as { token: string };
    return { authorization: `Bearer ${token}` };
  };
  const refusal = async (res: Response) => ({ status: res.status, data: (await res.json()).error?.data });

  it('a NUL byte in a KYC name or a key label', async () => {
    const logged = errors.length;
    const auth = await signedIn();
    expect(
      await refusal(await post('account.submitKyc', { legalName: 'Ada\u0000Lovelace', country: 'GB' }, auth)),
    ).toMatchObject({ status: 400, data: { appCode: 'INVALID_REQUEST', field: 'legalName' } });
    expect(
      await refusal(await post('keys.create', { label: 'bot\u0000', otp: '123456' }, auth)),
    ).toMatchObject({ status: 400, data: { appCode: 'INVALID_REQUEST', field: 'label' } });
    expect(
      await refusal(
        await post('auth.signUp', { email: 'a\u0000b@example.com', password: 'a fine password' }),
      ),
    ).toMatchObject({ status: 400, data: { appCode: 'INVALID_REQUEST', field: 'email' } });
    expect(errors).toHaveLength(logged);
  });

  it('an audit.list cursor past the 64-bit range, or not base64url', async () => {
    const logged = errors.length;
    const auth = await signedIn();
    for (const cursor of [
      Buffer.from('a:9999999999999999999').toString('base64url'),
      Buffer.from('a:9223372036854775808').toString('base64url'),
      'a\u0000b',
    ]) {
      expect(await refusal(await get('audit.list', { cursor }, auth))).toMatchObject({
        status: 400,
        data: { appCode: 'INVALID_REQUEST', field: 'cursor' },
      });
    }
    // The largest sequence number is still a cursor (an empty page).
    const last = Buffer.from('a:9223372036854775807').toString('base64url');
    expect((await get('audit.list', { cursor: last }, auth)).status).toBe(200);
    expect(errors).toHaveLength(logged);
  });
});
