/**
 * What a marketplace source may be (docs/marketplace.md, "Sources"): its
 * name, git URL and ref, checked with sentences a host admin can act on.
 */

export const SOURCE_URL_MAX_LENGTH = 1024;
/** Entries are addressed as /entries/<source>/…: the built-in apps' source has this name. */
export const BUILT_IN_SOURCE = 'built-in';

const NAME = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$|^\[[0-9a-f:.]+\]$/i;
const PATH_SEGMENT = /^[A-Za-z0-9._~+-]+$/;
const REF = /^[A-Za-z0-9._+-]+(\/[A-Za-z0-9._+-]+)*$/;

/** `https://user:token@host/…` → `https://***@host/…`, anywhere in a text (git's messages echo URLs). */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@');
}

export function sourceNameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || !NAME.test(name))
    return 'The name of a source must be 1 to 64 lower-case letters, digits and "-", starting and ending with a letter or digit (e.g. example-apps).';
  if (name === BUILT_IN_SOURCE) return `"${BUILT_IN_SOURCE}" is the name of the panel's own apps; choose another name.`;
  return null;
}

function pathProblem(path: string): string | null {
  const segments = path.split('/').slice(1);
  if (segments.length === 0 || segments.some((s) => s === '')) return 'The path of the source must not be empty or contain "//".';
  if (segments.some((s) => s === '.' || s === '..')) return 'The path of the source must not contain "." or ".." segments.';
  if (!segments.every((s) => PATH_SEGMENT.test(s)))
    return 'The path of the source may only use letters, digits and . _ ~ + - between its slashes.';
  return null;
}

/**
 * Why `url` cannot be a source's git URL, or null: `https://host/path`,
 * `http://host/path` (a mesh or loopback host), `file:///absolute/path` or an
 * absolute path. Never a user name, password or token (the URL is stored and
 * shown), a query or a fragment; nothing git could read as an option or
 * another transport.
 */
export function sourceUrlProblem(url: unknown): string | null {
  const SHAPE =
    'The URL of a source must be a git repository: https://host/path, http://host/path, file:///absolute/path or /absolute/path.';
  if (typeof url !== 'string' || url.trim() === '') return `${SHAPE} It is empty.`;
  if (url.length > SOURCE_URL_MAX_LENGTH) return `The URL of a source must be at most ${SOURCE_URL_MAX_LENGTH} characters long.`;
  if (/\s/.test(url) || [...url].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    return 'The URL of a source must not contain spaces or control characters.';
  if (url.startsWith('/')) return pathProblem(url);
  const m = /^(https?|file):\/\/([^/?#]*)(\/[^?#]*)?([?#].*)?$/.exec(url);
  if (!m) return SHAPE;
  const [, scheme, authority, path, rest] = m;
  if (authority.includes('@'))
    return 'The URL of a source must not contain a user name, password or token: it is stored and shown. Use a repository the host can read without them.';
  if (rest) return 'The URL of a source must not have a query ("?…") or a fragment ("#…").';
  if (scheme === 'file') {
    if (authority !== '') return 'A file:// URL needs an absolute path (three slashes: file:///…).';
    return path ? pathProblem(path) : SHAPE;
  }
  const host = authority.replace(/:(\d{1,5})$/, '');
  const port = authority.length > host.length ? Number(authority.slice(host.length + 1)) : null;
  if (!HOST.test(host)) return `"${host}" is not a host name.`;
  if (port !== null && (port < 1 || port > 65535)) return `${port} is not a port number (1 to 65535).`;
  return path && path !== '/' ? pathProblem(path) : 'The URL of a source must name a repository path after the host.';
}

/** Why `ref` cannot be followed, or null; null and absent mean the default branch. */
export function sourceRefProblem(ref: unknown): string | null {
  if (ref === null || ref === undefined) return null;
  if (
    typeof ref !== 'string' ||
    ref.length > 255 ||
    !REF.test(ref) ||
    ref.includes('..') ||
    ref.startsWith('-') ||
    ref.endsWith('.lock') ||
    ref.endsWith('.') ||
    ref.startsWith('refs/clan/')
  )
    return `${JSON.stringify(ref)} is not a branch or tag the panel can follow: use letters, digits and . _ + - / (e.g. main), or leave it out for the default branch.`;
  return null;
}
