import * as ipaddr from 'ipaddr.js';
import { HOSTNAME_MAX_LENGTH, HOSTNAME_PATTERN } from './fields';

/**
 * Links a network advertises so others can join it (seed design):
 * `nix://https-github.com/someorg/somerepo`, `nix://ipfs-<CID>`,
 * `nix://ygg-<Yggdrasil address>`; `nix://http-<host>` for a panel served
 * over plain HTTP (on a LAN or inside the mesh). Paths are repository-relative, without a
 * leading slash ('' when the link has none).
 */
export type NetworkLink =
  | { kind: 'https' | 'http'; host: string; port?: number; path: string }
  | { kind: 'ipfs'; cid: string; path: string }
  | { kind: 'ygg'; address: string; path: string };

export type NetworkLinkKind = NetworkLink['kind'];
export const NETWORK_LINK_KINDS: readonly NetworkLinkKind[] = ['https', 'http', 'ipfs', 'ygg'];
export const NETWORK_LINK_PREFIX = 'nix://';
export const NETWORK_LINK_MAX_LENGTH = 2048;

export class NetworkLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkLinkError';
  }
}

const PATH_SEGMENT = /^[A-Za-z0-9._~-]+$/;
const CID_V0 = /^Qm[1-9A-HJ-NP-Za-km-z]{44}$/;
const CID_V1_BASE32 = /^b[a-z2-7]{50,}$/;
const EXAMPLES = 'nix://https-github.com/someorg/somerepo, nix://ipfs-<CID> or nix://ygg-<address>';

function pathProblem(path: string): string | null {
  if (path === '') return null;
  if (path.length > 1024) return 'its path must be at most 1024 characters long';
  for (const segment of path.split('/')) {
    if (segment === '') return 'its path has an empty segment ("//")';
    if (segment === '.' || segment === '..') return 'its path must not contain "." or ".." segments';
    if (!PATH_SEGMENT.test(segment))
      return `its path segment ${JSON.stringify(segment)} may only use letters, digits, ".", "_", "~" and "-"`;
  }
  return null;
}

function hostProblem(host: string): string | null {
  if (host === '') return 'it names no host';
  if (host.length > HOSTNAME_MAX_LENGTH || !HOSTNAME_PATTERN.test(host)) return `${JSON.stringify(host)} is not a host name`;
  return null;
}

/**
 * The 8 groups of an IPv6 address, or null (ipaddr.js parses). Only hex digits and ":" — the usual "::"
 * compression, no zone ("%eth0") and no embedded IPv4 tail, which ipaddr.js would otherwise accept.
 */
export function parseIPv6(text: string): number[] | null {
  if (!/^[0-9A-Fa-f:]+$/.test(text)) return null;
  try {
    return ipaddr.IPv6.parse(text).parts.slice();
  } catch {
    return null;
  }
}

/** RFC 5952 text of eight 16-bit groups (ipaddr.js): lower case, no leading zeros, the longest run (≥ 2) of zero groups as "::". */
export function formatIPv6(groups: readonly number[]): string {
  return new ipaddr.IPv6([...groups]).toRFC5952String();
}

/** Yggdrasil addresses are IPv6 addresses in 200::/7 (first group 0x0200–0x03ff). Returns the canonical text or a problem. */
function yggAddress(text: string): { address: string } | { problem: string } {
  const groups = parseIPv6(text);
  if (!groups) return { problem: `${JSON.stringify(text)} is not an IPv6 address` };
  if (groups[0] < 0x200 || groups[0] > 0x3ff)
    return { problem: `${JSON.stringify(text)} is not a Yggdrasil address (those are in 200::/7)` };
  return { address: formatIPv6(groups) };
}

function fail(link: string, problem: string): never {
  const shown = JSON.stringify(link.length > 80 ? `${link.slice(0, 79)}…` : link);
  throw new NetworkLinkError(`The network link ${shown} is not valid: ${problem}.`);
}

function splitPath(rest: string): { locator: string; path: string } {
  const slash = rest.indexOf('/');
  if (slash < 0) return { locator: rest, path: '' };
  let path = rest.slice(slash + 1);
  // A single trailing slash (common when a link is copied from a browser) means nothing.
  if (path.endsWith('/')) path = path.slice(0, -1);
  return { locator: rest.slice(0, slash), path };
}

