/**
 * The key-API reference, rendered from the tRPC router itself: every procedure of `appRouter`, its kind,
 * its input and output schemas (zod 4's JSON Schema export) and the error codes it declares. Reading
 * `_def.procedures` is the documented shape of a built tRPC v11 router.
 */
import type { ProcedureMeta } from '@mockex/api';
import { ERRORS, type ErrorCode } from '@mockex/domain';
import { anchor as errorAnchor } from './errors.ts';
import { code, escapeProse, page, table } from './markdown.ts';
import { exampleOf, refResolver, schemaTable, type JsonSchema } from './schema.ts';

/** A zod 4 schema, seen only through the method the reference needs. */
interface ZodLike {
  toJSONSchema(params?: {
    io?: 'input' | 'output';
    unrepresentable?: 'any' | 'throw';
    target?: string;
  }): JsonSchema;
}

/** What `.meta()` of a procedure carries; declared once, in @mockex/api. */
export type { ProcedureMeta };

export interface ProcedureLike {
  _def: {
    type: 'query' | 'mutation' | 'subscription';
    inputs: unknown[];
    output?: unknown;
    meta?: ProcedureMeta;
    middlewares?: unknown[];
  };
}

export interface RouterLike {
  _def: { procedures: Record<string, ProcedureLike> };
}

function isZod(value: unknown): value is ZodLike {
  return !!value && typeof (value as ZodLike).toJSONSchema === 'function';
}

function jsonSchemaOf(parser: unknown, io: 'input' | 'output', where: string): JsonSchema {
  if (!isZod(parser)) throw new Error(`${where} is not a zod 4 schema, so it cannot be documented`);
  return parser.toJSONSchema({ io, unrepresentable: 'any', target: 'draft-2020-12' });
}

/** Several `.input()` calls merge their objects, as tRPC does at run time. */
function mergedInput(inputs: unknown[], path: string): JsonSchema | undefined {
  if (inputs.length === 0) return undefined;
  const schemas = inputs.map((p, i) => jsonSchemaOf(p, 'input', `the input #${i + 1} of ${path}`));
  if (schemas.length === 1) return schemas[0];
  return { allOf: schemas };
}

/**
 * Whether a procedure was built on `protectedProcedure`: it then runs every middleware of that builder.
 * Read from the procedures themselves so the page cannot claim a call is public when it is not.
 */
function needsSession(
  def: ProcedureLike['_def'],
  protectedBuilder: ProcedureLike | undefined,
): boolean | undefined {
  const guards = protectedBuilder?._def.middlewares;
  if (!guards?.length || !def.middlewares) return undefined;
  return guards.every((guard) => def.middlewares!.includes(guard));
}

