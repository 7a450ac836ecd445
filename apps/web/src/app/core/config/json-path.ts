/** A location inside a JSON value: object keys and array indexes, outermost first. */
export type PathSegment = string | number;
export type JsonPath = readonly PathSegment[];

/** Keys that JSONPath (RFC 9535) allows in dot notation. */
const DOT_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `$.anna.applications.syncthing.sharedFolders[0]`, `$["anna-laptop"].resources`:
 * the notation the API's validation errors use (libs/nix-schema formatJsonPath),
 * so a path built here can be compared with one the API sent.
 */
export function formatJsonPath(path: JsonPath): string {
  let out = '$';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += DOT_KEY.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * The segments of a JSON path as the API writes it. Also accepts the looser
 * forms people and older panels write (`applications.syncthing`, `a[0].b`,
 * `$['x']`). Returns null when the text is not a path at all.
 */
export function parseJsonPath(text: string): PathSegment[] | null {
  let rest = text.trim();
  const segments: PathSegment[] = [];
  if (rest.startsWith('$')) rest = rest.slice(1);
  else if (rest && !rest.startsWith('[')) rest = `.${rest}`;
  while (rest.length) {
    if (rest.startsWith('.')) {
      const match = /^\.([^.[\]]+)/.exec(rest);
      if (!match) return null;
      segments.push(match[1]);
      rest = rest.slice(match[0].length);
    } else if (rest.startsWith('[')) {
      const index = /^\[(\d+)\]/.exec(rest);
      if (index) {
        segments.push(Number(index[1]));
        rest = rest.slice(index[0].length);
        continue;
      }
      const quoted = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest) ?? /^\['((?:[^'\\]|\\.)*)'\]/.exec(rest);
      if (!quoted) return null;
      try {
        segments.push(quoted[1].startsWith('"') ? (JSON.parse(quoted[1]) as string) : quoted[1].replace(/\\(.)/g, '$1'));
      } catch {
        return null;
      }
      rest = rest.slice(quoted[0].length);
    } else {
      return null;
    }
  }
  return segments;
}

/** `applications.syncthing.guiPort`: the dotted form the overrides route takes in `?path=`. */
export function dottedPath(path: JsonPath): string {
  return path.map(String).join('.');
}

export function startsWith(path: JsonPath, prefix: JsonPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function getAt(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (!isPlainObject(current) || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
      current = current[segment];
    }
  }
  return current;
}

/** A copy of `root` with the value at `path` replaced (or removed when `next` is undefined). */
export function setAt(root: unknown, path: JsonPath, next: unknown): unknown {
  if (path.length === 0) return next;
  const [head, ...tail] = path;
  if (typeof head === 'number') {
    const list = Array.isArray(root) ? [...root] : [];
    const child = setAt(list[head], tail, next);
    if (child === undefined && tail.length === 0) list.splice(head, 1);
    else list[head] = child;
    return list;
  }
  const object: Record<string, unknown> = isPlainObject(root) ? { ...root } : {};
  const child = setAt(object[head], tail, next);
  if (child === undefined) delete object[head];
  else object[head] = child;
  return object;
}

/** Structural equality of JSON values (key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Every leaf of a partial config (an override layer) with its path. Objects
 * are walked; arrays and scalars are leaves, because the local layer replaces
 * them whole.
 */
export function leaves(value: unknown, prefix: PathSegment[] = []): { path: PathSegment[]; value: unknown }[] {
  if (!isPlainObject(value)) return prefix.length ? [{ path: prefix, value }] : [];
  const keys = Object.keys(value);
  if (keys.length === 0) return prefix.length ? [{ path: prefix, value }] : [];
  return keys.flatMap((key) => leaves(value[key], [...prefix, key]));
}