/** Parses a `nix://…` link; throws NetworkLinkError with a sentence saying what is wrong. */
export function parseNetworkLink(link: string): NetworkLink {
  if (typeof link !== 'string') throw new NetworkLinkError('A network link must be a string.');
  if (link.length > NETWORK_LINK_MAX_LENGTH) fail(link, `it must be at most ${NETWORK_LINK_MAX_LENGTH} characters long`);
  if (!link.startsWith(NETWORK_LINK_PREFIX)) fail(link, `it must start with "nix://", e.g. ${EXAMPLES}`);
  const body = link.slice(NETWORK_LINK_PREFIX.length);
  if (/[\s]/.test(body)) fail(link, 'it must not contain spaces or line breaks');
  if (/[?#]/.test(body)) fail(link, 'it must not contain "?" or "#"');
  const dash = body.indexOf('-');
  const kind = dash < 0 ? body.split('/')[0] : body.slice(0, dash);
  if (!(NETWORK_LINK_KINDS as readonly string[]).includes(kind)) {
    fail(link, `${JSON.stringify(kind)} is not a known kind; expected ${EXAMPLES}`);
  }
  if (dash < 0) fail(link, `the kind must be followed by "-" and a location, e.g. ${EXAMPLES}`);
  const { locator, path } = splitPath(body.slice(dash + 1));
  const badPath = pathProblem(path);
  if (badPath) fail(link, badPath);

  switch (kind) {
    case 'https':
    case 'http': {
      const match = /^([^:]*)(?::(\d*))?$/.exec(locator);
      if (!match) fail(link, `${JSON.stringify(locator)} is not a host name with an optional ":port"`);
      const host = match[1].toLowerCase();
      const badHost = hostProblem(host);
      if (badHost) fail(link, badHost);
      const scheme = kind;
      if (match[2] === undefined) return { kind: scheme, host, path };
      const port = Number(match[2]);
      if (!/^[1-9]\d{0,4}$/.test(match[2]) || port > 65535)
        fail(link, `its port ${JSON.stringify(match[2])} must be a number from 1 to 65535`);
      return { kind: scheme, host, port, path };
    }
    case 'ipfs': {
      if (!CID_V0.test(locator) && !CID_V1_BASE32.test(locator)) {
        fail(link, `${JSON.stringify(locator)} is not an IPFS content ID (CIDv0 "Qm…" or base32 CIDv1 "b…")`);
      }
      return { kind, cid: locator, path };
    }
    default: {
      const bare = locator.startsWith('[') && locator.endsWith(']') ? locator.slice(1, -1) : locator;
      const result = yggAddress(bare);
      if ('problem' in result) fail(link, result.problem);
      return { kind: 'ygg', address: result.address, path };
    }
  }
}

/** Why `link` is not a valid network link, or null. */
export function networkLinkProblem(link: string): string | null {
  try {
    parseNetworkLink(link);
    return null;
  } catch (err) {
    if (err instanceof NetworkLinkError) return err.message;
    throw err;
  }
}

/** The canonical `nix://…` text of a link; throws NetworkLinkError when a part is invalid. */
export function formatNetworkLink(link: NetworkLink): string {
  const path = link.path ?? '';
  const badPath = pathProblem(path);
  if (badPath) throw new NetworkLinkError(`Cannot format the network link: ${badPath}.`);
  const suffix = path ? `/${path}` : '';
  switch (link.kind) {
    case 'https':
    case 'http': {
      const host = link.host.toLowerCase();
      const badHost = hostProblem(host);
      if (badHost) throw new NetworkLinkError(`Cannot format the network link: ${badHost}.`);
      if (link.port !== undefined && !(Number.isInteger(link.port) && link.port >= 1 && link.port <= 65535)) {
        throw new NetworkLinkError('Cannot format the network link: the port must be a number from 1 to 65535.');
      }
      return `${NETWORK_LINK_PREFIX}${link.kind}-${host}${link.port !== undefined ? `:${link.port}` : ''}${suffix}`;
    }
    case 'ipfs':
      if (!CID_V0.test(link.cid) && !CID_V1_BASE32.test(link.cid)) {
        throw new NetworkLinkError(`Cannot format the network link: ${JSON.stringify(link.cid)} is not an IPFS content ID.`);
      }
      return `${NETWORK_LINK_PREFIX}ipfs-${link.cid}${suffix}`;
    case 'ygg': {
      const result = yggAddress(link.address);
      if ('problem' in result) throw new NetworkLinkError(`Cannot format the network link: ${result.problem}.`);
      return `${NETWORK_LINK_PREFIX}ygg-${result.address}${suffix}`;
    }
    default:
      throw new NetworkLinkError(`Cannot format the network link: unknown kind ${JSON.stringify((link as { kind: unknown }).kind)}.`);
  }
}

/**
 * A flake reference Nix can fetch for the link (git over HTTPS, or over plain
 * HTTP inside Yggdrasil, which is already end-to-end encrypted). IPFS has no
 * Nix fetcher, so null.
 */
export function networkLinkFlakeRef(link: NetworkLink): string | null {
  const suffix = link.path ? `/${link.path}` : '';
  switch (link.kind) {
    case 'https':
    case 'http':
      return `git+${link.kind}://${link.host}${link.port !== undefined ? `:${link.port}` : ''}${suffix}`;
    case 'ygg':
      return `git+http://[${link.address}]${suffix}`;
    default:
      return null;
  }
}
