/**
 * Turns JSON Schema (from the OpenAPI document, or from zod's `toJSONSchema`) into short type names and
 * field tables for the reference pages. Only the parts of JSON Schema that zod and zod-to-openapi emit
 * are handled; anything else is shown as its raw `type`, never dropped silently.
 */
import { code, escapeProse, table } from './markdown.ts';

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  description?: string;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  example?: unknown;
  examples?: unknown[];
  [key: string]: unknown;
}

export type RefResolver = (ref: string) => JsonSchema;

export const noRefs: RefResolver = (ref) => {
  throw new Error(`unexpected $ref ${ref} in a schema without definitions`);
};

/** A resolver over `#/components/schemas/...` or `#/$defs/...` inside `root`. */
export function refResolver(root: object): RefResolver {
  return (ref) => {
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
    let node: unknown = root;
    for (const part of ref.slice(2).split('/')) {
      node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    if (!node || typeof node !== 'object') throw new Error(`$ref ${ref} does not resolve`);
    return node as JsonSchema;
  };
}

function deref(schema: JsonSchema, resolve: RefResolver): JsonSchema {
  let current = schema;
  for (let hops = 0; current.$ref; hops++) {
    if (hops > 20) throw new Error(`$ref cycle at ${schema.$ref}`);
    current = { ...resolve(current.$ref), ...withoutRef(current) };
  }
  return current;
}

function withoutRef(schema: JsonSchema): JsonSchema {
  const { $ref: _ref, ...rest } = schema;
  return rest;
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** A one-line type such as `string`, `"LONG" | "SHORT"`, `Order[]`, `object | null`. */
export function typeName(schema: JsonSchema, resolve: RefResolver): string {
  if (schema.$ref) return refName(schema.$ref);
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return [...new Set(union.map((s) => typeName(s, resolve)))].join(' | ');
  if (schema.allOf) return schema.allOf.map((s) => typeName(s, resolve)).join(' & ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const names = types.map((t) => {
    if (t === 'array') {
      const items = Array.isArray(schema.items) ? undefined : schema.items;
      if (schema.prefixItems) return `[${schema.prefixItems.map((s) => typeName(s, resolve)).join(', ')}]`;
      return items ? `${wrap(typeName(items, resolve))}[]` : 'array';
    }
    if (t === 'string' && schema.format) return `string (${schema.format})`;
    return t;
  });
  if (schema.nullable) names.push('null');
  if (names.length === 0) return schema.properties ? 'object' : 'any';
  return names.join(' | ');
}

function wrap(name: string): string {
  return name.includes(' ') ? `(${name})` : name;
}

/** Constraints worth telling a caller: lengths, ranges, patterns, defaults. */
function constraints(schema: JsonSchema): string[] {
  const out: string[] = [];
  const { minLength: min, maxLength: max } = schema;
  if (min && max !== undefined) out.push(`${min}–${max} characters`);
  else if (max !== undefined) out.push(`at most ${max} characters`);
  else if (min) out.push(`at least ${min} characters`);
  if (schema.minimum !== undefined) out.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) out.push(`≤ ${schema.maximum}`);
  if (schema.minItems !== undefined) out.push(`at least ${schema.minItems} item(s)`);
  if (schema.maxItems !== undefined) out.push(`at most ${schema.maxItems} item(s)`);
  // A format (email, uuid, ...) says it better than the regular expression that implements it.
  if (schema.pattern && !schema.format) out.push(`matches ${code(schema.pattern)}`);
  if (schema.default !== undefined) out.push(`default ${code(JSON.stringify(schema.default))}`);
  return out;
}

