import Ajv2020 from 'ajv/dist/2020';
import {
  SCHEMA_AJV_OPTIONS,
  instancePathSegments,
  schemaErrors,
  schemaFingerprint,
  schemaPathSegments,
  type CompiledSchema,
  type SchemaErrorObject,
} from '@clan/nix-schema/schema-validator';
import { validators as generated } from './generated/schema-validators';
import type { JsonPath, PathSegment } from './json-path';
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

// — compiled validators —

const validators = generated as Record<string, CompiledSchema | undefined>;
const compiled = new WeakMap<JsonSchema, CompiledSchema | null>();
let ajv: Ajv2020 | null = null;
let evalBlocked = false;

/**
 * The ajv validator of `schema`: the standalone one generated at build time
 * from the schemas the API serves (found by content), else compiled here.
 * Compiling needs `new Function`, which the panel's CSP forbids; a schema the
 * build did not know is then left to the server, which checks every write.
 */
function validatorFor(schema: JsonSchema, root: JsonSchema): CompiledSchema | null {
  const known = compiled.get(schema);
  if (known !== undefined) return known;
  let found: CompiledSchema | null = validators[schemaFingerprint(schema)] ?? null;
  if (!found && !evalBlocked) {
    try {
      ajv ??= new Ajv2020({ ...SCHEMA_AJV_OPTIONS });
      const own =
        root !== schema && (root.$defs || root.definitions) ? { ...schema, $defs: root.$defs, definitions: root.definitions } : schema;
      found = ajv.compile(own) as CompiledSchema;
    } catch (error) {
      if (error instanceof EvalError) evalBlocked = true;
      found = null;
    }
  }
  compiled.set(schema, found);
  return found;
}

/** Which validator `validate` runs for `schema`: generated at build time, compiled here, or none (left to the server). */
export function validatorKind(schema: JsonSchema, root: JsonSchema = schema): 'generated' | 'compiled' | 'none' {
  const validator = validatorFor(schema, root);
  if (!validator) return 'none';
  return Object.values(validators).includes(validator) ? 'generated' : 'compiled';
}

// — ajv errors in the panel's words —

/** Where an error sits in the schema, and the name the value there goes by. */
interface Located {
  schema: JsonSchema | boolean;
  label: string;
  /** `errorMessage` of a union the error's variant belongs to. */
  inherited?: JsonSchema['errorMessage'];
}

function childSchema(input: unknown): JsonSchema | boolean {
  return typeof input === 'boolean' ? input : input && typeof input === 'object' ? (input as JsonSchema) : {};
}

/** Walks the error's schema path down from the validated schema, naming values as the form labels them. */
function locate(error: SchemaErrorObject, top: JsonSchema, root: JsonSchema, label: string, instance: PathSegment[]): Located {
  const segments = schemaPathSegments(error.schemaPath);
  // The last segment is the failed keyword itself (or a false schema's place).
  const steps = segments.length && error.keyword !== 'false schema' ? segments.slice(0, -1) : segments;
  let at: Located = { schema: top, label };
  let depth = 0;
  for (let i = 0; i < steps.length; i++) {
    const schema = typeof at.schema === 'object' ? at.schema : {};
    const title = schema.title ?? at.label;
    const step = steps[i];
    if (step === 'properties' && i + 1 < steps.length) {
      const key = steps[++i];
      const child = childSchema(schema.properties?.[key]);
      at = { schema: child, label: titleOf(typeof child === 'object' ? resolveSchema(child, root).schema : {}, key) };
      depth++;
    } else if (step === 'items' || step === 'prefixItems' || step === 'additionalItems') {
      const items = step === 'prefixItems' ? (schema['prefixItems'] as unknown[])?.[Number(steps[++i])] : schema[step];
      const index = instance[depth];
      at = { schema: childSchema(items), label: `${title} entry ${typeof index === 'number' ? index + 1 : '?'}` };
      depth++;
    } else if (step === 'additionalProperties' || step === 'patternProperties') {
      const child = step === 'patternProperties' ? (schema['patternProperties'] as Record<string, unknown>)?.[steps[++i]] : schema[step];
      at = { schema: childSchema(child), label: String(instance[depth] ?? 'Value') };
      depth++;
    } else if (step === 'propertyNames') {
      const child = childSchema(schema.propertyNames);
      at = { schema: child, label: titleOf(typeof child === 'object' ? child : {}, 'Name') };
    } else if ((step === 'anyOf' || step === 'oneOf' || step === 'allOf') && i + 1 < steps.length) {
      const variant = (schema[step] as unknown[] | undefined)?.[Number(steps[++i])];
      at = { schema: childSchema(variant), label: title, inherited: schema.errorMessage ?? at.inherited };
    } else if (step === 'not' || step === 'then' || step === 'else' || step === 'if') {
      at = { schema: childSchema(schema[step]), label: title, inherited: schema.errorMessage ?? at.inherited };
    } else if ((step === '$defs' || step === 'definitions') && i + 1 < steps.length) {
      const table = (i === 0 ? root : schema)[step];
      at = { schema: childSchema(table?.[steps[++i]]), label: at.label };
    } else {
      break;
    }
  }
  return at;
}

