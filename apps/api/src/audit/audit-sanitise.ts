/**
 * Makes any audit entry storable, whatever the request carried: Postgres
 * refuses U+0000 (text and jsonb) and lone surrogates (jsonb), and control
 * characters make a log unreadable in a terminal. Pure, unit-tested.
 */

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Largest JSON text kept as an entry's details; a bigger one is summarised. */
export const MAX_DETAILS_CHARS = 32 * 1024;
const MAX_DEPTH = 8;

/** Control characters become visible escapes (`\u0000`), lone surrogates U+FFFD. Tab and newlines stay. */
export function sanitiseText(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 ? `\\u${code.toString(16).padStart(4, '0')}` : '\ufffd';
  });
}

/** `sanitiseText` on every string and property name; depth bounded (callers pass redacted, shallow values). */
export function sanitiseValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return sanitiseText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value !== 'object') return undefined;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((v) => sanitiseValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[sanitiseText(k)] = sanitiseValue(v, depth + 1);
  return out;
}

const clipName = (name: string) => (name.length > 100 ? `${name.slice(0, 100)}…` : name);

/** Sanitised details, summarised (top-level names and size) when their JSON is larger than MAX_DETAILS_CHARS. */
export function sanitiseDetails(details: Record<string, unknown>): Record<string, unknown> {
  const clean = sanitiseValue(details) as Record<string, unknown>;
  const size = JSON.stringify(clean).length;
  if (size <= MAX_DETAILS_CHARS) return clean;
  const summary: Record<string, unknown> = { summarised: `The details were ${size} characters of JSON; only their outline is kept.` };
  for (const [k, v] of Object.entries(clean).slice(0, 20)) {
    summary[k] =
      v !== null && typeof v === 'object'
        ? { properties: Object.keys(v).slice(0, 50).map(clipName), characters: JSON.stringify(v).length }
        : typeof v === 'string' && v.length > 200
          ? `${v.slice(0, 200)}…`
          : v;
  }
  return summary;
}
