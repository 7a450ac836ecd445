import { z } from 'zod';

/**
 * Field builders shared by the machine schema and the app catalog. Each one
 * attaches the title/description that generated forms show and the human
 * sentence every rule reports, so no zod default message ("Too small: …")
 * ever reaches a user.
 */

export interface FieldText {
  /** Short label, shown next to the form field and used as the subject of error sentences. */
  title: string;
  /** One or two sentences explaining the field. */
  description: string;
}

/** `value` for a sentence: JSON-quoted and cut short so a 10k-character input does not flood an error list. */
export function quoteValue(value: unknown, max = 60): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'number' && !Number.isFinite(input)) return String(input);
  return typeof input === 'object' ? 'an object' : `${typeof input} ${quoteValue(input, 30)}`;
}

/** The sentence for a value of the wrong type, or for a missing required field. */
function typeSentence(title: string, expected: string, input: unknown): string {
  if (input === undefined) return `${title} is required.`;
  return `${title} must be ${expected} (got ${describeInput(input)}).`;
}

const NUL = '\u0000';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Bytes the string takes as UTF-8, without TextEncoder (kept dependency-free for old browsers and speed). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Nix strings are C strings (a NUL cuts them short) and Nix's JSON parser
 * rejects unpaired surrogates, so these are the only characters that cannot
 * survive the trip through configs.json.
 */
function withTextSafety(schema: z.ZodString, title: string): z.ZodString {
  return schema
    .refine((s) => !s.includes(NUL), { error: `${title} must not contain NUL characters.` })
    .refine((s) => !LONE_SURROGATE.test(s), { error: `${title} contains a broken Unicode character (an unpaired surrogate).` });
}

export const FREE_TEXT_MAX_LENGTH = 100_000;

/** Arbitrary user text (welcome texts, display names): anything but NUL and broken Unicode survives unchanged. */
export function textSchema(text: FieldText, options: { maxLength?: number } = {}) {
  const max = options.maxLength ?? FREE_TEXT_MAX_LENGTH;
  const base = z
    .string({ error: (iss) => typeSentence(text.title, 'text', iss.input) })
    .max(max, { error: `${text.title} must be at most ${max} characters long.` });
  return withTextSafety(base, text.title);
}

export function textField(text: FieldText, defaultValue: string, options: { maxLength?: number } = {}) {
  return textSchema(text, options)
    .default(defaultValue)
    .meta({ ...text });
}

/** A string limited to a pattern; `rule` completes the sentence "<title> must …". */
export function patternSchema(text: FieldText, pattern: RegExp, rule: string, maxLength: number) {
  const error = `${text.title} must ${rule}.`;
  return z
    .string({ error: (iss) => typeSentence(text.title, 'text', iss.input) })
    .max(maxLength, { error: `${text.title} must be at most ${maxLength} characters long.` })
    .regex(pattern, { error });
}

/** RFC 1123 host name: dot-separated labels of letters, digits and "-" (case-insensitive, like DNS). */
export const HOSTNAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
export const HOSTNAME_MAX_LENGTH = 253;

export function hostnameSchema(text: FieldText) {
  return patternSchema(
    text,
    HOSTNAME_PATTERN,
    'be a host name such as "mumble.clan": dot-separated labels of letters, digits and "-" that neither start nor end with "-"',
    HOSTNAME_MAX_LENGTH,
  );
}

/** Linux refuses paths longer than PATH_MAX (4096 bytes including the terminating NUL). */
export const PATH_MAX_BYTES = 4095;

/**
 * An absolute path. Apart from NUL (impossible in a path) any character is
 * allowed: directory names with quotes, `${` or newlines are legal and must
 * reach NixOS unchanged.
 */
export function absolutePathSchema(text: FieldText) {
  const base = z
    .string({ error: (iss) => typeSentence(text.title, 'a path', iss.input) })
    .refine((s) => s.startsWith('/'), {
      error: (iss) => `${text.title} must be an absolute path starting with "/" (got ${quoteValue(iss.input)}).`,
    })
    .refine((s) => utf8Length(s) <= PATH_MAX_BYTES, { error: `${text.title} must be at most ${PATH_MAX_BYTES} bytes long.` });
  return withTextSafety(base, text.title);
}

