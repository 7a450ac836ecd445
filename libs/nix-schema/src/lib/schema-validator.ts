/**
 * The JSON Schema validator both sides share: ajv (draft 2020-12) with these
 * options. Browser-safe and free of ajv at run time: ajv is imported for its
 * types only, so importing "@clan/nix-schema" never pulls the compiler into a
 * bundle. Node code compiles with `new Ajv2020(SCHEMA_AJV_OPTIONS)`; the web
 * app runs the same validators as standalone code generated at build time
 * (its Content-Security-Policy forbids the `new Function` that ajv compiles
 * with; see docs/decisions/0008-web-libraries.md). The web imports this file
 * through its own entry, `@clan/nix-schema/schema-validator`, so the form's
 * chunk does not carry the zod schemas of the main entry.
 */
import type { ErrorObject } from 'ajv';
import { stableJson } from './stable-json';

export type SchemaErrorObject = ErrorObject;

/** A compiled validator: what `ajv.compile` returns, or an export of ajv's standalone code. */
export interface CompiledSchema {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * Options for `new Ajv2020(...)`. `strict: false` lets the schemas carry the
 * panel's annotations (`x-nixos-module`, `errorMessage`); `allErrors` lets a
 * form show every problem at once; formats are not checked (the schemas say
 * what they need with `pattern`); ajv's English messages are left out, the caller words its own.
 */
export const SCHEMA_AJV_OPTIONS = Object.freeze({ strict: false, allErrors: true, validateFormats: false, messages: false });

/** cyrb53: a fast 53-bit string hash (not cryptographic). */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * Names a schema by its content (keys sorted at every level), so a validator
 * generated at build time is found again for the equal schema the API serves.
 */
export function schemaFingerprint(schema: unknown): string {
  const text = stableJson(schema);
  return `s${hash53(text)}${text.length.toString(36)}`;
}

/** `/a~1b/0` → `["a/b", 0]`: an ajv instance path as path segments; array indices become numbers (read off `value`). */
export function instancePathSegments(pointer: string, value: unknown): (string | number)[] {
  if (!pointer) return [];
  const out: (string | number)[] = [];
  let cursor: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment = Array.isArray(cursor) && /^\d+$/.test(key) ? Number(key) : key;
    out.push(segment);
    cursor = cursor !== null && typeof cursor === 'object' ? (cursor as Record<string | number, unknown>)[segment] : undefined;
  }
  return out;
}

/** `#/properties/a~1b/maximum` → `["properties", "a/b", "maximum"]`. */
export function schemaPathSegments(schemaPath: string): string[] {
  const path = schemaPath.startsWith('#') ? schemaPath.slice(1) : schemaPath;
  if (!path) return [];
  return path
    .slice(1)
    .split('/')
    .map((raw) => {
      let text = raw;
      try {
        text = decodeURIComponent(raw);
      } catch {
        // not URI-encoded
      }
      return text.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

/** The value without `undefined` object members (a form's state has them; JSON has not). */
export function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value !== null && typeof value === 'object') {
    // A null prototype keeps a "__proto__" key an ordinary member.
    const out = Object.create(null) as Record<string, unknown>;
    for (const [key, child] of Object.entries(value)) if (child !== undefined) out[key] = withoutUndefined(child);
    return out;
  }
  return value;
}

/** Runs a compiled validator on a JSON value; the errors, or [] when it conforms. */
export function schemaErrors(validator: CompiledSchema, value: unknown): ErrorObject[] {
  return validator(withoutUndefined(value)) ? [] : [...(validator.errors ?? [])];
}
