import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ERRORS, ERROR_CODES, VENUE_TEXTS } from '@mockex/domain';
import { appRouter } from '@mockex/api';
import { createOpenApiDocument } from '@mockex/exchange';
import { anchor, renderErrorReference } from '../scripts/reference/errors.ts';
import { renderRestReference, type OpenApiDocument } from '../scripts/reference/openapi.ts';
import { renderKeyApiReference, type ProcedureLike, type RouterLike } from '../scripts/reference/key-api.ts';
import { escapeProse } from '../scripts/reference/markdown.ts';
import { generateReferences } from '../scripts/generate-references.ts';

describe('error reference', () => {
  const page = renderErrorReference(ERRORS, VENUE_TEXTS);

  it('documents every code of the catalogue with its status, message, cause and fix', () => {
    expect(ERROR_CODES.length).toBeGreaterThan(20);
    for (const code of ERROR_CODES) {
      const spec = ERRORS[code];
      const section = page.split(`### ${code} `)[1]?.split('\n### ')[0];
      expect(section, code).toBeDefined();
      expect(section).toContain(`**HTTP ${spec.status}** · \`${spec.message}\``);
      expect(section).toContain(`**Cause:** ${escapeProse(spec.cause)}`);
      expect(section).toContain(`**What to do:** ${escapeProse(spec.fix)}`);
      expect(page).toContain(`](#${anchor(code)})`);
    }
  });

  it('keeps the venue texts exact', () => {
    expect(page).toContain('`Invalid Authentication`');
    expect(page).toContain('`position not in sync with exchange`');
    expect(page).toContain('`Too many requests. Try again in {seconds} seconds.`');
    for (const text of ['order not found', 'Asset not found', 'insufficient balance', 'leverage not found'])
      expect(page).toContain(`\`${text}\``);
  });

  it('lists every venue text with its status and the code it travels under', () => {
    const section = page.split("## The venue's own texts")[1];
    expect(section).toBeDefined();
    for (const t of Object.values(VENUE_TEXTS)) {
      expect(section).toContain(
        `| \`${t.text}\` | ${ERRORS[t.reason].status} | [\`${t.reason}\`](#${anchor(t.reason)}) |`,
      );
    }
    expect(() =>
      renderErrorReference(ERRORS, { X: { reason: 'NOPE' as never, text: 'x', when: 'never' } }),
    ).toThrow(/unknown codes: x/);
  });

  it('refuses an empty catalogue and an unknown area', () => {
    expect(() => renderErrorReference({})).toThrow(/empty/);
    const odd = { X: { ...ERRORS.INVALID_REQUEST, area: 'elsewhere' as never } };
    expect(() => renderErrorReference(odd)).toThrow(/undocumented area: X/);
  });
});

describe('MDX safety', () => {
  it('escapes braces and angle brackets in prose but not in code spans', () => {
    expect(escapeProse('send `Bearer <token>` as {value} <b>')).toBe(
      'send `Bearer <token>` as &#123;value&#125; &lt;b&gt;',
    );
  });
});

const fixtureDocument: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 'Fixture', version: '0.0.1' },
  components: {
    schemas: {
      Funds: {
        type: 'object',
        properties: { balance: { type: 'string', example: '10' } },
        required: ['balance'],
      },
      Failure: {
        type: 'object',
        properties: {
          errors: {
            type: 'array',
            items: { type: 'object', properties: { reason: { type: 'string', enum: ['RATE_LIMITED'] } } },
          },
        },
      },
    },
  },
  paths: {
    '/fapi/v1/futures/funds': {
      get: {
        operationId: 'getFunds',
        summary: 'Futures balance',
        tags: ['Wallet'],
        'x-mockex-permission': 'READ_ONLY',
        parameters: [{ name: 'X-Mockex-Fault', in: 'header', schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'OK',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Funds' } } },
          },
          '429': {
            description: 'Too many',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Failure' } } },
          },
        },
      },
    },
    '/sandbox/v1/prices': {
      post: {
        operationId: 'setPrice',
        tags: ['Prices'],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { symbol: { type: 'string' }, price: { type: 'string', example: '100' } },
                required: ['symbol', 'price'],
              },
              example: { symbol: 'BTCUSDT', price: '100' },
            },
          },
        },
        responses: { '200': { description: 'Set' } },
      },
    },
  },
};

