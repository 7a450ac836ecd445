import { formatIPv6, parseIPv6 } from '@clan/nix-schema';
import * as ipaddr from 'ipaddr.js';
import { VpnError } from './errors';

/**
 * IPv4 and IPv6 addresses and CIDR ranges. ipaddr.js parses, masks, matches
 * and formats (RFC 5952 for IPv6); this module keeps the panel's strict text
 * rules (four decimal parts without leading zeros; IPv6 without zones or an
 * embedded IPv4 tail), its sentences, and a numeric form for index arithmetic:
 * IPv4 as an unsigned 32-bit number, IPv6 as a 128-bit bigint.
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

function ipv4Of(value: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255]);
}

function ipv4Value(address: ipaddr.IPv4): number {
  return address.octets.reduce((n, octet) => n * 256 + octet, 0);
}

function ipv6Of(value: bigint): ipaddr.IPv6 {
  return new ipaddr.IPv6(Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn)));
}

function ipv6Value(parts: readonly number[]): bigint {
  return parts.reduce((n, part) => (n << 16n) | BigInt(part), 0n);
}

/** Null for an IPv4 address, or a sentence fragment saying why the text is not one. */
export function ipv4Problem(text: string): string | null {
  const parts = text.split('.');
  if (parts.length !== 4) return `${JSON.stringify(text)} is not an IPv4 address (four numbers joined by ".", e.g. 10.100.0.2)`;
  // Stricter than ipaddr.js, which also reads "010" (octal), "0x0a" and fewer than four parts.
  const bad = parts.find((part) => !/^(0|[1-9][0-9]{0,2})$/.test(part) || Number(part) > 255);
  if (bad === undefined) return null;
  return `${JSON.stringify(text)} is not an IPv4 address: ${JSON.stringify(bad)} is not a number from 0 to 255 without leading zeros`;
}

export function parseIpv4(text: string): number | null {
  return ipv4Problem(text) === null ? ipv4Value(ipaddr.IPv4.parse(text)) : null;
}

export function formatIpv4(value: number): string {
  return ipv4Of(value).toString();
}

export function parseIpv6(text: string): bigint | null {
  const parts = parseIPv6(text);
  return parts === null ? null : ipv6Value(parts);
}

export function ipv6Problem(text: string): string | null {
  return parseIpv6(text) === null ? `${JSON.stringify(text)} is not an IPv6 address (e.g. fd12:3456:789a::2)` : null;
}

/** RFC 5952 text (ipaddr.js, through nix-schema's formatter shared with the network links). */
export function formatIpv6(value: bigint): string {
  return formatIPv6(ipv6Of(value).parts);
}

/** The canonical text of an IPv4 or IPv6 address, or null when it is neither. */
export function canonicalIp(text: string): string | null {
  const v4 = parseIpv4(text);
  if (v4 !== null) return formatIpv4(v4);
  const v6 = parseIpv6(text);
  return v6 === null ? null : formatIpv6(v6);
}

function splitCidr(text: string): { address: string; prefix: number } | string {
  const slash = text.indexOf('/');
  if (slash < 0) return `${JSON.stringify(text)} has no prefix length; write it as address/length, e.g. 10.100.0.0/24`;
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) return `${JSON.stringify(text)} has no valid prefix length after "/"`;
  return { address, prefix: Number(prefixText) };
}

function hostBitsError(text: string, network: string, prefix: number): VpnError {
  return new VpnError(
    'INVALID_RANGE',
    `${JSON.stringify(text)} has host bits set; the range starts at ${network}/${prefix}, write that instead.`,
  );
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
  const network = ipaddr.IPv4.networkAddressFromCIDR(`${split.address}/${split.prefix}`);
  if (!options.allowHostBits && network.toString() !== split.address) throw hostBitsError(text, network.toString(), split.prefix);
  return { family: 4, network: ipv4Value(network), prefixLength: split.prefix };
}

/** Parses an IPv6 "addr/n" range (see parseIpv4Cidr). */
export function parseIpv6Cidr(text: string, options: { allowHostBits?: boolean } = {}): Ipv6Cidr {
  const split = splitCidr(text);
  if (typeof split === 'string') throw new VpnError('INVALID_RANGE', `${split}.`);
  const address = parseIPv6(split.address);
  if (address === null) throw new VpnError('INVALID_RANGE', `${ipv6Problem(split.address)}.`);
  if (split.prefix > 128) throw new VpnError('INVALID_RANGE', `${JSON.stringify(text)}: an IPv6 prefix length is at most 128.`);
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${formatIPv6(address)}/${split.prefix}`);
  if (!options.allowHostBits && !network.match(new ipaddr.IPv6(address), 128)) {
    throw hostBitsError(text, network.toRFC5952String(), split.prefix);
  }
  return { family: 6, network: ipv6Value(network.parts), prefixLength: split.prefix };
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
  return 2n ** BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefixLength);
}

export function ipv4InCidr(address: number, cidr: Ipv4Cidr): boolean {
  return ipv4Of(address).match(ipv4Of(cidr.network), cidr.prefixLength);
}

export function ipv6InCidr(address: bigint, cidr: Ipv6Cidr): boolean {
  return ipv6Of(address).match(ipv6Of(cidr.network), cidr.prefixLength);
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
  return PRIVATE_IPV4_RANGES.map((r) => ipaddr.IPv4.parseCIDR(r)).some(
    ([network, prefixLength]) => prefixLength <= cidr.prefixLength && ipv4Of(cidr.network).match(network, prefixLength),
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
    const v6 = parseIPv6(match[1]);
    if (v6 === null) return { problem: `${shown}: ${ipv6Problem(match[1])}` };
    return { host: formatIPv6(v6), port };
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
