/**
 * `--set key.path=value` and `--unset key.path`: parsing paths and values and
 * applying them to a JSON document. Pure; errors are UsageErrors (exit 2),
 * since they are mistakes on the command line.
 */
import { UsageError } from './errors';

export type PathSegment = string | number;
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** A plain key in dot notation; other keys need `["…"]`. */
const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;
const PLAIN_KEY_PREFIX = /^[A-Za-z0-9_-]+/;
/** Keys that would reach Object.prototype when assigned. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * `applications.syncthing.sharedFolders[0]` → `['applications', 'syncthing', 'sharedFolders', 0]`.
 * Keys are letters, digits, "_" and "-"; `[n]` indexes a list; `["any key"]` takes a JSON string.
 */
export function parsePath(text: string): PathSegment[] {
  const bad = (why: string) => new UsageError(`"${text}" is not a path: ${why} (e.g. applications.syncthing.sharedFolders[0])`);
  if (!text) throw bad('it is empty');
  const out: PathSegment[] = [];
  let rest = text;
  let first = true;
  while (rest) {
    if (rest.startsWith('[')) {
      const close = rest.startsWith('["') ? closingQuote(rest) : rest.indexOf(']');
      if (close < 0) throw bad('a "[" is not closed');
      const inner = rest.slice(1, close);
      if (/^\d+$/.test(inner)) out.push(Number(inner));
      else if (inner.startsWith('"')) {
        let key: unknown;
        try {
          key = JSON.parse(inner);
        } catch {
          key = undefined;
        }
        if (typeof key !== 'string') throw bad(`[${inner}] is not a quoted key`);
        out.push(checkKey(key, bad));
      } else throw bad(`[${inner}] must be a list index like [0] or a quoted key like ["my key"]`);
      rest = rest.slice(close + 1);
    } else {
      if (!first) {
        if (!rest.startsWith('.')) throw bad(`expected "." or "[" before "${rest}"`);
        rest = rest.slice(1);
      }
      const key = PLAIN_KEY_PREFIX.exec(rest)?.[0];
      if (!key) throw bad(rest ? `"${rest[0]}" cannot start a key (quote odd keys as ["…"])` : 'it ends with "."');
      out.push(checkKey(key, bad));
      rest = rest.slice(key.length);
    }
    first = false;
  }
  return out;
}

/** Index of the `]` that ends a `["…"]` segment (skipping escaped quotes), or -1. */
function closingQuote(text: string): number {
  for (let i = 2; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return text[i + 1] === ']' ? i + 1 : -1;
  }
  return -1;
}

function checkKey(key: string, bad: (why: string) => Error): string {
  if (FORBIDDEN_KEYS.has(key)) throw bad(`"${key}" cannot be used as a key`);
  return key;
}

/** The inverse of parsePath: `applications.syncthing.sharedFolders[0]`, `["odd key"].x`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** A `--set` value: JSON when it parses (numbers, booleans, null, lists, objects, "quoted"), else the text itself. */
export function parseValue(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/**
 * How to write a value so parseValue gives it back: text as is unless it
 * would read as JSON (or holds control characters), everything else as JSON.
 */
export function formatValue(value: Json): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  // eslint-disable-next-line no-control-regex -- control characters would break a one-line listing
  if (/[\u0000-\u001f\u007f]/.test(value)) return JSON.stringify(value);
  try {
    JSON.parse(value);
    return JSON.stringify(value);
  } catch {
    return value;
  }
}

export interface Assignment {
  path: PathSegment[];
  value: Json;
}

/** `key.path=value` (split at the first "="); the value may be empty. */
export function parseAssignment(text: string): Assignment {
  const eq = text.indexOf('=');
  if (eq < 0) throw new UsageError(`--set: "${text}" must look like key.path=value`);
  return { path: parsePath(text.slice(0, eq)), value: parseValue(text.slice(eq + 1)) };
}

function kind(value: Json | undefined): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property even for keys like "__proto__" (plain assignment would change the prototype instead). */
function assign(obj: JsonObject, key: string, value: Json): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

function own(obj: JsonObject, key: string): Json | undefined {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/**
 * Returns a copy of `root` with `value` at `path`. Missing objects and lists
 * on the way are created (a list when the next segment is an index); `[n]`
 * may replace an item or append at n = length, never leave a hole.
 */
export function setAt(root: Json, path: readonly PathSegment[], value: Json): Json {
  if (!path.length) return structuredClone(value);
  const copy = structuredClone(root);
  let container: Json = copy;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    const here = formatPath(path.slice(0, i)) || 'the top level';
    const next = path[i + 1];
    const fresh = (): Json => (typeof next === 'number' ? [] : {});
    if (typeof segment === 'number') {
      if (!Array.isArray(container)) throw new UsageError(`--set ${formatPath(path)}: ${here} is ${kind(container)}, not a list`);
      if (segment > container.length) {
        throw new UsageError(
          `--set ${formatPath(path)}: ${here} has ${container.length} item${container.length === 1 ? '' : 's'}; use [${container.length}] to append`,
        );
      }
      if (last) container[segment] = structuredClone(value);
      else {
        const child = container[segment];
        if (child === undefined || child === null) container[segment] = fresh();
        container = container[segment];
      }
    } else {
      if (!isObject(container)) throw new UsageError(`--set ${formatPath(path)}: ${here} is ${kind(container)}, not an object`);
      if (last) assign(container, segment, structuredClone(value));
      else {
        const child = own(container, segment);
        if (child === undefined || child === null) assign(container, segment, fresh());
        container = own(container, segment) as Json;
      }
    }
  }
  return copy;
}

/** Returns a copy of `root` without what `path` names (a list item is removed, later items move up). */
export function unsetAt(root: Json, path: readonly PathSegment[]): Json {
  if (!path.length) throw new UsageError('--unset needs a path');
  const copy = structuredClone(root);
  let container: Json | undefined = copy;
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i];
    container =
      typeof segment === 'number'
        ? Array.isArray(container)
          ? container[segment]
          : undefined
        : isObject(container)
          ? own(container, segment)
          : undefined;
  }
  const last = path[path.length - 1];
  const missing = new UsageError(`--unset ${formatPath(path)}: there is nothing there`);
  if (typeof last === 'number') {
    if (!Array.isArray(container) || last >= container.length) throw missing;
    container.splice(last, 1);
  } else {
    if (!isObject(container) || own(container, last) === undefined) throw missing;
    delete container[last];
  }
  return copy;
}

/** What is at `path`, or undefined. */
export function getAt(root: Json | undefined, path: readonly PathSegment[]): Json | undefined {
  let here: Json | undefined = root;
  for (const segment of path) {
    if (typeof segment === 'number') here = Array.isArray(here) ? here[segment] : undefined;
    else here = isObject(here) ? own(here, segment) : undefined;
    if (here === undefined) return undefined;
  }
  return here;
}

/**
 * Leaves of a document as `[path, value]`, in document order: objects are
 * walked, lists of plain values stay whole (one line), lists of objects are
 * walked by index; empty objects and lists are leaves.
 */
export function flatten(value: Json, prefix: PathSegment[] = []): [PathSegment[], Json][] {
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (!keys.length) return prefix.length ? [[prefix, value]] : [];
    return keys.flatMap((k) => flatten(value[k], [...prefix, k]));
  }
  if (Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null)) {
    return value.flatMap((item, i) => flatten(item, [...prefix, i]));
  }
  return [[prefix, value]];
}
