/**
 * What a request to a machine repository names, parsed from the URL path
 * alone (restic's REST backend, doc/100_references.rst "REST Backend"):
 * `/<networkId>/<machine>/` then `config`, `<type>/` or `<type>/<name>`.
 * Every segment must match a fixed pattern (a uuid, a DNS label, a fixed
 * type, 64 hex digits), and percent signs are refused outright, so no
 * request can name a file outside its repository.
 */

export const OBJECT_TYPES = ['data', 'index', 'keys', 'locks', 'snapshots'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

export type RepoTarget =
  { kind: 'root' } | { kind: 'config' } | { kind: 'list'; type: ObjectType } | { kind: 'object'; type: ObjectType; name: string };

export interface RepoRequestPath {
  networkId: string;
  machine: string;
  target: RepoTarget;
}

const NETWORK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A machine name is a DNS label (the same pattern as the panel's labels). */
const MACHINE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** restic names every file but `config` by the SHA-256 of its content. */
export const OBJECT_NAME = /^[0-9a-f]{64}$/;

function isObjectType(s: string): s is ObjectType {
  return (OBJECT_TYPES as readonly string[]).includes(s);
}

/** The repository and target a URL path names, or null when it names nothing a repository has. */
export function parseRepoPath(pathname: string): RepoRequestPath | null {
  if (!pathname.startsWith('/') || pathname.includes('%') || pathname.includes('\\')) return null;
  const [networkId, machine, ...rest] = pathname.slice(1).split('/');
  if (!networkId || !machine || !NETWORK_ID.test(networkId) || !MACHINE.test(machine)) return null;
  // A trailing slash is optional everywhere (restic lists with one, creates the repository with one).
  if (rest.length > 0 && rest[rest.length - 1] === '') rest.pop();
  const at = (target: RepoTarget): RepoRequestPath => ({ networkId, machine, target });
  if (rest.length === 0) return at({ kind: 'root' });
  const [first, name] = rest;
  if (rest.length === 1 && first === 'config') return at({ kind: 'config' });
  if (!first || !isObjectType(first)) return null;
  if (rest.length === 1) return at({ kind: 'list', type: first });
  if (rest.length === 2 && name && OBJECT_NAME.test(name)) return at({ kind: 'object', type: first, name });
  return null;
}

/** The repository of a machine, relative to the root of all machine repositories. */
export function repoRelativeDir(networkId: string, machine: string): string {
  return `${networkId}/${machine}`;
}

/** Where restic's local layout keeps a file: data packs under a directory named by their first two hex digits. */
export function objectRelativePath(type: ObjectType, name: string): string {
  return type === 'data' ? `data/${name.slice(0, 2)}/${name}` : `${type}/${name}`;
}

export type ByteRange = { start: number; end: number };

/**
 * The one byte range of a `Range: bytes=a-b` / `bytes=a-` / `bytes=-n` header
 * (restic asks for one range at a time). null: no usable Range header, serve
 * the whole file; 'unsatisfiable': answer 416.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, from, to] = m;
  if (from === '' && to === '') return null;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
