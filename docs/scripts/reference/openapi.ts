/**
 * The REST reference of `/fapi/v1` and `/sandbox/v1`, rendered from the OpenAPI 3.1 document that the
 * exchange gateway builds from its validation schemas (`createOpenApiDocument()`, also served at
 * `/openapi.json`). A page generator of our own is lighter than an OpenAPI plugin and keeps the build
 * offline and fast.
 */
import { anchor as errorAnchor } from './errors.ts';
import { code, escapeProse, fencedJson, page, table } from './markdown.ts';
import {
  exampleOf,
  refResolver,
  schemaTable,
  typeName,
  type JsonSchema,
  type RefResolver,
} from './schema.ts';

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, JsonSchema>; [key: string]: unknown };
  tags?: { name: string; description?: string }[];
  [key: string]: unknown;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}

interface MediaType {
  schema?: JsonSchema;
  example?: unknown;
  examples?: Record<string, { value?: unknown; summary?: string }>;
}

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required?: boolean; description?: string; content?: Record<string, MediaType> };
  responses?: Record<string, { description?: string; content?: Record<string, MediaType> }>;
  security?: Record<string, string[]>[];
  [key: `x-${string}`]: unknown;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Sections of the page, in this order: the exchange first, then the sandbox. */
const SECTIONS = [
  { prefix: '/fapi/v1', title: 'Exchange: `/fapi/v1`' },
  { prefix: '/sandbox/v1', title: 'Sandbox control plane: `/sandbox/v1`' },
];

interface Entry {
  method: string;
  path: string;
  op: Operation;
}

export function renderRestReference(doc: OpenApiDocument): string {
  if (!doc || typeof doc !== 'object' || !doc.paths)
    throw new Error('createOpenApiDocument() did not return an OpenAPI document');
  const resolve = refResolver(doc);
  const entries: Entry[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as Operation | undefined;
      if (op) entries.push({ method, path, op });
    }
  }
  if (entries.length === 0) throw new Error('the OpenAPI document has no operations');
  for (const section of SECTIONS) {
    if (!entries.some((e) => e.path.startsWith(section.prefix))) {
      throw new Error(`the OpenAPI document has no ${section.prefix} operations`);
    }
  }

  const parts: string[] = [
    `Generated from the OpenAPI ${doc.openapi} document of ${escapeProse(doc.info.title)} ${code(doc.info.version)}, the one a running`,
    'server serves at `/openapi.json` and builds from the same schemas it validates requests with.',
    'Import that document into your HTTP tool of choice, or read it here.',
    '',
    'Exchange calls carry `X-Authentication: <your API secret>`; bodies are JSON; every number in a',
    'response is a string, and a request accepts numbers as JSON numbers or as numeric strings. See',
    '[Calling the exchange](../guides/calling-the-exchange.mdx) for the envelope and',
    '[the error reference](./errors.md) for every `reason`.',
    '',
    'Any exchange request may also carry `X-Mockex-Fault: <fault>` to be answered with that fault',
    '(`rate_limit`, `out_of_sync`, `server_error`, `maintenance`, `timeout`, `latency=<ms>`); see',
    '[Sandbox recipes](../guides/sandbox-and-faults.mdx).',
  ];
  const unsorted = entries.filter((e) => !SECTIONS.some((s) => e.path.startsWith(s.prefix)));
  for (const section of [...SECTIONS, ...(unsorted.length ? [{ prefix: '', title: 'Other routes' }] : [])]) {
    const inSection = section.prefix ? entries.filter((e) => e.path.startsWith(section.prefix)) : unsorted;
    parts.push('', `## ${escapeProse(section.title)}`);
    const byTag = new Map<string, Entry[]>();
    for (const e of inSection) {
      const tag = e.op.tags?.[0] ?? 'General';
      byTag.set(tag, [...(byTag.get(tag) ?? []), e]);
    }
    for (const [tag, list] of byTag) {
      const about = doc.tags?.find((t) => t.name === tag)?.description;
      parts.push('', `### ${escapeProse(tag)}`);
      if (about) parts.push('', escapeProse(about));
      for (const e of list) parts.push('', renderOperation(e, resolve));
    }
  }
  return page(
    {
      id: 'rest-api',
      title: 'REST reference: exchange and sandbox',
      description: 'Every route of /fapi/v1 and /sandbox/v1: parameters, bodies, responses and errors.',
      source: 'createOpenApiDocument() in @mockex/exchange',
    },
    parts.join('\n'),
  );
}

