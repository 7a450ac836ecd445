import * as ipaddr from 'ipaddr.js';
import { createHash } from 'node:crypto';
import { VpnError } from './errors';
import {
  type Ipv4Cidr,
  type Ipv6Cidr,
  cidrsOverlap,
  formatCidr,
  formatIpv4,
  formatIpv6,
  ipv4InCidr,
  ipv6InCidr,
  isPrivateIpv4Cidr,
  parseCidr,
  parseIpv4,
  parseIpv4Cidr,
  parseIpv6,
  parseIpv6Cidr,
  PRIVATE_IPV4_RANGES,
} from './ip';

/** Unique local addresses with a locally assigned global ID (RFC 4193 §3.1, L = 1). */
const ULA_RANGE = parseIpv6Cidr('fd00::/8');

/**
 * Mesh addressing, pure. Every network gets an IPv4 range (a /24 out of a pool
 * by default) and an IPv6 ULA /64 (RFC 4193). Inside a network an address is
 * named by its *index*, the offset from the range's first address:
 *
 *   index 0          the network address, never used
 *   index 1          the panel host's own address in the network (HOST_INDEX)
 *   index 2 … n-2    peers (machines and devices)
 *   index n-1        the IPv4 broadcast address, never used
 *
 * The same index gives the peer's IPv4 and IPv6 address (10.100.3.7 and
 * fdxx:xxxx:xxxx::7), so the database stores one integer per peer and a
 * unique (network, index) constraint makes concurrent allocation safe: pick
 * nextFreeIndex(), insert, and on a unique violation pick again.
 */

export const DEFAULT_IPV4_POOL = '10.100.0.0/16';
export const DEFAULT_NETWORK_PREFIX_LENGTH = 24;
/** Network ranges may be given from /16 (65,533 peers) to /29 (5 peers). */
export const MIN_NETWORK_PREFIX_LENGTH = 16;
export const MAX_NETWORK_PREFIX_LENGTH = 29;
export const ULA_PREFIX_LENGTH = 64;
/** The panel host keeps index 1 (x.x.x.1 and …::1) in every network for itself. */
export const HOST_INDEX = 1;
export const FIRST_PEER_INDEX = 2;

export interface NetworkAddressing {
  /** e.g. "10.100.3.0/24" */
  ipv4Range: string;
  /** e.g. "fd3c:8a21:9f04::/64" */
  ipv6Prefix: string;
}

export interface IndexedAddresses {
  index: number;
  ipv4: string;
  ipv6: string;
}

/**
 * A network's IPv4 range: private (RFC 1918 or 100.64.0.0/10), /16 to /29,
 * written as its first address. Throws VpnError INVALID_RANGE with a sentence.
 */
export function parseNetworkRange(text: string): Ipv4Cidr {
  if (typeof text !== 'string' || text.includes(':')) {
    throw new VpnError('INVALID_RANGE', `${JSON.stringify(text)} is not an IPv4 range; write it as e.g. 10.100.0.0/24.`);
  }
  const cidr = parseIpv4Cidr(text);
  if (cidr.prefixLength < MIN_NETWORK_PREFIX_LENGTH || cidr.prefixLength > MAX_NETWORK_PREFIX_LENGTH) {
    throw new VpnError(
      'INVALID_RANGE',
      `${text} is a /${cidr.prefixLength}; a network range must be between /${MIN_NETWORK_PREFIX_LENGTH} and /${MAX_NETWORK_PREFIX_LENGTH} (a /24 holds 253 peers).`,
    );
  }
  if (!isPrivateIpv4Cidr(cidr)) {
    throw new VpnError('INVALID_RANGE', `${text} is not a private range; use one inside ${PRIVATE_IPV4_RANGES.join(', ')}.`);
  }
  return cidr;
}

function parseUlaPrefix(text: string): Ipv6Cidr {
  const cidr = parseIpv6Cidr(text);
  if (cidr.prefixLength !== ULA_PREFIX_LENGTH || !ipv6InCidr(cidr.network, ULA_RANGE)) {
    throw new VpnError('INVALID_RANGE', `${text} is not a unique local /64 (fd00::/8, RFC 4193), e.g. fd3c:8a21:9f04::/64.`);
  }
  return cidr;
}

/**
 * The first free range of `prefixLength` in the pool that overlaps none of
 * `usedRanges` (ranges of other networks, in any form parseCidr accepts).
 * Throws VpnError POOL_FULL when every range of the pool is taken.
 */
export function nextFreeNetworkRange(usedRanges: Iterable<string>, options: { pool?: string; prefixLength?: number } = {}): string {
  const pool = parseIpv4Cidr(options.pool ?? DEFAULT_IPV4_POOL);
  const prefixLength = options.prefixLength ?? DEFAULT_NETWORK_PREFIX_LENGTH;
  if (!Number.isInteger(prefixLength) || prefixLength < pool.prefixLength) {
    throw new VpnError('INVALID_RANGE', `A /${prefixLength} does not fit in the pool ${formatCidr(pool)}.`);
  }
  parseNetworkRange(`${formatIpv4(pool.network)}/${prefixLength}`);
  const used = [...usedRanges].map((r) => parseCidr(r, { allowHostBits: true }));
  const step = 2 ** (32 - prefixLength);
  const count = 2 ** (prefixLength - pool.prefixLength);
  for (let i = 0; i < count; i++) {
    const candidate: Ipv4Cidr = { family: 4, network: pool.network + i * step, prefixLength };
    if (!used.some((u) => cidrsOverlap(u, candidate))) return formatCidr(candidate);
  }
  throw new VpnError(
    'POOL_FULL',
    `Every /${prefixLength} of the address pool ${formatCidr(pool)} is in use; give the network its own range or enlarge the pool.`,
  );
}