export function renderKeyApiReference(router: RouterLike, protectedBuilder?: ProcedureLike): string {
  const procedures = router?._def?.procedures;
  if (!procedures || typeof procedures !== 'object')
    throw new Error('appRouter is not a tRPC router (no _def.procedures)');
  const paths = Object.keys(procedures).sort(byArea);
  if (paths.length === 0) throw new Error('appRouter has no procedures');

  const parts: string[] = [
    'Generated from the tRPC router (`appRouter` in `@mockex/api`) and the zod schemas its procedures',
    'validate input with. The API has no transformer, so plain JSON works from any HTTP client:',
    '',
    '- a **query** is `GET /trpc/<procedure>?input=<URL-encoded JSON>`;',
    '- a **mutation** is `POST /trpc/<procedure>` with the JSON input as the body;',
    '- success is `{"result": {"data": ...}}`; a signed-in call sends `Authorization: Bearer <token>`;',
    '- a failure carries `error.data.appCode` and `error.data.httpStatus` (see [the error reference](./errors.md)),',
    '  plus the field-by-field issues when the input was invalid.',
    '',
    'From TypeScript, `createKeyApiClient({ url, token })` from `@mockex/client` gives the same procedures, fully typed.',
    '',
    table(
      ['Procedure', 'Kind', 'Summary'],
      paths.map((p) => [
        `[${code(p)}](#${slug(p)})`,
        procedures[p]!._def.type,
        escapeProse(procedures[p]!._def.meta?.summary ?? ''),
      ]),
    ),
  ];

  let area = '';
  for (const path of paths) {
    const def = procedures[path]!._def;
    const top = path.split('.')[0] ?? path;
    if (top !== area) {
      area = top;
      parts.push('', `## ${code(area)}`);
    }
    parts.push('', `### ${path} {/* #${slug(path)} */}`, '');
    const meta = { ...def.meta, auth: def.meta?.auth ?? needsSession(def, protectedBuilder) };
    const facts = [`**${def.type}**`];
    if (meta.auth !== undefined) facts.push(meta.auth ? 'needs a session token' : 'no session needed');
    parts.push(facts.join(' · '));
    if (meta.summary) parts.push('', escapeProse(meta.summary));
    if (meta.description) parts.push('', escapeProse(meta.description));

    const input = mergedInput(def.inputs, path);
    parts.push('', '**Input**', '');
    if (input) {
      const resolve = refResolver(input);
      parts.push(schemaTable(input, resolve));
      parts.push('', callExample(path, def.type, exampleOf(input, resolve), meta.auth));
    } else {
      parts.push('None.', '', callExample(path, def.type, undefined, meta.auth));
    }

    if (def.output !== undefined) {
      const output = jsonSchemaOf(def.output, 'output', `the output of ${path}`);
      parts.push('', '**Output** (the value of `result.data`)', '', schemaTable(output, refResolver(output)));
    }

    const errors = meta.errors ?? [];
    const unknown = errors.filter((e) => !(e in ERRORS));
    if (unknown.length)
      throw new Error(`${path} declares errors missing from the catalogue: ${unknown.join(', ')}`);
    // Besides what a procedure declares: any input can be invalid, and any signed-in call can lack a session.
    const listed = [...errors];
    if (meta.auth && !listed.includes('UNAUTHENTICATED')) listed.push('UNAUTHENTICATED');
    if (input && !listed.includes('INVALID_REQUEST')) listed.push('INVALID_REQUEST');
    if (listed.length) {
      parts.push(
        '',
        '**Errors**',
        '',
        table(
          ['appCode', 'Status', 'When'],
          listed.map((e) => [
            `[${code(e)}](./errors.md#${errorAnchor(e)})`,
            String(ERRORS[e as ErrorCode].status),
            escapeProse(ERRORS[e as ErrorCode].cause),
          ]),
        ),
      );
    }
  }
  return page(
    {
      id: 'key-api',
      title: 'Key API reference',
      description: 'Every procedure of the Mockex key API (tRPC at /trpc): input, output and errors.',
      source: 'appRouter in @mockex/api',
    },
    parts.join('\n'),
  );
}

const AREA_ORDER = ['auth', 'account', 'keys', 'audit'];

function byArea(a: string, b: string): number {
  const rank = (p: string) => {
    const i = AREA_ORDER.indexOf(p.split('.')[0] ?? '');
    return i === -1 ? AREA_ORDER.length : i;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

function callExample(path: string, type: string, input: unknown, auth: boolean | undefined): string {
  const authHeader = auth === false ? '' : ' \\\n  -H "Authorization: Bearer $TOKEN"';
  if (type === 'query') {
    const query = input === undefined ? '' : ` \\\n  --data-urlencode 'input=${JSON.stringify(input)}'`;
    return ['```bash', `curl -G "$MOCKEX/trpc/${path}"${authHeader}${query}`, '```'].join('\n');
  }
  // tRPC refuses a mutation without a JSON content type (415), even when it takes no input.
  const body = ` \\\n  -H 'Content-Type: application/json'${input === undefined ? '' : ` \\\n  -d '${JSON.stringify(input)}'`}`;
  return ['```bash', `curl -X POST "$MOCKEX/trpc/${path}"${authHeader}${body}`, '```'].join('\n');
}

function slug(path: string): string {
  return path.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
