import { isPlainObject, type JsonPath } from './json-path';

/**
 * The part of JSON Schema (draft 2020-12) the panel's schemas use — what
 * libs/nix-schema produces with zod's toJSONSchema — plus `errorMessage`
 * (the ajv-errors convention) for a human sentence a pattern cannot carry.
 */
export interface JsonSchema {
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  examples?: unknown[];
  enum?: unknown[];
  const?: unknown;
  readOnly?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  items?: JsonSchema | boolean;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  not?: JsonSchema;
  errorMessage?: string | Record<string, string>;
  [keyword: string]: unknown;
}

export type FieldKind = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'const' | 'union' | 'unknown';

/** A schema with references, `allOf` and "or null" unions resolved, and the widget kind it needs. */
export interface ResolvedSchema {
  schema: JsonSchema;
  kind: FieldKind;
  /** The value may also be null (an `anyOf` with `{ type: "null" }`, or `type: [..., "null"]`). */
  nullable: boolean;
  /** For `union`: the variants, each resolved. */
  variants: JsonSchema[];
}

const ANNOTATIONS = ['title', 'description', 'default', 'examples', 'readOnly', 'errorMessage'] as const;

function follow(ref: string, root: JsonSchema): JsonSchema | undefined {
  if (ref === '#') return root;
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  if (!match) return undefined;
  const name = decodeURIComponent(match[2]).replace(/~1/g, '/').replace(/~0/g, '~');
  const table = match[1] === '$defs' ? root.$defs : root.definitions;
  return table?.[name];
}

/** Annotations of `outer` win over the referenced/merged schema (a property's title beats its type's). */
function withAnnotations(base: JsonSchema, outer: JsonSchema): JsonSchema {
  const merged: JsonSchema = { ...base };
  for (const key of ANNOTATIONS) if (outer[key] !== undefined) (merged as Record<string, unknown>)[key] = outer[key];
  return merged;
}

function mergeAll(parts: JsonSchema[]): JsonSchema {
  const merged: JsonSchema = {};
  for (const part of parts) {
    const { properties, required, ...rest } = part;
    Object.assign(merged, rest);
    if (properties) merged.properties = { ...merged.properties, ...properties };
    if (required) merged.required = [...new Set([...(merged.required ?? []), ...required])];
  }
  return merged;
}

const isNullSchema = (s: JsonSchema) => s.type === 'null' || (s.const === null && s.type === undefined);

function typeOf(schema: JsonSchema): { type: string | undefined; nullable: boolean } {
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((t) => t !== 'null');
    return { type: types[0], nullable: types.length !== schema.type.length };
  }
  return { type: schema.type, nullable: false };
}

/** Resolves `$ref`, `allOf` and nullable unions; decides the widget. Depth-limited against reference loops. */
export function resolveSchema(input: JsonSchema | boolean | undefined, root: JsonSchema, depth = 0): ResolvedSchema {
  let schema: JsonSchema = typeof input === 'object' && input !== null ? input : {};
  let nullable = false;
  for (let guard = 0; guard < 16 && depth < 32; guard++) {
    if (schema.$ref) {
      const { $ref, ...outer } = schema;
      schema = withAnnotations({ ...(follow($ref, root) ?? {}), ...outer }, outer);
      continue;
    }
    if (schema.allOf?.length) {
      const { allOf, ...outer } = schema;
      schema = withAnnotations(mergeAll([outer, ...allOf.map((part) => resolveSchema(part, root, depth + 1).schema)]), outer);
      continue;
    }
    const union = schema.anyOf ?? schema.oneOf;
    if (union?.length) {
      const outer: JsonSchema = { ...schema };
      delete outer.anyOf;
      delete outer.oneOf;
      const variants = union.filter((v) => !isNullSchema(v));
      if (variants.length !== union.length) nullable = true;
      if (variants.length === 1) {
        schema = withAnnotations({ ...outer, ...variants[0] }, outer);
        continue;
      }
      const resolved = variants.map((v) => resolveSchema(v, root, depth + 1).schema);
      // A union of fixed values is just a choice.
      if (resolved.every((v) => v.const !== undefined || Array.isArray(v.enum))) {
        const values = resolved.flatMap((v) => (v.const !== undefined ? [v.const] : (v.enum ?? [])));
        return { schema: { ...outer, enum: values }, kind: 'enum', nullable, variants: [] };
      }
      return { schema: outer, kind: 'union', nullable, variants: resolved };
    }
    break;
  }
  const typed = typeOf(schema);
  nullable ||= typed.nullable;
  let kind: FieldKind;
  if (schema.const !== undefined) kind = 'const';
  else if (Array.isArray(schema.enum)) kind = 'enum';
  else if (typed.type === 'object' || (!typed.type && (schema.properties || schema.additionalProperties))) kind = 'object';
  else if (typed.type === 'array' || (!typed.type && schema.items)) kind = 'array';
  else if (typed.type === 'string' || typed.type === 'integer' || typed.type === 'number' || typed.type === 'boolean') kind = typed.type;
  else kind = 'unknown';
  return { schema, kind, nullable, variants: [] };
}

/** "guiPort" → "Gui port": a label for properties that have no title. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : key;
}

export function titleOf(schema: JsonSchema, key?: string | number): string {
  if (schema.title) return schema.title;
  if (typeof key === 'number') return `Entry ${key + 1}`;
  return key ? humanize(key) : 'Value';
}

const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

/**
 * What a new, untouched value of `schema` looks like: its default, completed
 * with the defaults of its properties. Optional properties without a default
 * stay absent (an app that is not installed must not appear).
 */
export function defaultValue(input: JsonSchema | boolean | undefined, root: JsonSchema): unknown {
  const { schema, kind } = resolveSchema(input, root);
  if (schema.default !== undefined) return fillDefaults(input, clone(schema.default), root);
  if (kind === 'const') return clone(schema.const);
  if (kind === 'object') return fillDefaults(input, {}, root);
  return undefined;
}

/** `value` with every missing property that has a default (or is a required object) filled in. */
export function fillDefaults(input: JsonSchema | boolean | undefined, value: unknown, root: JsonSchema): unknown {
  if (value === undefined) return defaultValue(input, root);
  const { schema, kind } = resolveSchema(input, root);
  if (kind === 'object' && isPlainObject(value)) {
    const out: Record<string, unknown> = { ...value };
    const required = new Set(schema.required ?? []);
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      if (out[key] !== undefined) {
        out[key] = fillDefaults(property, out[key], root);
        continue;
      }
      const resolved = resolveSchema(property, root);
      if (resolved.schema.default === undefined && !(required.has(key) && resolved.kind === 'object')) continue;
      const filled = defaultValue(property, root);
      if (filled !== undefined) out[key] = filled;
    }
    return out;
  }
  if (kind === 'array' && Array.isArray(value) && typeof schema.items === 'object') {
    const items = schema.items;
    return value.map((item) => fillDefaults(items, item, root));
  }
  return value;
}

/** The schema that governs the value at `path`, or undefined when the schema says nothing about it. */
export function schemaAt(input: JsonSchema, path: JsonPath, root: JsonSchema = input): JsonSchema | undefined {
  let current: JsonSchema | undefined = input;
  for (const segment of path) {
    if (!current) return undefined;
    const { schema, kind } = resolveSchema(current, root);
    if (typeof segment === 'number') {
      current = kind === 'array' && typeof schema.items === 'object' ? schema.items : undefined;
    } else if (kind === 'object') {
      const property: JsonSchema | undefined = schema.properties?.[segment];
      current = property ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    } else {
      return undefined;
    }
  }
  return current;
}
