import { clanFlakeUrlProblem } from '@clan/nix-schema';

/** The longest upstream accepted (the same bound as the cLAN flake URL). */
export const UPSTREAM_MAX_LENGTH = 1024;

const GIT_FILE = /^git\+file:\/\/(\/[^?#]*)\?ref=([^&#]+)$/;
const GIT_HTTPS = /^git\+https:\/\/([^/?#]*)(\/[^?#]*)\?ref=([^&#]+)$/;
/** A path of plain segments: letters, digits and . _ ~ + - (no `..`, no empty segment). */
const PATH_SEGMENT = /^[A-Za-z0-9._~+-]+$/;
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$/i;
/** A branch name git accepts, kept to a safe alphabet. */
const BRANCH = /^[A-Za-z0-9._+-]+(\/[A-Za-z0-9._+-]+)*$/;

const SHAPE =
  'The upstream must be a git flake URL that names a branch: git+file:///absolute/path?ref=<branch> or git+https://host/path?ref=<branch>.';

function pathProblem(path: string, what: string): string | null {
  const segments = path.split('/').slice(1);
  if (segments.length === 0 || segments.some((s) => s === '')) return `The ${what} of the upstream must not be empty or contain "//".`;
  if (segments.some((s) => s === '.' || s === '..')) return `The ${what} of the upstream must not contain "." or ".." segments.`;
  if (!segments.every((s) => PATH_SEGMENT.test(s)))
    return `The ${what} of the upstream may only use letters, digits and . _ ~ + - between its slashes.`;
  return null;
}

function branchProblem(branch: string): string | null {
  if (!BRANCH.test(branch) || branch.includes('..') || branch.startsWith('-') || branch.endsWith('.lock') || branch.endsWith('.'))
    return `"${branch}" is not a branch name the upstream can follow: use letters, digits and . _ + - / (e.g. ref=main).`;
  return null;
}

/**
 * Why `url` cannot be a network's upstream (docs/updates.md), or null. Only
 * git flakes that name a branch: a local repository or mirror
 * (`git+file:///abs/path?ref=main`) or one over HTTPS
 * (`git+https://host/path?ref=main`). Nothing else is accepted: no user name or
 * password (the URL is rendered into flake.nix and committed), no other query
 * parameters, no fragment, no relative or `..` paths.
 */
export function upstreamProblem(url: unknown): string | null {
  if (typeof url !== 'string' || url.trim() === '') return `${SHAPE} It is empty.`;
  if (url.length > UPSTREAM_MAX_LENGTH) return `The upstream must be at most ${UPSTREAM_MAX_LENGTH} characters long.`;
  if (/\s/.test(url)) return 'The upstream must not contain spaces.';
  const file = GIT_FILE.exec(url);
  const https = file ? null : GIT_HTTPS.exec(url);
  if (!file && !https) {
    if (/^git\+https:\/\/[^/?#]*@/.test(url))
      return 'The upstream must not contain a user name, password or token: it is written into flake.nix and committed. Use a mirror the host can read without them.';
    if (!/^git\+(file|https):\/\//.test(url)) return SHAPE;
    if (url.includes('#')) return `${SHAPE} A "#" fragment is not accepted.`;
    if (/^git\+file:\/\/[^/]/.test(url)) return `${SHAPE} A git+file URL needs an absolute path (three slashes: git+file:///…).`;
    if (/^git\+(file|https):\/\/[^?]*$/.test(url)) return `${SHAPE} Add "?ref=<branch>" (e.g. ?ref=main).`;
    if (/^git\+(file|https):\/\/[^?]*\?/.test(url))
      return 'The upstream may carry only "?ref=<branch>": other parameters (rev, tokens…) are not accepted.';
    return SHAPE;
  }
  let problem: string | null;
  if (file) {
    problem = pathProblem(file[1], 'path') ?? branchProblem(file[2]);
  } else {
    const [, authority, path, branch] = https as RegExpExecArray;
    if (authority.includes('@'))
      return 'The upstream must not contain a user name, password or token: it is written into flake.nix and committed. Use a mirror the host can read without them.';
    problem = HOST.test(authority) ? (pathProblem(path, 'path') ?? branchProblem(branch)) : `"${authority}" is not a host name.`;
  }
  if (problem) return problem;
  // The upstream is rendered into flake.nix as the clan input: the same charset as the cLAN flake URL.
  return clanFlakeUrlProblem(url);
}