/** The object behind a schema, looking through `$ref`, `allOf` and a nullable union. */
function objectOf(schema: JsonSchema, resolve: RefResolver): JsonSchema | undefined {
  const s = deref(schema, resolve);
  if (s.properties) return s;
  if (s.allOf) {
    const merged: JsonSchema = { properties: {}, required: [] };
    for (const part of s.allOf) {
      const o = objectOf(part, resolve);
      if (!o) return undefined;
      Object.assign(merged.properties!, o.properties);
      merged.required!.push(...(o.required ?? []));
    }
    return merged;
  }
  const union = s.anyOf ?? s.oneOf;
  if (union) {
    const objects = union.filter((u) => deref(u, resolve).type !== 'null');
    if (objects.length === 1) return objectOf(objects[0]!, resolve);
  }
  if (s.type === 'array' || (Array.isArray(s.type) && s.type.includes('array'))) {
    const items = Array.isArray(s.items) ? undefined : s.items;
    return items ? objectOf(items, resolve) : undefined;
  }
  return undefined;
}

/** A description followed by constraints: "The label. 1–50 characters; default …". */
export function joinNotes(description: string, facts: string[]): string {
  const rest = facts.join('; ');
  if (!description) return rest ? rest.charAt(0).toUpperCase() + rest.slice(1) + '.' : '';
  if (!rest) return description;
  return `${/[.!?]$/.test(description) ? description : `${description}.`} ${rest.charAt(0).toUpperCase()}${rest.slice(1)}.`;
}

export interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  notes: string;
}

/** Flattens an object schema into rows, nested fields as `parent.child` (arrays as `parent[].child`). */
export function fieldRows(
  schema: JsonSchema,
  resolve: RefResolver,
  prefix = '',
  depth = 0,
  seen = new Set<string>(),
): FieldRow[] {
  const object = objectOf(schema, resolve);
  if (!object?.properties || depth > 5) return [];
  const required = new Set(object.required ?? []);
  const rows: FieldRow[] = [];
  for (const [name, raw] of Object.entries(object.properties)) {
    const field = deref(raw, resolve);
    const path = `${prefix}${name}`;
    const notes = joinNotes(field.description ? escapeProse(field.description) : '', constraints(field));
    rows.push({ name: path, type: typeName(raw, resolve), required: required.has(name), notes });
    const ref = raw.$ref ?? '';
    if (ref && seen.has(ref)) continue;
    const isArray = field.type === 'array' || (Array.isArray(field.type) && field.type.includes('array'));
    const childSeen = ref ? new Set([...seen, ref]) : seen;
    rows.push(...fieldRows(raw, resolve, `${path}${isArray ? '[]' : ''}.`, depth + 1, childSeen));
  }
  return rows;
}

/** A field table, or a one-line type when the schema is not an object. */
export function schemaTable(schema: JsonSchema, resolve: RefResolver): string {
  const rows = fieldRows(schema, resolve);
  if (rows.length === 0) return `Type: ${code(typeName(schema, resolve))}`;
  return table(
    ['Field', 'Type', 'Required', 'Notes'],
    rows.map((r) => [code(r.name), code(r.type), r.required ? 'yes' : 'no', r.notes]),
  );
}

/** An example value: the schema's own example when it has one, else a placeholder built from the types. */
export function exampleOf(schema: JsonSchema, resolve: RefResolver, depth = 0): unknown {
  const s = deref(schema, resolve);
  if (s.example !== undefined) return s.example;
  if (s.examples?.length) return s.examples[0];
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  if (depth > 6) return null;
  const union = s.anyOf ?? s.oneOf;
  if (union?.length) {
    const nonNull = union.find((u) => deref(u, resolve).type !== 'null') ?? union[0]!;
    return exampleOf(nonNull, resolve, depth + 1);
  }
  const object = objectOf(s, resolve);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (type === 'array') {
    const items = Array.isArray(s.items) ? undefined : s.items;
    return items ? [exampleOf(items, resolve, depth + 1)] : [];
  }
  if (object?.properties) {
    return Object.fromEntries(
      Object.entries(object.properties).map(([k, v]) => [k, exampleOf(v, resolve, depth + 1)]),
    );
  }
  if (type === 'string')
    return s.format === 'date-time'
      ? '2026-01-01T00:00:00.000Z'
      : s.format === 'email'
        ? 'trader@example.com'
        : '…';
  if (type === 'integer' || type === 'number') return s.minimum ?? 1;
  if (type === 'boolean') return true;
  if (type === 'null') return null;
  return null;
}
