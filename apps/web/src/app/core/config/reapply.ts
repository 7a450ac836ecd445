import { isPlainObject, jsonEqual, type PathSegment, setAt } from './json-path';

/** One change a person made to a JSON document: the value now at `path` (undefined: removed). */
export interface JsonEdit {
  path: PathSegment[];
  value: unknown;
}

/**
 * What changed from `before` to `after`, as the smallest set of edits: objects
 * are compared key by key; arrays and scalars are replaced whole (as the
 * configuration layers merge them).
 */
export function editsBetween(before: unknown, after: unknown, path: PathSegment[] = []): JsonEdit[] {
  if (jsonEqual(before, after)) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => editsBetween(before[key], after[key], [...path, key]));
  }
  return [{ path, value: after === undefined ? undefined : structuredClone(after) }];
}

/** `base` with the edits made on top (a fresh copy; `base` is left alone). */
export function applyEdits<T>(base: T, edits: readonly JsonEdit[]): T {
  let out: unknown = structuredClone(base);
  for (const edit of edits) out = setAt(out, edit.path, edit.value);
  return out as T;
}