const isNullSchema = (s: unknown) =>
  !!s && typeof s === 'object' && ((s as JsonSchema).type === 'null' || (s as JsonSchema).const === null);

/**
 * A union that no variant matched reports every variant's errors; keep those of
 * the variant closest to the value (of its type, then fewest errors; "or null" counts only for null),
 * as a person reads the field as that variant. A union of fixed values says so once.
 */
function pickVariants(errors: SchemaErrorObject[], top: JsonSchema, root: JsonSchema): SchemaErrorObject[] {
  const unions = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  const dropped = new Set<SchemaErrorObject>();
  const replaced = new Map<SchemaErrorObject, SchemaErrorObject>();
  for (const union of unions) {
    if (dropped.has(union)) continue;
    const prefix = `${union.schemaPath}/`;
    const inside = errors.filter((e) => e !== union && e.instancePath.startsWith(union.instancePath) && e.schemaPath.startsWith(prefix));
    const byVariant = new Map<number, SchemaErrorObject[]>();
    for (const e of inside) {
      const index = Number(e.schemaPath.slice(prefix.length).split('/')[0]);
      byVariant.set(index, [...(byVariant.get(index) ?? []), e]);
    }
    const unionSchema = locate({ ...union, schemaPath: `${union.schemaPath}/x` } as SchemaErrorObject, top, root, '', []).schema;
    const variants = (typeof unionSchema === 'object' ? (unionSchema[union.keyword] as unknown[] | undefined) : undefined) ?? [];
    const real = variants.map((v, i) => ({ v, i })).filter(({ v }) => !isNullSchema(v));
    const fixed =
      real.length > 0 &&
      real.every(
        ({ v }) => !!v && typeof v === 'object' && ((v as JsonSchema).const !== undefined || Array.isArray((v as JsonSchema).enum)),
      );
    // A variant of the value's own type beats one that fails on type; then the fewest errors.
    const cost = (i: number) => {
      const list = byVariant.get(i) ?? [];
      const wrongType = list.some(
        (e) => e.keyword === 'type' && e.instancePath === union.instancePath && e.schemaPath === `${prefix}${i}/type`,
      );
      return (wrongType ? 1e6 : 0) + list.length;
    };
    let best: number | null = null;
    if (!fixed) for (const { i } of real) if (best === null || cost(i) < cost(best)) best = i;
    for (const [index, list] of byVariant) if (index !== best) list.forEach((e) => dropped.add(e));
    if (fixed) {
      const allowed = real.flatMap(({ v }) =>
        (v as JsonSchema).const !== undefined ? [(v as JsonSchema).const] : ((v as JsonSchema).enum ?? []),
      );
      replaced.set(union, { ...union, keyword: 'enum', schemaPath: `${union.schemaPath}/enum`, params: { allowedValues: allowed } });
    } else {
      dropped.add(union);
    }
  }
  return errors.filter((e) => !dropped.has(e)).map((e) => replaced.get(e) ?? e);
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let cursor = value;
  for (const segment of path) {
    if (cursor === null || typeof cursor !== 'object') return undefined;
    cursor = (cursor as Record<string | number, unknown>)[segment];
  }
  return cursor;
}

