/** JSON values, for NixOS option values carried in configs.json. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Merges NixOS option values the way the module system merges definitions of
 * list and attribute-set options: attribute sets recursively, lists
 * concatenated (duplicates dropped, order kept). Two different scalars for the
 * same option are a conflict, as in NixOS.
 */
export function mergeNixos(...values: JsonObject[]): JsonObject {
  const merge = (a: JsonValue, b: JsonValue, path: string): JsonValue => {
    if (isObject(a) && isObject(b)) {
      const out: JsonObject = { ...a };
      for (const [key, value] of Object.entries(b)) {
        out[key] = key in out ? merge(out[key], value, path === '' ? key : `${path}.${key}`) : value;
      }
      return out;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const seen = new Set(a.map((v) => JSON.stringify(v)));
      return [...a, ...b.filter((v) => !seen.has(JSON.stringify(v)))];
    }
    if (JSON.stringify(a) === JSON.stringify(b)) return a;
    throw new Error(`The NixOS option ${path} is defined twice with different values (${JSON.stringify(a)} and ${JSON.stringify(b)}).`);
  };
  return values.reduce<JsonObject>((acc, value) => merge(acc, value, '') as JsonObject, {});
}