function renderOperation({ method, path, op }: Entry, resolve: RefResolver): string {
  const id = op.operationId ?? `${method}-${path}`;
  const out: string[] = [`#### ${method.toUpperCase()} ${code(path)} {/* #${slug(id)} */}`];
  if (op.summary) out.push('', `**${escapeProse(op.summary)}**`);
  if (op.description) out.push('', escapeProse(op.description));
  const facts: string[] = [];
  const permission = op['x-mockex-permission'];
  const group = op['x-mockex-rate-group'];
  if (permission === 'PUBLIC') facts.push('Public: no key; limited per caller address.');
  else {
    if (typeof permission === 'string') facts.push(`Needs a key with ${code(permission)}.`);
    if (typeof group === 'string') facts.push(`Rate-limit group ${code(group)}.`);
  }
  if (op.security?.some((s) => 'SandboxToken' in s))
    facts.push('Needs the sandbox token when the server has one.');
  if (facts.length) out.push('', facts.join(' '));

  // The sandbox's per-request fault header is on every exchange route; the page introduction covers it.
  const params = (op.parameters ?? [])
    .map((p) => ('$ref' in p ? (resolve(p.$ref) as unknown as Parameter) : p))
    .filter((p) => p.name.toLowerCase() !== 'x-mockex-fault');
  if (params.length) {
    out.push(
      '',
      table(
        ['Parameter', 'In', 'Type', 'Required', 'Notes'],
        params.map((p) => [
          code(p.name),
          p.in,
          code(p.schema ? typeName(p.schema, resolve) : 'string'),
          p.required ? 'yes' : 'no',
          escapeProse(p.description ?? p.schema?.description ?? ''),
        ]),
      ),
    );
  }

  const body = op.requestBody?.content?.['application/json'];
  if (body?.schema) {
    out.push(
      '',
      `Request body${op.requestBody?.required ? '' : ' (optional)'}:`,
      '',
      schemaTable(body.schema, resolve),
    );
    out.push('', 'Example:', '', fencedJson(mediaExample(body, resolve)));
  }

  const responses = Object.entries(op.responses ?? {});
  const success = responses.filter(([status]) => status.startsWith('2'));
  const failures = responses.filter(([status]) => !status.startsWith('2'));
  for (const [status, res] of success) {
    out.push('', `Response ${code(status)}${res.description ? `: ${escapeProse(res.description)}` : ''}`);
    const media = res.content?.['application/json'];
    if (media?.schema) out.push('', fencedJson(mediaExample(media, resolve)));
  }
  if (failures.length) {
    out.push('', 'Errors:', '');
    out.push(
      table(
        ['Status', 'Reasons'],
        failures.map(([status, res]) => [
          code(status),
          errorLinks(res, resolve) || escapeProse(res.description ?? ''),
        ]),
      ),
    );
  }
  return out.join('\n');
}

/** Links to the error reference for every `reason` an error response's examples name. */
function errorLinks(
  res: { description?: string; content?: Record<string, MediaType> },
  resolve: RefResolver,
): string {
  const media = res.content?.['application/json'];
  const reasons = new Set<string>();
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'reason' && typeof v === 'string') reasons.add(v);
        else collect(v);
      }
    }
  };
  if (media) {
    collect(media.example);
    for (const ex of Object.values(media.examples ?? {})) collect(ex.value);
    if (media.schema) collect(exampleOf(media.schema, resolve));
    const reasonEnum = findReasonEnum(media.schema, resolve);
    reasonEnum.forEach((r) => reasons.add(r));
  }
  return [...reasons].map((r) => `[${code(r)}](./errors.md#${errorAnchor(r)})`).join(', ');
}

/** The `reason` enum of an error envelope schema, when the document spells it out. */
function findReasonEnum(schema: JsonSchema | undefined, resolve: RefResolver, depth = 0): string[] {
  if (!schema || depth > 8) return [];
  const s = schema.$ref ? resolve(schema.$ref) : schema;
  const reason = s.properties?.reason;
  if (reason) {
    const r = reason.$ref ? resolve(reason.$ref) : reason;
    if (r.enum) return r.enum.filter((v): v is string => typeof v === 'string');
    if (typeof r.const === 'string') return [r.const];
  }
  const children = [
    ...Object.values(s.properties ?? {}),
    ...(Array.isArray(s.items) ? s.items : s.items ? [s.items] : []),
    ...(s.anyOf ?? []),
    ...(s.oneOf ?? []),
    ...(s.allOf ?? []),
  ];
  return children.flatMap((c) => findReasonEnum(c, resolve, depth + 1));
}

function mediaExample(media: MediaType, resolve: RefResolver): unknown {
  if (media.example !== undefined) return media.example;
  const first = Object.values(media.examples ?? {})[0];
  if (first?.value !== undefined) return first.value;
  return media.schema ? exampleOf(media.schema, resolve) : null;
}

function slug(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
