/** Keys that JSONPath (RFC 9535) allows in dot notation. */
const DOT_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `$.anna.applications.syncthing.sharedFolders[0]`; keys that are not plain
 * identifiers (machine names with "-", hostile keys) use bracket notation with
 * a JSON-quoted name: `$["anna-laptop"].resources`.
 */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = String(segment);
      out += DOT_KEY.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}