export function booleanField(text: FieldText, defaultValue: boolean) {
  return z
    .boolean({ error: (iss) => typeSentence(text.title, 'true or false', iss.input) })
    .default(defaultValue)
    .meta({ ...text });
}

export function integerSchema(text: FieldText, min: number, max: number) {
  const rule = `${text.title} must be a whole number from ${min} to ${max}.`;
  return z
    .number({
      error: (iss) => (iss.input === undefined ? `${text.title} is required.` : `${rule.slice(0, -1)} (got ${describeInput(iss.input)}).`),
    })
    .int({ error: rule })
    .min(min, { error: rule })
    .max(max, { error: rule });
}

export function integerField(text: FieldText, min: number, max: number, defaultValue: number) {
  return integerSchema(text, min, max)
    .default(defaultValue)
    .meta({ ...text });
}

export function portSchema(text: FieldText) {
  const rule = `${text.title} must be a port number from 1 to 65535.`;
  return z
    .number({
      error: (iss) => (iss.input === undefined ? `${text.title} is required.` : `${rule.slice(0, -1)} (got ${describeInput(iss.input)}).`),
    })
    .int({ error: rule })
    .min(1, { error: rule })
    .max(65535, { error: rule });
}

export function portField(text: FieldText, defaultValue: number) {
  return portSchema(text)
    .default(defaultValue)
    .meta({ ...text });
}

/**
 * One of `values`. `reserved` maps values that are known but not supported
 * yet to the sentence explaining so (clearer than "must be one of").
 */
export function enumSchema<const T extends readonly [string, ...string[]]>(
  text: FieldText,
  values: T,
  reserved: Record<string, string> = {},
) {
  const list = values.map((v) => `"${v}"`).join(', ');
  return z.enum(values, {
    error: (iss) => {
      if (iss.input === undefined) return `${text.title} is required.`;
      if (typeof iss.input === 'string' && Object.prototype.hasOwnProperty.call(reserved, iss.input)) return reserved[iss.input];
      return `${text.title} must be one of ${list} (got ${describeInput(iss.input)}).`;
    },
  });
}

export function enumField<const T extends readonly [string, ...string[]]>(
  text: FieldText,
  values: T,
  defaultValue: T[number],
  reserved: Record<string, string> = {},
) {
  return enumSchema(text, values, reserved)
    .default(defaultValue)
    .meta({ ...text });
}

/**
 * A list whose items must be distinct (two identical shared folders or
 * backup paths are a typo, and NixOS would merge them anyway).
 */
export function uniqueListSchema<T extends z.ZodType<string>>(text: FieldText, item: T, maxItems = 256) {
  return z
    .array(item, { error: (iss) => typeSentence(text.title, 'a list', iss.input) })
    .max(maxItems, { error: `${text.title} may list at most ${maxItems} entries.` })
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((value, index) => {
        if (seen.has(value)) {
          ctx.addIssue({ code: 'custom', path: [index], message: `${text.title} lists ${quoteValue(value)} more than once.` });
        }
        seen.add(value);
      });
    });
}

export function uniqueListField<T extends z.ZodType<string>>(text: FieldText, item: T, maxItems = 256) {
  return uniqueListSchema(text, item, maxItems)
    .default(() => [])
    .meta({ ...text });
}

/**
 * An object that rejects unknown keys with a sentence naming them and the
 * allowed ones (a typo like "sharedFolder" must not be silently dropped);
 * `unknownKeys` replaces that sentence.
 */
export function strictObject<S extends z.ZodRawShape>(title: string, shape: S, unknownKeys?: (keys: string[]) => string) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys' && unknownKeys) return unknownKeys(iss.keys);
      if (iss.code === 'unrecognized_keys') {
        const keys = iss.keys.map((k) => quoteValue(k)).join(', ');
        const noun = iss.keys.length === 1 ? 'setting' : 'settings';
        const known = allowed.length ? `; known settings are ${allowed.join(', ')}` : '; it takes no settings';
        return `${title} has unknown ${noun} ${keys}${known}.`;
      }
      if (iss.code === 'invalid_type') return typeSentence(title, 'an object of settings', iss.input);
      return undefined;
    },
  });
}