describe('REST reference generator', () => {
  it('renders operations, bodies, examples and error reasons from an OpenAPI document', () => {
    const page = renderRestReference(fixtureDocument);
    expect(page).toContain('#### GET `/fapi/v1/futures/funds` {/* #get-funds */}');
    expect(page).toContain('Needs a key with `READ_ONLY`.');
    expect(page).toContain('"balance": "10"');
    expect(page).toContain('[`RATE_LIMITED`](./errors.md#rate-limited)');
    expect(page).toContain('| `price` | `string` | yes |');
    expect(page).toContain('"symbol": "BTCUSDT"');
    expect(page.indexOf('## Exchange')).toBeLessThan(page.indexOf('## Sandbox'));
    expect(page).not.toMatch(/\| `X-Mockex-Fault` \|/);
  });

  it('fails on a document without operations or without one of the two surfaces', () => {
    expect(() => renderRestReference({ ...fixtureDocument, paths: {} })).toThrow(/no operations/);
    const onlyExchange = {
      ...fixtureDocument,
      paths: { '/fapi/v1/futures/funds': fixtureDocument.paths['/fapi/v1/futures/funds']! },
    };
    expect(() => renderRestReference(onlyExchange)).toThrow(/no \/sandbox\/v1 operations/);
  });
});

const schema = (json: object) => ({ toJSONSchema: () => json });
const guard = () => undefined;
const fixtureRouter: RouterLike = {
  _def: {
    procedures: {
      'keys.rotate': {
        _def: {
          type: 'mutation',
          inputs: [
            schema({
              type: 'object',
              properties: { id: { type: 'string' }, otp: { type: 'string', description: 'A 2FA code.' } },
              required: ['id', 'otp'],
            }),
          ],
          middlewares: [guard],
          meta: { summary: 'New secret for a key', errors: ['KEY_REVOKED'] },
        },
      },
      'auth.signUp': {
        _def: {
          type: 'mutation',
          inputs: [schema({ type: 'object', properties: { email: { type: 'string', format: 'email' } } })],
          middlewares: [],
        },
      },
      'keys.list': { _def: { type: 'query', inputs: [], middlewares: [guard] } },
    },
  },
};
const fixtureProtected: ProcedureLike = { _def: { type: 'query', inputs: [], middlewares: [guard] } };

describe('key API reference generator', () => {
  it('renders every procedure with its kind, session need, input and errors', () => {
    const page = renderKeyApiReference(fixtureRouter, fixtureProtected);
    expect(page.indexOf('### auth.signUp')).toBeLessThan(page.indexOf('### keys.list'));
    expect(page).toContain('**mutation** · needs a session token');
    expect(page).toContain('**mutation** · no session needed');
    expect(page).toContain('| `otp` | `string` | yes | A 2FA code. |');
    expect(page).toContain('[`KEY_REVOKED`](./errors.md#key-revoked)');
    expect(page).toContain('[`UNAUTHENTICATED`](./errors.md#unauthenticated)');
    expect(page).toContain('curl -G "$MOCKEX/trpc/keys.list"');
  });

  it('fails on an unknown error code and on inputs that are not zod schemas', () => {
    const bad = structuredClone({
      _def: { procedures: { 'x.y': { _def: { type: 'query', inputs: [], meta: { errors: ['NOPE'] } } } } },
    });
    expect(() => renderKeyApiReference(bad as RouterLike)).toThrow(/NOPE/);
    const notZod = {
      _def: { procedures: { 'x.y': { _def: { type: 'query', inputs: [{}] } } } },
    } as RouterLike;
    expect(() => renderKeyApiReference(notZod)).toThrow(/not a zod 4 schema/);
    expect(() => renderKeyApiReference({ _def: { procedures: {} } })).toThrow(/no procedures/);
  });
});

describe('generated pages from the real packages', () => {
  const out = mkdtempSync(join(tmpdir(), 'mockex-ref-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('covers every route of the OpenAPI document and every procedure of the router', async () => {
    await generateReferences(out);
    const rest = readFileSync(join(out, 'rest-api.md'), 'utf8');
    const keyApi = readFileSync(join(out, 'key-api.md'), 'utf8');
    const doc = createOpenApiDocument() as OpenApiDocument;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item).filter((m) =>
        ['get', 'post', 'patch', 'delete', 'put'].includes(m),
      )) {
        expect(rest, `${method} ${path}`).toContain(`#### ${method.toUpperCase()} \`${path}\``);
      }
    }
    for (const name of Object.keys((appRouter as unknown as RouterLike)._def.procedures)) {
      expect(keyApi, name).toContain(`### ${name} `);
    }
    const contract = [
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
    for (const procedure of contract) expect(keyApi).toContain(`### ${procedure} `);
  });
});