function custom(at: Located, keyword: string): string | undefined {
  const own = typeof at.schema === 'object' ? (at.schema.errorMessage ?? at.inherited) : at.inherited;
  if (typeof own === 'string') return own;
  if (own && typeof own === 'object') return own[keyword];
  return undefined;
}

/** The sentence for one ajv error, or null for the wrappers whose inner errors say it better. */
function describe(
  error: SchemaErrorObject,
  at: Located,
  value: unknown,
  root: JsonSchema,
): { message: string; extraPath?: PathSegment[] } | null {
  const schema: JsonSchema = typeof at.schema === 'object' ? at.schema : {};
  const title = schema.title ?? at.label;
  const params = error.params as Record<string, unknown>;
  const own = (keyword: string, fallback: string) => custom(at, keyword) ?? fallback;
  switch (error.keyword) {
    case 'false schema':
      return { message: `${at.label} is not allowed here.` };
    case 'type': {
      const types = String(params['type']).split(',');
      return { message: own('type', typeMessage(title, types.find((t) => t !== 'null') ?? types[0])) };
    }
    case 'const':
      return { message: own('const', `${title} must be ${quote(schema.const)}.`) };
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[] | undefined) ?? schema.enum ?? [];
      return { message: own('enum', `${title} must be one of ${list(allowed)}${value === undefined ? '' : ` (got ${quote(value)})`}.`) };
    }
    case 'not':
      return { message: own('not', `${title} must not be ${quote(value)}.`) };
    case 'minLength':
      return {
        message: own(
          'minLength',
          schema.minLength === 1 ? `${title} must not be empty.` : `${title} must be at least ${schema.minLength} characters long.`,
        ),
      };
    case 'maxLength':
      return { message: own('maxLength', `${title} must be at most ${schema.maxLength} characters long.`) };
    case 'pattern':
      return {
        message: own(
          'pattern',
          value === ''
            ? `${title} must not be empty.`
            : `${title} is not in the expected form${schema.description ? ` (see the hint)` : ''}.`,
        ),
      };
    case 'minimum':
    case 'maximum': {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      const what = types.includes('integer') ? 'a whole number' : 'a number';
      return { message: own(error.keyword, range(title, what, schema.minimum, schema.maximum)) };
    }
    case 'exclusiveMinimum':
      return { message: own('exclusiveMinimum', `${title} must be more than ${schema.exclusiveMinimum}.`) };
    case 'exclusiveMaximum':
      return { message: own('exclusiveMaximum', `${title} must be less than ${schema.exclusiveMaximum}.`) };
    case 'multipleOf':
      return { message: own('multipleOf', `${title} must be a multiple of ${schema.multipleOf}.`) };
    case 'minItems': {
      const n = schema.minItems ?? 0;
      return { message: own('minItems', `${title} must list at least ${n} ${n === 1 ? 'entry' : 'entries'}.`) };
    }
    case 'maxItems': {
      const n = schema.maxItems ?? 0;
      return { message: own('maxItems', `${title} may list at most ${n} ${n === 1 ? 'entry' : 'entries'}.`) };
    }
    case 'uniqueItems': {
      const index = Math.max(Number(params['i']), Number(params['j']));
      const item = Array.isArray(value) ? value[index] : undefined;
      return { message: own('uniqueItems', `${title} lists ${quote(item)} more than once.`), extraPath: [index] };
    }
    case 'required': {
      const key = String(params['missingProperty']);
      const property = schema.properties?.[key];
      const propertyTitle = property ? titleOf(resolveSchema(property, root).schema, key) : titleOf({}, key);
      return { message: own('required', `${propertyTitle} is required.`), extraPath: [key] };
    }
    case 'anyOf':
    case 'oneOf':
    case 'allOf':
    case 'propertyNames':
    case 'if':
      return null;
    default:
      return { message: `${title} is not valid (${error.keyword}).` };
  }
}

