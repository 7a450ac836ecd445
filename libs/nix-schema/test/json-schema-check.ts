/**
 * A small JSON Schema (2020-12) checker for the keywords our export uses, so
 * tests can show the exported schema agrees with the zod schema without a
 * validator dependency. Unknown keywords fail loudly rather than pass silently.
 */
type Schema = Record<string, unknown>;

const KNOWN = new Set([
  '$schema',
  'title',
  'description',
  'default',
  'x-nixos-module',
  'type',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'items',
  'maxItems',
  'minimum',
  'maximum',
  'maxLength',
  'pattern',
  'not',
]);

function typeOk(type: string, value: unknown): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}

/** Paths (JSON-pointer-ish) where `value` violates `schema`; empty when it conforms. */
export function jsonSchemaErrors(schema: Schema, value: unknown, path = ''): string[] {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`json-schema-check: unsupported keyword ${key} at ${path}`);
  const errors: string[] = [];
  const fail = (why: string) => errors.push(`${path || '/'}: ${why}`);
  if (typeof schema['type'] === 'string' && !typeOk(schema['type'], value)) return [`${path || '/'}: not ${schema['type']}`];
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value)) fail('not in enum');
  if (schema['not'] && jsonSchemaErrors(schema['not'] as Schema, value, path).length === 0) fail('matches "not"');
  if (typeof value === 'number') {
    if (typeof schema['minimum'] === 'number' && value < schema['minimum']) fail('below minimum');
    if (typeof schema['maximum'] === 'number' && value > schema['maximum']) fail('above maximum');
  }
  if (typeof value === 'string') {
    if (typeof schema['maxLength'] === 'number' && [...value].length > schema['maxLength']) fail('too long');
    if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(value)) fail('pattern');
  }
  if (Array.isArray(value)) {
    if (typeof schema['maxItems'] === 'number' && value.length > schema['maxItems']) fail('too many items');
    if (schema['items']) value.forEach((v, i) => errors.push(...jsonSchemaErrors(schema['items'] as Schema, v, `${path}/${i}`)));
  }
  if (typeOk('object', value)) {
    const object = value as Record<string, unknown>;
    const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
    for (const name of (schema['required'] ?? []) as string[]) if (!(name in object)) fail(`missing ${name}`);
    for (const [name, v] of Object.entries(object)) {
      if (schema['propertyNames']) errors.push(...jsonSchemaErrors(schema['propertyNames'] as Schema, name, `${path}/${name}(name)`));
      if (properties[name]) errors.push(...jsonSchemaErrors(properties[name], v, `${path}/${name}`));
      else if (schema['additionalProperties'] === false) fail(`unknown ${name}`);
      else if (typeof schema['additionalProperties'] === 'object')
        errors.push(...jsonSchemaErrors(schema['additionalProperties'] as Schema, v, `${path}/${name}`));
    }
  }
  return errors;
}

/** Fills `default`s the way a form would: every absent property with a default gets it, recursively. */
export function applyJsonSchemaDefaults(schema: Schema, value: unknown): unknown {
  if (!typeOk('object', value)) return value;
  const object = { ...(value as Record<string, unknown>) };
  const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
  for (const [name, property] of Object.entries(properties)) {
    if (!(name in object) && 'default' in property) object[name] = structuredClone(property['default']);
    if (name in object) object[name] = applyJsonSchemaDefaults(property, object[name]);
  }
  if (typeof schema['additionalProperties'] === 'object') {
    for (const name of Object.keys(object)) {
      if (!(name in properties)) object[name] = applyJsonSchemaDefaults(schema['additionalProperties'] as Schema, object[name]);
    }
  }
  return object;
}
