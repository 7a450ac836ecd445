import * as ipaddr from 'ipaddr.js';
import { isIPv4, isIPv6 } from 'node:net';

/** The mesh addresses of one device, as text; null or absent when it has none of that family (MeshPeer's shape). */
export interface PhonebookAddresses {
  ipv4?: string | null;
  ipv6?: string | null;
}

/** A device's entry as the responder reads it: text and wire bytes. */
export interface PhonebookEntry {
  readonly ipv4?: string;
  readonly ipv6?: string;
  readonly ipv4Bytes?: Uint8Array;
  readonly ipv6Bytes?: Uint8Array;
}

/** A bad network/device name or address handed to the phonebook. */
export class PhonebookInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PhonebookInputError';
  }
}

/** A DNS label as network and device names use it (RFC 1123): a-z, 0-9 and inner "-", 1 to 63 characters. */
export const PHONEBOOK_LABEL_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function checkLabel(kind: 'network' | 'device', name: string): void {
  if (!PHONEBOOK_LABEL_PATTERN.test(name)) {
    throw new PhonebookInputError(
      `The ${kind} name "${name}" cannot be a DNS label: use 1 to 63 lower-case letters, digits and inner "-".`,
    );
  }
}

/** `10.77.0.2` → 4 bytes. */
export function ipv4Bytes(text: string): Uint8Array {
  if (!isIPv4(text)) throw new PhonebookInputError(`"${text}" is not an IPv4 address.`);
  return Uint8Array.from(ipaddr.IPv4.parse(text).toByteArray());
}

/** `fd00::2` (also with an embedded IPv4 tail) → 16 bytes. Zone ids (`%eth0`) are refused: a name maps to a routable address. */
export function ipv6Bytes(text: string): Uint8Array {
  if (!isIPv6(text) || text.includes('%')) throw new PhonebookInputError(`"${text}" is not an IPv6 address.`);
  return Uint8Array.from(ipaddr.IPv6.parse(text).toByteArray());
}

/**
 * The phonebook: (network, device) → mesh addresses. The panel updates it as
 * devices join and leave; the DNS responder reads it for every query, so a
 * change is visible to the next query. `serial` increases with every change
 * and becomes the SOA serial.
 */
export class PhonebookTable {
  private readonly networks = new Map<string, Map<string, PhonebookEntry>>();
  private serialValue: number;

  constructor(initialSerial = Math.floor(Date.now() / 1000)) {
    this.serialValue = initialSerial >>> 0;
  }

  get serial(): number {
    return this.serialValue;
  }

  /** Adds or replaces a device's addresses (creating its network in the phonebook if needed). */
  setDevice(network: string, device: string, addresses: PhonebookAddresses): void {
    checkLabel('network', network);
    const entry = this.entry(device, addresses);
    let devices = this.networks.get(network);
    if (!devices) this.networks.set(network, (devices = new Map()));
    devices.set(device, entry);
    this.bump();
  }

  /** Forgets a device; its name answers NXDOMAIN from the next query on. False when it was not there. */
  removeDevice(network: string, device: string): boolean {
    const removed = this.networks.get(network)?.delete(device) ?? false;
    if (removed) this.bump();
    return removed;
  }

  /** Replaces a network's whole device list at once (e.g. after reading it from the database). */
  replaceNetwork(network: string, devices: Iterable<[string, PhonebookAddresses]> | Record<string, PhonebookAddresses>): void {
    checkLabel('network', network);
    const pairs = Symbol.iterator in devices ? devices : Object.entries(devices);
    const next = new Map<string, PhonebookEntry>();
    for (const [device, addresses] of pairs) next.set(device, this.entry(device, addresses));
    this.networks.set(network, next);
    this.bump();
  }

  /** Forgets a network and all its devices. False when it was not there. */
  removeNetwork(network: string): boolean {
    const removed = this.networks.delete(network);
    if (removed) this.bump();
    return removed;
  }

  /** The networks the phonebook knows, sorted. */
  networkNames(): string[] {
    return [...this.networks.keys()].sort();
  }

  hasNetwork(network: string): boolean {
    return this.networks.has(network);
  }

  /** A device's entry; names must already be lower case. */
  lookup(network: string, device: string): PhonebookEntry | undefined {
    return this.networks.get(network)?.get(device);
  }

  /** The devices of a network, sorted by name (for logs and the API). */
  devices(network: string): Array<{ device: string; ipv4?: string; ipv6?: string }> {
    const devices = this.networks.get(network);
    if (!devices) return [];
    return [...devices.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([device, e]) => ({ device, ipv4: e.ipv4, ipv6: e.ipv6 }));
  }

  private entry(device: string, addresses: PhonebookAddresses): PhonebookEntry {
    checkLabel('device', device);
    const ipv4 = addresses.ipv4 ?? undefined;
    const ipv6 = addresses.ipv6 ?? undefined;
    if (ipv4 === undefined && ipv6 === undefined) {
      throw new PhonebookInputError(`The device "${device}" needs an IPv4 or an IPv6 address to be in the phonebook.`);
    }
    return {
      ipv4,
      ipv6,
      ipv4Bytes: ipv4 === undefined ? undefined : ipv4Bytes(ipv4),
      ipv6Bytes: ipv6 === undefined ? undefined : ipv6Bytes(ipv6),
    };
  }

  private bump(): void {
    this.serialValue = (this.serialValue + 1) >>> 0;
  }
}
