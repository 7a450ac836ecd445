import { createHash } from 'node:crypto';
import { el, child, parseXml, renderXml } from './xml';

/**
 * A libvirt NAT network for the panel's VMs: one bridge, one IPv4 /24 with
 * the host at .1 and DHCP handing out .100 – .250. No IPv6.
 */
export interface NatNetworkSpec {
  name: string;
  /** The host bridge libvirt creates (at most 15 characters, the kernel's limit). */
  bridge: string;
  /** The host's address on the bridge: the VMs' gateway and DNS server. */
  gateway: string;
  prefix: number;
  dhcp: { start: string; end: string };
}

/** What a network's XML says, as far as the panel compares it (libvirt adds a UUID, a MAC, NAT ports…). */
export interface NetworkXmlSummary {
  name: string;
  /** `nat`, `route`, …; null for an isolated network. */
  forward: string | null;
  bridge: string | null;
  /** IPv4 address and prefix of the first IPv4 `<ip>`, or null. */
  ipv4: { address: string; prefix: number } | null;
  dhcp: { start: string; end: string } | null;
  /** True when the network has an IPv6 `<ip>`. */
  ipv6: boolean;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The bridge name the panel gives network `name`: `clanvm` + 4 hex digits of sha256(name) (the NixOS module computes the same). */
export function natBridgeName(name: string): string {
  return `clanvm${createHash('sha256').update(name).digest('hex').slice(0, 4)}`;
}

/**
 * Null when `subnet` is an IPv4 /24 given by its network address (`10.213.0.0/24`),
 * else what is wrong with it, in a few words.
 */
export function natSubnetProblem(subnet: string): string | null {
  const [addr, len, ...rest] = subnet.split('/');
  const m = IPV4.exec(addr ?? '');
  if (!m || rest.length > 0 || len === undefined) return 'an IPv4 subnet such as 10.213.0.0/24';
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return 'an IPv4 subnet such as 10.213.0.0/24';
  if (len !== '24') return 'a /24 (the VMs get .100 – .250, the host .1)';
  if (octets[3] !== 0) return `the /24's network address (${octets.slice(0, 3).join('.')}.0/24)`;
  return null;
}

/** The network the panel writes for `name` on `subnet` (a valid /24, see natSubnetProblem). */
export function natNetworkSpec(name: string, subnet: string): NatNetworkSpec {
  const problem = natSubnetProblem(subnet);
  if (problem) throw new Error(`natNetworkSpec: ${subnet} is not ${problem}`);
  const base = subnet.split('/')[0].split('.').slice(0, 3).join('.');
  return { name, bridge: natBridgeName(name), gateway: `${base}.1`, prefix: 24, dhcp: { start: `${base}.100`, end: `${base}.250` } };
}

const netmask = (prefix: number) =>
  [0, 1, 2, 3].map((i) => (prefix >= (i + 1) * 8 ? 255 : prefix <= i * 8 ? 0 : (0xff << (8 - (prefix - i * 8))) & 0xff)).join('.');

function prefixOfNetmask(mask: string): number | null {
  const m = IPV4.exec(mask);
  if (!m) return null;
  const bits = m
    .slice(1, 5)
    .map((o) => Number(o).toString(2).padStart(8, '0'))
    .join('');
  return /^1*0*$/.test(bits) ? (bits.indexOf('0') === -1 ? 32 : bits.indexOf('0')) : null;
}

/** `virsh net-define` input for `spec`. */
export function buildNatNetworkXml(spec: NatNetworkSpec): string {
  return renderXml(
    el('network', {}, [
      el('name', {}, [spec.name]),
      el('forward', { mode: 'nat' }),
      el('bridge', { name: spec.bridge, stp: 'on', delay: '0' }),
      el('ip', { address: spec.gateway, netmask: netmask(spec.prefix) }, [
        el('dhcp', {}, [el('range', { start: spec.dhcp.start, end: spec.dhcp.end })]),
      ]),
    ]),
  );
}

/** Reads `virsh net-dumpxml` output (throws XmlParseError on malformed XML). */
export function parseNetworkXml(xml: string): NetworkXmlSummary {
  const root = parseXml(xml);
  const ips = root.children.filter((c): c is Exclude<typeof c, string> => typeof c !== 'string' && c.name === 'ip');
  const isV6 = (ip: (typeof ips)[number]) => ip.attrs['family'] === 'ipv6' || (ip.attrs['address'] ?? '').includes(':');
  const v4 = ips.find((ip) => !isV6(ip));
  let ipv4: NetworkXmlSummary['ipv4'] = null;
  if (v4?.attrs['address']) {
    const prefix =
      v4.attrs['prefix'] !== undefined ? Number(v4.attrs['prefix']) : v4.attrs['netmask'] ? prefixOfNetmask(v4.attrs['netmask']) : null;
    if (prefix !== null && Number.isInteger(prefix)) ipv4 = { address: v4.attrs['address'], prefix };
  }
  const range = child(child(v4, 'dhcp'), 'range');
  const name =
    child(root, 'name')
      ?.children.find((c): c is string => typeof c === 'string')
      ?.trim() ?? '';
  return {
    name,
    forward: child(root, 'forward')?.attrs['mode'] ?? (child(root, 'forward') ? 'nat' : null),
    bridge: child(root, 'bridge')?.attrs['name'] ?? null,
    ipv4,
    dhcp: range?.attrs['start'] && range.attrs['end'] ? { start: range.attrs['start'], end: range.attrs['end'] } : null,
    ipv6: ips.some(isV6),
  };
}

/** How an existing network differs from what the panel would write, one phrase each; empty: the same. */
export function natNetworkDifferences(wanted: NatNetworkSpec, actual: NetworkXmlSummary): string[] {
  const out: string[] = [];
  if (actual.forward !== 'nat') out.push(`forward mode ${actual.forward ?? 'none'} instead of nat`);
  if (actual.bridge !== wanted.bridge) out.push(`bridge ${actual.bridge ?? 'unnamed'} instead of ${wanted.bridge}`);
  const a = actual.ipv4;
  if (!a || a.address !== wanted.gateway || a.prefix !== wanted.prefix) {
    out.push(`address ${a ? `${a.address}/${a.prefix}` : 'none'} instead of ${wanted.gateway}/${wanted.prefix}`);
  }
  const d = actual.dhcp;
  if (!d || d.start !== wanted.dhcp.start || d.end !== wanted.dhcp.end) {
    out.push(`DHCP range ${d ? `${d.start} – ${d.end}` : 'none'} instead of ${wanted.dhcp.start} – ${wanted.dhcp.end}`);
  }
  if (actual.ipv6) out.push('an IPv6 address the panel does not set');
  return out;
}

/** What `virsh net-info` says about a network. */
export interface NetworkInfo {
  name: string;
  active: boolean;
  autostart: boolean;
  persistent: boolean;
  bridge: string | null;
}

/** Parses `virsh net-info` output. */
export function parseNetInfo(name: string, out: string): NetworkInfo {
  const field = (key: string) => new RegExp(`^${key}:\\s*(.*)$`, 'mi').exec(out)?.[1]?.trim();
  return {
    name,
    active: field('Active') === 'yes',
    autostart: field('Autostart') === 'yes',
    persistent: field('Persistent') === 'yes',
    bridge: field('Bridge') || null,
  };
}
