import { isPlainObject, jsonEqual, type JsonPath, type PathSegment } from './json-path';
import { resolveSchema, titleOf, type JsonSchema } from './json-schema';

/** One problem with a value, at a path relative to the validated value, in words for a person. */
export interface ValidationIssue {
  path: PathSegment[];
  message: string;
}

/** `"value"`, cut short so a long input does not flood the message. */
export function quote(value: unknown, max = 40): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function list(values: readonly unknown[]): string {
  return values.map((v) => quote(v)).join(', ');
}

/** Code points, as JSON Schema counts string length (an emoji is one character). */
function length(text: string): number {
  return Array.from(text).length;
}

const patterns = new Map<string, RegExp | null>();
function compile(pattern: string): RegExp | null {
  if (!patterns.has(pattern)) {
    let compiled: RegExp | null = null;
    try {
      compiled = new RegExp(pattern, 'u');
    } catch {
      try {
        compiled = new RegExp(pattern);
      } catch {
        compiled = null; // a pattern this browser cannot compile is left to the server
      }
    }
    patterns.set(pattern, compiled);
  }
  return patterns.get(pattern) ?? null;
}

function range(title: string, what: string, min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${title} must be ${what} from ${min} to ${max}.`;
  if (min !== undefined) return `${title} must be ${what} of at least ${min}.`;
  return `${title} must be ${what} of at most ${max}.`;
}

function typeMessage(title: string, type: string): string {
  switch (type) {
    case 'integer':
      return `${title} must be a whole number.`;
    case 'number':
      return `${title} must be a number.`;
    case 'string':
      return `${title} must be text.`;
    case 'boolean':
      return `${title} must be on or off (true or false).`;
    case 'array':
      return `${title} must be a list.`;
    case 'object':
      return `${title} must be a group of settings (a JSON object).`;
    default:
      return `${title} must be ${type}.`;
  }
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isPlainObject(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}

/** The sentence the schema itself gives for a failed keyword (ajv-errors' `errorMessage`), if any. */
function custom(schema: JsonSchema, keyword: string): string | undefined {
  const own = schema.errorMessage;
  if (typeof own === 'string') return own;
  if (own && typeof own === 'object') return own[keyword];
  return undefined;
}

interface Context {
  root: JsonSchema;
  issues: ValidationIssue[];
}

function check(input: JsonSchema | boolean | undefined, value: unknown, path: PathSegment[], label: string, ctx: Context): void {
  if (input === false) {
    ctx.issues.push({ path, message: `${label} is not allowed here.` });
    return;
  }
  const { schema, kind, nullable, variants } = resolveSchema(input, ctx.root);
  const title = schema.title ?? label;
  const report = (keyword: string, message: string, at: PathSegment[] = path) =>
    ctx.issues.push({ path: at, message: custom(schema, keyword) ?? message });

  if (value === null && nullable) return;

  if (kind === 'union') {
    let best: ValidationIssue[] | null = null;
    for (const variant of variants) {
      const inner: Context = { root: ctx.root, issues: [] };
      check(variant, value, path, title, inner);
      if (inner.issues.length === 0) return;
      if (!best || inner.issues.length < best.length) best = inner.issues;
    }
    ctx.issues.push(...(best ?? []));
    return;
  }
  if (kind === 'const') {
    if (!jsonEqual(value, schema.const)) report('const', `${title} must be ${quote(schema.const)}.`);
    return;
  }
  if (kind === 'enum') {
    if (!(schema.enum ?? []).some((option) => jsonEqual(option, value))) {
      report('enum', `${title} must be one of ${list(schema.enum ?? [])}${value === undefined ? '' : ` (got ${quote(value)})`}.`);
    }
    return;
  }
  if (schema.not && typeof schema.not === 'object') {
    const inner: Context = { root: ctx.root, issues: [] };
    check(schema.not, value, path, title, inner);
    if (inner.issues.length === 0) report('not', `${title} must not be ${quote(value)}.`);
  }

  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : kind === 'unknown' ? [] : [kind];
  if (types.length && !types.some((t) => hasType(value, t))) {
    report('type', typeMessage(title, types.find((t) => t !== 'null') ?? types[0]));
    return;
  }

  if (typeof value === 'string') {
    const n = length(value);
    if (schema.minLength !== undefined && n < schema.minLength) {
      report(
        'minLength',
        schema.minLength === 1 ? `${title} must not be empty.` : `${title} must be at least ${schema.minLength} characters long.`,
      );
    }
    if (schema.maxLength !== undefined && n > schema.maxLength) {
      report('maxLength', `${title} must be at most ${schema.maxLength} characters long.`);
    }
    const pattern = schema.pattern ? compile(schema.pattern) : null;
    if (pattern && !pattern.test(value)) {
      report(
        'pattern',
        value === ''
          ? `${title} must not be empty.`
          : `${title} is not in the expected form${schema.description ? ` (see the hint)` : ''}.`,
      );
    }
  }

  if (typeof value === 'number') {
    const what = types.includes('integer') ? 'a whole number' : 'a number';
    if (schema.minimum !== undefined && value < schema.minimum) {
      report('minimum', range(title, what, schema.minimum, schema.maximum));
    } else if (schema.maximum !== undefined && value > schema.maximum) {
      report('maximum', range(title, what, schema.minimum, schema.maximum));
    }
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
      report('exclusiveMinimum', `${title} must be more than ${schema.exclusiveMinimum}.`);
    }
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) {
      report('exclusiveMaximum', `${title} must be less than ${schema.exclusiveMaximum}.`);
    }
    if (schema.multipleOf && Math.abs(value / schema.multipleOf - Math.round(value / schema.multipleOf)) > 1e-9) {
      report('multipleOf', `${title} must be a multiple of ${schema.multipleOf}.`);
    }
  }

  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      report('minItems', `${title} must list at least ${schema.minItems} ${schema.minItems === 1 ? 'entry' : 'entries'}.`);
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      report('maxItems', `${title} may list at most ${schema.maxItems} ${schema.maxItems === 1 ? 'entry' : 'entries'}.`);
    }
    if (schema.uniqueItems) {
      value.forEach((item, i) => {
        if (value.slice(0, i).some((earlier) => jsonEqual(earlier, item))) {
          report('uniqueItems', `${title} lists ${quote(item)} more than once.`, [...path, i]);
        }
      });
    }
    if (schema.items !== undefined && schema.items !== true) {
      const items = schema.items;
      value.forEach((item, i) => check(items, item, [...path, i], `${title} entry ${i + 1}`, ctx));
    }
  }

  if (isPlainObject(value)) {
    const properties = schema.properties ?? {};
    for (const key of schema.required ?? []) {
      if (value[key] === undefined) {
        const property = properties[key];
        const propertyTitle = property ? titleOf(resolveSchema(property, ctx.root).schema, key) : titleOf({}, key);
        report('required', `${propertyTitle} is required.`, [...path, key]);
      }
    }
    const unknown: string[] = [];
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined) continue;
      if (schema.propertyNames) {
        const inner: Context = { root: ctx.root, issues: [] };
        check(schema.propertyNames, key, [...path, key], titleOf(schema.propertyNames, 'Name'), inner);
        ctx.issues.push(...inner.issues);
      }
      const property = properties[key];
      if (property) {
        check(property, child, [...path, key], titleOf(resolveSchema(property, ctx.root).schema, key), ctx);
      } else if (schema.additionalProperties === false) {
        unknown.push(key);
      } else if (typeof schema.additionalProperties === 'object') {
        check(schema.additionalProperties, child, [...path, key], key, ctx);
      }
    }
    if (unknown.length) {
      const known = Object.keys(properties);
      report(
        'additionalProperties',
        `${title} has unknown ${unknown.length === 1 ? 'setting' : 'settings'} ${list(unknown)}${
          known.length ? `; known settings are ${known.join(', ')}` : ''
        }.`,
      );
    }
  }
}

/**
 * Checks `value` against `schema` and says what is wrong in sentences like the
 * panel's own ("Port must be a whole number from 1 to 65535."). The server
 * stays the authority: it also checks rules a schema cannot express.
 */
export function validate(
  schema: JsonSchema,
  value: unknown,
  options: { root?: JsonSchema; label?: string; required?: boolean } = {},
): ValidationIssue[] {
  const root = options.root ?? schema;
  const label = options.label ?? titleOf(resolveSchema(schema, root).schema);
  if (value === undefined) return options.required ? [{ path: [], message: `${label} is required.` }] : [];
  const ctx: Context = { root, issues: [] };
  check(schema, value, [], label, ctx);
  return ctx.issues;
}

/** Issues under `prefix`, with paths made relative to it. */
export function issuesUnder(issues: readonly ValidationIssue[], prefix: JsonPath): ValidationIssue[] {
  return issues
    .filter((issue) => prefix.every((segment, i) => issue.path[i] === segment))
    .map((issue) => ({ path: issue.path.slice(prefix.length), message: issue.message }));
}
