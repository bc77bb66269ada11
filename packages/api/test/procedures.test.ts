import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { describe, expect, it } from 'vitest';
import { ERRORS, errorMessage } from '@mockex/domain';
import {
  apiKeyOutput,
  appRouter,
  auditEventOutput,
  meOutput,
  protectedProcedure,
  publicProcedure,
  router,
  type Context,
  type ProcedureMeta,
} from '../src/index.ts';

/** What the docs' reference generator reads from each procedure (docs/scripts/reference/key-api.ts). */
interface ProcedureDef {
  type: string;
  inputs: unknown[];
  output?: { toJSONSchema?: (opts: object) => unknown };
  meta?: ProcedureMeta;
  middlewares: unknown[];
}
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>;
const defs = Object.entries(procedures).map(([path, p]) => [path, p._def] as const);
const guards = (protectedProcedure as unknown as { _def: { middlewares: unknown[] } })._def.middlewares;
const isProtected = (def: ProcedureDef) => guards.every((g) => def.middlewares.includes(g));

const CONTRACT = [
  'auth.signUp',
  'auth.signIn',
  'auth.signOut',
  'account.me',
  'account.submitKyc',
  'account.beginTwoFactor',
  'account.enableTwoFactor',
  'keys.create',
  'keys.list',
  'keys.update',
  'keys.rotate',
  'keys.revoke',
  'keys.revokeAll',
  'audit.list',
];

describe('procedure descriptions (what the key-API reference is generated from)', () => {
  it('has exactly the contract procedures', () => {
    expect(Object.keys(procedures).sort()).toEqual([...CONTRACT].sort());
  });

  it.each(defs)('%s has a summary, an output schema and catalogue error codes', (_path, def) => {
    expect(def.meta?.summary?.trim()).toBeTruthy();
    expect(typeof def.output?.toJSONSchema).toBe('function');
    // The generator renders it exactly like this; it must not throw on any output schema.
    const json = def.output!.toJSONSchema!({
      io: 'output',
      unrepresentable: 'throw',
      target: 'draft-2020-12',
    }) as { type?: string; $ref?: string };
    expect(json.type === 'object' || json.$ref?.startsWith('#/$defs/')).toBe(true);
    const errors = def.meta?.errors ?? [];
    expect(errors.length).toBeGreaterThan(0);
    for (const code of errors) expect(Object.keys(ERRORS), code).toContain(code);
    expect(new Set(errors).size).toBe(errors.length);
    // Every signed-in call can lack a session; every call with input can get it wrong.
    expect(errors.includes('UNAUTHENTICATED')).toBe(isProtected(def));
    expect(errors.includes('INVALID_REQUEST')).toBe(def.inputs.length > 0);
  });

  it('lists the key-change guard in the contract order on every key change', () => {
    for (const path of ['keys.create', 'keys.update', 'keys.rotate', 'keys.revoke', 'keys.revokeAll']) {
      const errors = procedures[path]!._def.meta!.errors!;
      const order = ['KYC_REQUIRED', 'TWO_FACTOR_REQUIRED', 'INVALID_OTP'].map((c) =>
        errors.indexOf(c as never),
      );
      expect(
        order.every((i) => i >= 0),
        path,
      ).toBe(true);
      expect(
        [...order].sort((a, b) => a - b),
        path,
      ).toEqual(order);
    }
    expect(procedures['keys.create']!._def.meta!.errors).toContain('KEY_LIMIT_REACHED');
    expect(procedures['keys.create']!._def.meta!.errors).toContain('PERMISSION_POLICY');
  });
});

const key = {
  id: 'key_01JD3Q6Z9K8W2N5R7T1V4X6Y8A',
  label: 'bot',
  keyPrefix: 'mx_abcd',
  permissions: ['READ_ONLY'],
  ipWhitelist: [],
  status: 'active',
  createdAt: '2026-05-01T00:00:00.000Z',
  expiresAt: '2026-07-30T00:00:00.000Z',
  lastUsedAt: null,
  lastUsedIp: null,
};

describe('output schemas', () => {
  it('accept the contract shapes', () => {
    expect(apiKeyOutput.parse(key)).toEqual(key);
    expect(
      apiKeyOutput.parse({ ...key, lastUsedAt: '2026-05-02T10:00:00.000Z', lastUsedIp: '203.0.113.5' })
        .lastUsedIp,
    ).toBe('203.0.113.5');
    const me = {
      id: 'usr_1',
      email: 'a@example.com',
      kycStatus: 'verified',
      twoFactorEnabled: true,
      createdAt: '2026-05-01T00:00:00.000Z',
    };
    expect(meOutput.parse(me)).toEqual(me);
    const event = {
      id: 'evt_1',
      type: 'key.updated',
      at: '2026-05-01T00:00:00.000Z',
      keyId: key.id,
      ip: null,
      detail: { changed: ['label'], all: true, n: 1, none: null },
    };
    expect(auditEventOutput.parse(event)).toEqual(event);
  });

  it('refuse what the contract does not allow instead of stripping it', () => {
    expect(apiKeyOutput.safeParse({ ...key, secret: 'mx_leaked' }).success).toBe(false);
    expect(apiKeyOutput.safeParse({ ...key, createdAt: new Date('2026-05-01T00:00:00Z') }).success).toBe(
      false,
    );
    const { lastUsedAt: _omitted, ...withoutLastUsed } = key;
    expect(apiKeyOutput.safeParse(withoutLastUsed).success).toBe(false);
    expect(apiKeyOutput.safeParse({ ...key, status: 'disabled' }).success).toBe(false);
    expect(apiKeyOutput.safeParse({ ...key, permissions: ['ADMIN'] }).success).toBe(false);
    expect(
      meOutput.safeParse({
        id: 'usr_1',
        email: 'a@example.com',
        kycStatus: 'approved',
        twoFactorEnabled: false,
        createdAt: '2026-05-01T00:00:00.000Z',
      }).success,
    ).toBe(false);
  });
});

describe('an answer that breaks its output schema', () => {
  // Built with the same tRPC instance (error formatter, catalogue middleware) as the real router.
  const broken = router({
    leaky: publicProcedure.output(apiKeyOutput).query(() => ({ ...key, secret: 'mx_leaked' }) as never),
  });
  const ctx: Context = { keys: undefined as never, token: null, ip: null };

  it('fails the call rather than answering', async () => {
    const caller = broken.createCaller(ctx);
    await expect(caller.leaky()).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it('reaches HTTP clients as a 500 INTERNAL_ERROR that reveals nothing, not as a bad request', async () => {
    const res = await fetchRequestHandler({
      endpoint: '/trpc',
      req: new Request('http://mockex.test/trpc/leaky'),
      router: broken,
      createContext: () => ctx,
    });
    expect(res.status).toBe(500);
    const body = (await res.json()) as {
      error: { message: string; data: { appCode: string; httpStatus: number; field?: string } };
    };
    expect(body.error.data).toMatchObject({ appCode: 'INTERNAL_ERROR', httpStatus: 500 });
    expect(body.error.data.field).toBeUndefined();
    expect(body.error.message).toBe(errorMessage('INTERNAL_ERROR'));
    expect(JSON.stringify(body)).not.toContain('mx_leaked');
  });
});