/**
 * Checks `value` against `schema` with ajv and says what is wrong in sentences
 * like the panel's own ("Port must be a whole number from 1 to 65535."). The
 * server stays the authority: it also checks rules a schema cannot express.
 */
export function validate(
  schema: JsonSchema,
  value: unknown,
  options: { root?: JsonSchema; label?: string; required?: boolean } = {},
): ValidationIssue[] {
  const root = options.root ?? schema;
  const label = options.label ?? titleOf(resolveSchema(schema, root).schema);
  if (value === undefined) return options.required ? [{ path: [], message: `${label} is required.` }] : [];
  const validator = validatorFor(schema, root);
  if (!validator) return [];
  const errors = pickVariants(schemaErrors(validator, value), schema, root);
  const issues: ValidationIssue[] = [];
  // Unknown settings of one object make one sentence, where the first was found.
  const unknown = new Map<string, { issue: ValidationIssue; keys: string[]; at: Located }>();
  for (const error of errors) {
    const path = instancePathSegments(error.instancePath, value);
    const at = locate(error, schema, root, label, path);
    if (error.keyword === 'additionalProperties') {
      const group = `${error.instancePath}\u0000${error.schemaPath}`;
      const key = String((error.params as Record<string, unknown>)['additionalProperty']);
      const known = unknown.get(group);
      if (known) known.keys.push(key);
      else {
        const issue: ValidationIssue = { path, message: '' };
        unknown.set(group, { issue, keys: [key], at });
        issues.push(issue);
      }
      continue;
    }
    const propertyName = (error as { propertyName?: string }).propertyName;
    const where = propertyName === undefined ? path : [...path, propertyName];
    const subject = propertyName === undefined ? valueAt(value, path) : propertyName;
    const described = describe(error, at, subject, root);
    if (described) issues.push({ path: [...where, ...(described.extraPath ?? [])], message: described.message });
  }
  for (const { issue, keys, at } of unknown.values()) {
    const schemaAt: JsonSchema = typeof at.schema === 'object' ? at.schema : {};
    const title = schemaAt.title ?? at.label;
    const known = Object.keys(schemaAt.properties ?? {});
    issue.message =
      custom(at, 'additionalProperties') ??
      `${title} has unknown ${keys.length === 1 ? 'setting' : 'settings'} ${list(keys)}${known.length ? `; known settings are ${known.join(', ')}` : ''}.`;
  }
  return inValueOrder(issues, value, new Set([...unknown.values()].map((u) => u.issue)));
}

/**
 * ajv reports in the schema's property order; a person reads the form in the
 * value's: sort by where each issue's path sits in the value (missing required
 * fields first, an object's unknown settings after its fields), keeping ajv's
 * order among issues at one place.
 */
function inValueOrder(issues: ValidationIssue[], value: unknown, last: ReadonlySet<ValidationIssue>): ValidationIssue[] {
  const rank = (issue: ValidationIssue): number[] => {
    const out: number[] = [];
    let cursor: unknown = value;
    for (const segment of issue.path) {
      if (Array.isArray(cursor)) out.push(typeof segment === 'number' ? segment : -1);
      else if (cursor !== null && typeof cursor === 'object') out.push(Object.keys(cursor).indexOf(String(segment)));
      else out.push(-1);
      cursor = cursor !== null && typeof cursor === 'object' ? (cursor as Record<string | number, unknown>)[segment] : undefined;
    }
    out.push(last.has(issue) ? Infinity : -Infinity);
    return out;
  };
  const ranked = issues.map((issue, i) => ({ issue, key: rank(issue), i }));
  ranked.sort((a, b) => {
    for (let d = 0; d < Math.min(a.key.length, b.key.length); d++) if (a.key[d] !== b.key[d]) return a.key[d] - b.key[d];
    return a.i - b.i;
  });
  return ranked.map((r) => r.issue);
}

/** Issues under `prefix`, with paths made relative to it. */
export function issuesUnder(issues: readonly ValidationIssue[], prefix: JsonPath): ValidationIssue[] {
  return issues
    .filter((issue) => prefix.every((segment, i) => issue.path[i] === segment))
    .map((issue) => ({ path: issue.path.slice(prefix.length), message: issue.message }));
}
