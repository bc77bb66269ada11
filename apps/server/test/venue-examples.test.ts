/**
 * The venue's documented request/response examples (fixtures/venue-examples.json), run in order
 * against a started server with a real key: each answer has the documented status, every documented
 * field with the documented type (numbers as numeric strings, ids as UUIDs, times as the venue writes
 * them), and error codes and texts exactly as documented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import examples from './fixtures/venue-examples.json' with { type: 'json' };
import {
  RELAXED_VENUE,
  startExchangeServer,
  type ExchangeServer,
  type KeyedTrader,
} from './exchange-support.ts';

interface Step {
  endpoint: string;
  source: string;
  request: { method: string; path: string; body?: unknown };
  status: number;
  response: { success: boolean; data?: unknown; errors?: Array<{ code: number | null; text: string }> };
  capture?: Record<string, string>;
  awaits?: { fields: Record<string, unknown>; branch: string };
}
const steps = examples.steps as Step[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const NUMERIC = /^-?\d+(\.\d+)?$/;
/** Fields whose documented value is fixed text, compared exactly. */
const EXACT = new Set(['message', 'msg', 'MarginType', 'margin_type']);

/** Problems with `actual` against the documented `expected`, as `path: what` lines. */
function mismatches(expected: unknown, actual: unknown, path = 'data'): string[] {
  if (expected === null) return actual === null || typeof actual === 'object' ? [] : [`${path}: not null`];
  if (typeof expected === 'number')
    return typeof actual === 'string' && NUMERIC.test(actual)
      ? []
      : [`${path}: ${JSON.stringify(actual)} is not a numeric string`];
  if (typeof expected === 'boolean')
    return typeof actual === 'boolean' ? [] : [`${path}: ${JSON.stringify(actual)} is not a boolean`];
  if (typeof expected === 'string') {
    if (typeof actual !== 'string') return [`${path}: ${JSON.stringify(actual)} is not a string`];
    if (UUID.test(expected) && !UUID.test(actual)) return [`${path}: ${actual} is not a UUID`];
    if (TIME.test(expected) && !TIME.test(actual)) return [`${path}: ${actual} is not a venue timestamp`];
    if (NUMERIC.test(expected) && !NUMERIC.test(actual)) return [`${path}: ${actual} is not numeric`];
    const key = path.split('.').pop()!;
    if (EXACT.has(key) && actual !== expected) return [`${path}: ${actual} is not ${expected}`];
    return [];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: not an array`];
    if (expected.length > 0 && actual.length === 0) return [`${path}: empty`];
    return actual.flatMap((item, i) => mismatches(expected[0], item, `${path}.${i}`));
  }
  if (typeof actual !== 'object' || actual === null || Array.isArray(actual))
    return [`${path}: not an object`];
  return Object.entries(expected as Record<string, unknown>).flatMap(([key, value]) =>
    key in actual
      ? mismatches(value, (actual as Record<string, unknown>)[key], `${path}.${key}`)
      : [`${path}.${key}: missing`],
  );
}

function dig(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);
}

let ex: ExchangeServer;
let trader: KeyedTrader;
const captured: Record<string, string> = {};
const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, name: string) => captured[name] ?? `{${name}}`);
const answers = new Map<Step, { status: number; body: any }>(); // eslint-disable-line @typescript-eslint/no-explicit-any

const send = (step: Step, body: unknown) =>
  ex.call(fill(step.request.path), {
    method: step.request.method,
    secret: trader.secret,
    ...(body !== undefined ? { body } : {}),
  });

beforeAll(async () => {
  ex = await startExchangeServer({ MOCKEX_VENUE: RELAXED_VENUE });
  trader = await ex.trader();
  await ex.sandbox.setPrice('BTCUSDT', '60000');
  await ex.sandbox.setPrice('ETHUSDT', '3000');
});
afterAll(() => ex?.server.stop());

describe('the venue’s documented examples, endpoint by endpoint, in order', () => {
  it.each(steps.map((step, i) => [`${i + 1}. ${step.endpoint}: ${step.source}`, step] as const))(
    '%s',
    async (_name, step) => {
      const body =
        step.request.body === undefined ? undefined : JSON.parse(fill(JSON.stringify(step.request.body)));
      // A polite client: a 429 (the wallet routes have a budget of their own) waits and asks again.
      let reply = await send(step, body);
      for (let i = 0; reply.status === 429 && i < 3; i++) {
        await new Promise((r) => setTimeout(r, Number(reply.headers.get('retry-after') ?? 1) * 1000));
        reply = await send(step, body);
      }
      answers.set(step, reply);
      expect(reply.status, JSON.stringify(reply.body)).toBe(step.status);
      expect(reply.body.success).toBe(step.response.success);
      if (step.response.errors) {
        const got = reply.body.errors.map((e: { code: unknown; text: unknown }) => ({
          code: e.code,
          text: e.text,
        }));
        expect(got).toEqual(step.response.errors);
      } else {
        expect(mismatches(step.response.data, reply.body.data)).toEqual([]);
      }
      for (const [name, path] of Object.entries(step.capture ?? {})) {
        const value = dig(reply.body, path);
        expect(typeof value, `${path} to capture`).toBe('string');
        captured[name] = value as string;
      }
    },
  );

  for (const step of steps.filter((s) => s.awaits)) {
    it(`${step.endpoint}: ${Object.keys(step.awaits!.fields).join(', ')}`, (ctx) => {
      const data = answers.get(step)?.body.data as Record<string, unknown> | undefined;
      const fields = Object.keys(step.awaits!.fields);
      if (!data || !fields.some((f) => f in data))
        return ctx.skip(`${fields.join(', ')} are served by branch ${step.awaits!.branch}`);
      expect(mismatches(step.awaits!.fields, data)).toEqual([]);
    });
  }
});
