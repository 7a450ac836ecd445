import { formatIPv6 } from '@clan/nix-schema';
import { VpnError } from './errors';

/**
 * IPv4 and IPv6 addresses and CIDR ranges, as numbers: IPv4 as an unsigned
 * 32-bit number, IPv6 as a 128-bit bigint. Text in, canonical text out
 * (RFC 5952 for IPv6). No zones, no IPv4-mapped IPv6 forms.
 */

export interface Ipv4Cidr {
  family: 4;
  /** The first address of the range (host bits zero). */
  network: number;
  prefixLength: number;
}

export interface Ipv6Cidr {
  family: 6;
  network: bigint;
  prefixLength: number;
}

export type Cidr = Ipv4Cidr | Ipv6Cidr;

const IPV6_MAX = (1n << 128n) - 1n;

/** The address as a number, or a sentence fragment saying why it is not one. */
export function ipv4Problem(text: string): string | null {
  const parts = text.split('.');
  if (parts.length !== 4) return `${JSON.stringify(text)} is not an IPv4 address (four numbers joined by ".", e.g. 10.100.0.2)`;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part) || Number(part) > 255) {
      return `${JSON.stringify(text)} is not an IPv4 address: ${JSON.stringify(part)} is not a number from 0 to 255 without leading zeros`;
    }
  }
  return null;
}

export function parseIpv4(text: string): number | null {
  if (ipv4Problem(text) !== null) return null;
  return text.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function parseIpv6(text: string): bigint | null {
  if (!/^[0-9A-Fa-f:]+$/.test(text) || text.length > 39) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  if (![...head, ...tail].every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group))) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  return groups.reduce((n, group) => (n << 16n) | BigInt(parseInt(group, 16)), 0n);
}

export function ipv6Problem(text: string): string | null {
  return parseIpv6(text) === null ? `${JSON.stringify(text)} is not an IPv6 address (e.g. fd12:3456:789a::2)` : null;
}

/** RFC 5952 text (nix-schema's formatter, shared with the network links). */
export function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  return formatIPv6(groups);
}

/** The canonical text of an IPv4 or IPv6 address, or null when it is neither. */
export function canonicalIp(text: string): string | null {
  const v4 = parseIpv4(text);
  if (v4 !== null) return formatIpv4(v4);
  const v6 = parseIpv6(text);
  return v6 === null ? null : formatIpv6(v6);
}

function ipv4Mask(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

function ipv6Mask(prefixLength: number): bigint {
  return prefixLength === 0 ? 0n : (IPV6_MAX << BigInt(128 - prefixLength)) & IPV6_MAX;
}

function splitCidr(text: string): { address: string; prefix: number } | string {
  const slash = text.indexOf('/');
  if (slash < 0) return `${JSON.stringify(text)} has no prefix length; write it as address/length, e.g. 10.100.0.0/24`;
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) return `${JSON.stringify(text)} has no valid prefix length after "/"`;
  return { address, prefix: Number(prefixText) };
}

/**
 * Parses "a.b.c.d/n". With `allowHostBits` the address part may have host bits
 * set ("10.100.0.2/24", an interface address); otherwise it must be the range's
 * first address. Throws VpnError INVALID_RANGE with a sentence.
 */
export function parseIpv4Cidr(text: string, options: { allowHostBits?: boolean } = {}): Ipv4Cidr {
  const split = splitCidr(text);
  if (typeof split === 'string') throw new VpnError('INVALID_RANGE', `${split}.`);
  const problem = ipv4Problem(split.address);
  if (problem !== null) throw new VpnError('INVALID_RANGE', `${problem}.`);
  if (split.prefix > 32) throw new VpnError('INVALID_RANGE', `${JSON.stringify(text)}: an IPv4 prefix length is at most 32.`);
  const address = parseIpv4(split.address) as number;
  const network = (address & ipv4Mask(split.prefix)) >>> 0;
  if (!options.allowHostBits && network !== address) {
    throw new VpnError(
      'INVALID_RANGE',
      `${JSON.stringify(text)} has host bits set; the range starts at ${formatIpv4(network)}/${split.prefix}, write that instead.`,
    );
  }
  return { family: 4, network, prefixLength: split.prefix };
}