/**
 * The network's IPv6 ULA /64 per RFC 4193 §3.2: fd00::/8, a 40-bit global ID,
 * subnet ID 0. RFC 4193 §3.2.2 takes the global ID as the least significant
 * 40 bits of a SHA-1 digest of a locally unique key; our key is the network's
 * id (a random UUID), so the prefix is random across networks yet stable for
 * one network — re-rendering never renumbers a peer.
 */
export function ulaPrefix(networkId: string): string {
  if (typeof networkId !== 'string' || networkId === '')
    throw new VpnError('INVALID_NETWORK', 'A network id is needed to derive its IPv6 prefix.');
  const digest = createHash('sha1').update(networkId, 'utf8').digest();
  const globalId = digest.subarray(digest.length - 5);
  // fd, the 40-bit global ID, a 16-bit subnet ID 0, then the 64-bit interface ID (zero for the prefix).
  const prefix = new ipaddr.IPv6([0xfd, ...globalId, 0, 0, ...new Array<number>(8).fill(0)]);
  return `${prefix.toRFC5952String()}/${ULA_PREFIX_LENGTH}`;
}

/** The ranges of a network: the given IPv4 range (validated) and the ULA prefix derived from its id. */
export function networkAddressing(networkId: string, ipv4Range: string): NetworkAddressing {
  return { ipv4Range: formatCidr(parseNetworkRange(ipv4Range)), ipv6Prefix: ulaPrefix(networkId) };
}

/** The highest peer index of an IPv4 range (its broadcast address minus one). */
export function lastPeerIndex(ipv4Range: string): number {
  const cidr = parseNetworkRange(ipv4Range);
  return 2 ** (32 - cidr.prefixLength) - 2;
}

function checkIndex(ipv4Range: string, index: number): void {
  const last = lastPeerIndex(ipv4Range);
  if (!Number.isInteger(index) || index < HOST_INDEX || index > last) {
    throw new VpnError(
      'INVALID_ADDRESS',
      `Address index ${index} is outside ${ipv4Range}; indexes run from ${HOST_INDEX} (the host) to ${last}.`,
    );
  }
}

export function ipv4ForIndex(ipv4Range: string, index: number): string {
  checkIndex(ipv4Range, index);
  return formatIpv4(parseNetworkRange(ipv4Range).network + index);
}

/** …::<index> in the /64; the index is the interface ID. */
export function ipv6ForIndex(ipv6Prefix: string, index: number): string {
  const prefix = parseUlaPrefix(ipv6Prefix);
  if (!Number.isInteger(index) || index < HOST_INDEX) {
    throw new VpnError('INVALID_ADDRESS', `Address index ${index} is not a positive whole number.`);
  }
  return formatIpv6(prefix.network + BigInt(index));
}

/** The index of an address inside the range, or null when it is not a usable address of it. */
export function indexOfIpv4(ipv4Range: string, address: string): number | null {
  const cidr = parseNetworkRange(ipv4Range);
  const value = parseIpv4(address);
  if (value === null || !ipv4InCidr(value, cidr)) return null;
  const index = value - cidr.network;
  return index >= HOST_INDEX && index <= lastPeerIndex(ipv4Range) ? index : null;
}

export function indexOfIpv6(ipv6Prefix: string, address: string): number | null {
  const prefix = parseUlaPrefix(ipv6Prefix);
  const value = parseIpv6(address);
  if (value === null || !ipv6InCidr(value, prefix)) return null;
  const index = value - prefix.network;
  return index >= BigInt(HOST_INDEX) && index <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(index) : null;
}

/**
 * The lowest peer index (≥ FIRST_PEER_INDEX, so never the host's) not in
 * `usedIndexes`. Throws VpnError RANGE_FULL when none is left.
 */
export function nextFreeIndex(ipv4Range: string, usedIndexes: Iterable<number>): number {
  const last = lastPeerIndex(ipv4Range);
  const used = new Set(usedIndexes);
  for (let index = FIRST_PEER_INDEX; index <= last; index++) if (!used.has(index)) return index;
  throw new VpnError(
    'RANGE_FULL',
    `The network range ${ipv4Range} is full: all ${last - FIRST_PEER_INDEX + 1} peer addresses are in use. Remove a device or give the network a larger range.`,
  );
}

/**
 * The lowest free peer IPv4 address of the range: skips the network address,
 * the broadcast address, the host's .1 and every address in `used`.
 * Throws VpnError RANGE_FULL when none is left.
 */
export function nextFreeAddress(ipv4Range: string, used: Iterable<string>): string {
  const indexes: number[] = [];
  for (const address of used) {
    const index = indexOfIpv4(ipv4Range, address);
    if (index !== null) indexes.push(index);
  }
  return ipv4ForIndex(ipv4Range, nextFreeIndex(ipv4Range, indexes));
}

/** Both addresses of a peer (or of the host, index 1). */
export function addressesForIndex(addressing: NetworkAddressing, index: number): IndexedAddresses {
  return { index, ipv4: ipv4ForIndex(addressing.ipv4Range, index), ipv6: ipv6ForIndex(addressing.ipv6Prefix, index) };
}

/** Prefix lengths for interface addresses: the range's for IPv4, /64 for IPv6. */
export function interfaceAddresses(addressing: NetworkAddressing, addresses: { ipv4: string; ipv6: string }): [string, string] {
  const prefixLength = parseNetworkRange(addressing.ipv4Range).prefixLength;
  return [`${addresses.ipv4}/${prefixLength}`, `${addresses.ipv6}/${ULA_PREFIX_LENGTH}`];
}