/** Parses an IPv6 "addr/n" range (see parseIpv4Cidr). */
export function parseIpv6Cidr(text: string, options: { allowHostBits?: boolean } = {}): Ipv6Cidr {
  const split = splitCidr(text);
  if (typeof split === 'string') throw new VpnError('INVALID_RANGE', `${split}.`);
  const address = parseIpv6(split.address);
  if (address === null) throw new VpnError('INVALID_RANGE', `${ipv6Problem(split.address)}.`);
  if (split.prefix > 128) throw new VpnError('INVALID_RANGE', `${JSON.stringify(text)}: an IPv6 prefix length is at most 128.`);
  const network = address & ipv6Mask(split.prefix);
  if (!options.allowHostBits && network !== address) {
    throw new VpnError(
      'INVALID_RANGE',
      `${JSON.stringify(text)} has host bits set; the range starts at ${formatIpv6(network)}/${split.prefix}, write that instead.`,
    );
  }
  return { family: 6, network, prefixLength: split.prefix };
}

/** Parses either family, chosen by the presence of ":". */
export function parseCidr(text: string, options: { allowHostBits?: boolean } = {}): Cidr {
  if (typeof text !== 'string') throw new VpnError('INVALID_RANGE', 'A range must be text such as 10.100.0.0/24.');
  return text.includes(':') ? parseIpv6Cidr(text, options) : parseIpv4Cidr(text, options);
}

export function formatCidr(cidr: Cidr): string {
  return cidr.family === 4 ? `${formatIpv4(cidr.network)}/${cidr.prefixLength}` : `${formatIpv6(cidr.network)}/${cidr.prefixLength}`;
}

/** How many addresses the range holds (a bigint: an IPv6 /64 does not fit a number). */
export function cidrSize(cidr: Cidr): bigint {
  return 1n << BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefixLength);
}

export function ipv4InCidr(address: number, cidr: Ipv4Cidr): boolean {
  return (address & ipv4Mask(cidr.prefixLength)) >>> 0 === cidr.network;
}

export function ipv6InCidr(address: bigint, cidr: Ipv6Cidr): boolean {
  return (address & ipv6Mask(cidr.prefixLength)) === cidr.network;
}

/** True when two ranges of the same family share at least one address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const shorter = a.prefixLength <= b.prefixLength ? a : b;
  const longer = shorter === a ? b : a;
  if (shorter.family === 4) return ipv4InCidr((longer as Ipv4Cidr).network, shorter);
  return ipv6InCidr((longer as Ipv6Cidr).network, shorter);
}

/** RFC 1918 ranges plus the shared address space of RFC 6598 (100.64.0.0/10). */
export const PRIVATE_IPV4_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

/** True when the whole range lies inside one of PRIVATE_IPV4_RANGES. */
export function isPrivateIpv4Cidr(cidr: Ipv4Cidr): boolean {
  return PRIVATE_IPV4_RANGES.map((r) => parseIpv4Cidr(r)).some(
    (priv) => priv.prefixLength <= cidr.prefixLength && ipv4InCidr(cidr.network, priv),
  );
}

/** A host:port, [IPv6]:port or name:port endpoint, split. */
export interface Endpoint {
  host: string;
  port: number;
}

/** Parses a WireGuard endpoint; returns a sentence fragment on failure. */
export function parseEndpoint(text: string): Endpoint | { problem: string } {
  const shown = JSON.stringify(text);
  const example = 'e.g. 203.0.113.7:51820, [2001:db8::7]:51820 or vpn.example.org:51820';
  const match = /^(?:\[([0-9A-Fa-f:]+)\]|([A-Za-z0-9.-]+)):([0-9]{1,5})$/.exec(text);
  if (!match) return { problem: `${shown} is not an endpoint; write host:port, ${example}` };
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return { problem: `${shown} has port ${match[3]}; a port is a number from 1 to 65535` };
  if (match[1] !== undefined) {
    const v6 = parseIpv6(match[1]);
    if (v6 === null) return { problem: `${shown}: ${ipv6Problem(match[1])}` };
    return { host: formatIpv6(v6), port };
  }
  const host = match[2];
  if (/^[0-9.]+$/.test(host)) {
    const problem = ipv4Problem(host);
    if (problem !== null) return { problem: `${shown}: ${problem}` };
    return { host, port };
  }
  const labels = host.split('.');
  if (host.length > 253 || labels.some((l) => !/^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l))) {
    return { problem: `${shown} does not name a host; write host:port, ${example}` };
  }
  return { host: host.toLowerCase(), port };
}

/** Endpoint text as WireGuard writes it: IPv6 hosts in brackets. */
export function formatEndpoint(endpoint: Endpoint): string {
  return endpoint.host.includes(':') ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`;
}
