import { VpnError } from './errors';
import { parseEndpoint } from './ip';
import type { JsonObject } from './json';

/**
 * The model every mesh layer renders from, and the interface a layer
 * implements (WireGuard and Yggdrasil now; tinc and ZeroTier later).
 */

export type MeshLayerKind = 'wireguard' | 'yggdrasil';
export type PeerKind = 'machine' | 'device';

export interface MeshPeer {
  /** DNS label, unique in the network; `<name>.<network>.clan` in the phonebook. */
  name: string;
  /** Machines are NixOS systems the panel deploys; devices are laptops and phones joined by invite. */
  kind: PeerKind;
  /** The layer's public key: WireGuard base64 (X25519) or Yggdrasil hex (ed25519). */
  publicKey: string;
  /** Mesh addresses from the network's ranges (WireGuard). Yggdrasil derives its address from the key. */
  ipv4: string | null;
  ipv6: string | null;
  /** Where other peers can reach this one from outside the mesh ("host:port"), or null when they cannot. */
  endpoint: string | null;
  /** Behind NAT: its outgoing mappings must be kept open with keepalives. */
  behindNat: boolean;
  /** Forwards traffic for peers that cannot reach each other directly. Needs an endpoint. */
  isRelay: boolean;
  /**
   * Talk directly to relays only and reach everyone else through them (WireGuard), so the config
   * stays a few sections long — a phone's QR code holds about 2,900 bytes. Ignored without relays.
   */
  relayOnly?: boolean;
  /** Port the peer listens on (UDP for WireGuard, TCP for Yggdrasil); null lets the system pick. */
  listenPort: number | null;
}

export interface MeshNetwork {
  /** The network's name: the phonebook zone `<name>.clan`. */
  name: string;
  ipv4Range: string;
  ipv6Prefix: string;
  peers: readonly MeshPeer[];
}

/** What a layer needs from the firewall (beyond the reachability rules). */
export interface LayerFirewall {
  /** Ports to open on every interface, because peers reach them from outside the mesh. */
  openPorts: { protocol: 'tcp' | 'udp'; port: number }[];
  /** A self-contained `nft -f` script that only ever drops (so it composes with any firewall), or null when none is needed. */
  nftables: string | null;
  /** The same as NixOS option values. */
  nixos: JsonObject;
}

export interface PeerConfigOptions {
  /** The peer's private key (for a config handed to a device); without it a placeholder is written. */
  privateKey?: string;
  /** Resolvers and search domains for the device (WireGuard's DNS line), e.g. the host's mesh address and `<network>.clan`. */
  dns?: string[];
  /** One of the layer's `configFormats`; default: the first. */
  format?: string;
}

export interface NixosOptions {
  /** Path of the private key on the machine, outside the Nix store. Key material never goes into NixOS option values. */
  privateKeyFile: string;
}

/** A layer's key pair in the layer's own text form. The private key is a secret. */
export interface MeshKeyPair {
  privateKey: string;
  publicKey: string;
}

/**
 * What a device needs to make its own key pair (the join page in a browser,
 * a CLI): the WebCrypto algorithm and how the layer writes the public key.
 */
export interface DeviceKeySpec {
  /** WebCrypto algorithm name: X25519 (WireGuard), Ed25519 (Yggdrasil). */
  algorithm: 'X25519' | 'Ed25519';
  /** The public key's text form: base64 of the 32 raw bytes (WireGuard), or 64 hex digits (Yggdrasil). */
  publicKeyEncoding: 'base64' | 'hex';
  /** Characters of the public key's text form. */
  publicKeyLength: number;
}

/**
 * Where a peer's mesh addresses come from: `index` — the network's ranges and
 * the peer's index (the panel allocates one; WireGuard); `key` — derived from
 * the public key (Yggdrasil), no allocation.
 */
export type MeshAddressing = 'index' | 'key';

/** What a host-managed interface applies (the panel host as a peer of the network). Holds a private key. */
export interface HostInterfaceRender {
  /** The layer's config text for the interface (WireGuard: the `wg syncconf` file, private key included). */
  config: string;
  /** The host relays between peers without a direct path: IP forwarding on. */
  forwards: boolean;
  /** How many peers the interface has a section for. */
  peers: number;
}

export interface MeshLayer {
  readonly kind: MeshLayerKind;
  /** How people call it: "WireGuard", "Yggdrasil". */
  readonly title: string;
  /** The mesh interface on machines: clan-wg or clan-ygg. */
  readonly interfaceName: string;
  /** Where peers' addresses come from (see MeshAddressing). */
  readonly addressing: MeshAddressing;
  /** What a device needs to make its own key pair. */
  readonly deviceKey: DeviceKeySpec;
  /** The config forms renderPeerConfig writes; the first is the default (WireGuard: wg-quick, syncconf). */
  readonly configFormats: readonly string[];
  /** File name of a machine's private key on its secrets disk (`mesh/<name>`). */
  readonly machineKeyFileName: string;

  /** A fresh key pair in the layer's text form. */
  generateKeyPair(): MeshKeyPair;
  /** null when `publicKey` is a public key of this layer, else a sentence saying what one looks like. */
  publicKeyProblem(publicKey: unknown): string | null;
  /** The content of a machine's key file (what the machine's service reads from privateKeyFile). */
  renderMachineKeyFile(privateKey: string): string;

  /** Throws VpnError INVALID_NETWORK listing every problem of the network for this layer. */
  validateNetwork(network: MeshNetwork): void;
  /** The peer's addresses inside the mesh (no prefix length). */
  addressesOf(network: MeshNetwork, peerName: string): string[];
  /** The text a device or host-managed interface applies (wg-quick file; Yggdrasil JSON config). */
  renderPeerConfig(network: MeshNetwork, peerName: string, options?: PeerConfigOptions): string;
  /** NixOS option values for a machine. Never contains a private key. */
  renderNixos(network: MeshNetwork, peerName: string, options: NixosOptions): JsonObject;
  /** The layer's own firewall needs on this peer. */
  renderFirewall(network: MeshNetwork, peerName: string): LayerFirewall;
  /**
   * The `mesh` section of configs.json for each of `machines` (what the cLAN
   * NixOS module turns into the machine's interface), rendered from one plan
   * of the whole network. Names the key file, never holds a key.
   */
  renderMachineSections(network: MeshNetwork, machines: readonly string[], options: NixosOptions): Record<string, JsonObject>;
  /**
   * What the host-managed interface of `peerName` (the panel host) applies, private key included.
   * `interfaceName`: the host's interface for this network, for layers whose config names it (Yggdrasil's IfName).
   */
  renderHostInterface(network: MeshNetwork, peerName: string, options: { privateKey: string; interfaceName?: string }): HostInterfaceRender;
}

/** The sentence for a config format the layer does not write. */
export function configFormatProblem(layer: Pick<MeshLayer, 'title' | 'configFormats'>, format: unknown): string | null {
  if (typeof format === 'string' && layer.configFormats.includes(format)) return null;
  return `format must be one of: ${layer.configFormats.join(', ')} (the ${layer.title} config forms).`;
}

export const PEER_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Checks that do not depend on the layer; returns sentences. */
export function commonNetworkProblems(network: MeshNetwork): string[] {
  const problems: string[] = [];
  if (typeof network.name !== 'string' || !PEER_NAME_PATTERN.test(network.name)) {
    problems.push(`The network name ${JSON.stringify(network.name)} must be a DNS label: a–z, 0–9 and "-", at most 63 characters.`);
  }
  const names = new Set<string>();
  const keys = new Map<string, string>();
  for (const peer of network.peers) {
    const who = `Peer ${JSON.stringify(peer.name)}`;
    if (typeof peer.name !== 'string' || !PEER_NAME_PATTERN.test(peer.name)) {
      problems.push(`${who}: a peer name must be a DNS label (a–z, 0–9 and "-", at most 63 characters).`);
    } else if (names.has(peer.name)) {
      problems.push(`${who} appears twice; peer names are unique in a network.`);
    }
    names.add(peer.name);
    if (peer.kind !== 'machine' && peer.kind !== 'device') problems.push(`${who}: kind must be "machine" or "device".`);
    const owner = keys.get(peer.publicKey);
    if (owner !== undefined) problems.push(`${who} has the same public key as ${JSON.stringify(owner)}; every peer needs its own key.`);
    keys.set(peer.publicKey, peer.name);
    if (peer.endpoint !== null) {
      const parsed = parseEndpoint(peer.endpoint);
      if ('problem' in parsed) problems.push(`${who}: ${parsed.problem}.`);
    }
    if (peer.listenPort !== null && !(Number.isInteger(peer.listenPort) && peer.listenPort >= 1 && peer.listenPort <= 65535)) {
      problems.push(`${who}: the listen port must be a number from 1 to 65535 (got ${JSON.stringify(peer.listenPort)}).`);
    }
    if (peer.isRelay && peer.relayOnly === true) problems.push(`${who} is a relay, so it cannot also reach others only through relays.`);
    if (peer.isRelay && peer.endpoint === null) {
      problems.push(`${who} is a relay but has no endpoint; a relay must be reachable by every peer.`);
    }
  }
  return problems;
}

export function throwProblems(network: MeshNetwork, problems: string[]): void {
  if (problems.length === 0) return;
  throw new VpnError(
    'INVALID_NETWORK',
    `The mesh of network ${JSON.stringify(network.name)} cannot be rendered (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${problems.join(' ')}`,
  );
}

export function findPeer(network: MeshNetwork, peerName: string): MeshPeer {
  const peer = network.peers.find((p) => p.name === peerName);
  if (!peer)
    throw new VpnError('UNKNOWN_PEER', `The network ${JSON.stringify(network.name)} has no peer named ${JSON.stringify(peerName)}.`);
  return peer;
}

/** A private key file must be an absolute path outside the Nix store (the store is world-readable). */
export function privateKeyFileProblem(path: string): string | null {
  if (typeof path !== 'string' || !path.startsWith('/'))
    return `The private key file must be an absolute path (got ${JSON.stringify(path)}).`;
  if (/[\0\n]/.test(path)) return 'The private key file path must not contain line breaks or NUL characters.';
  if (path === '/nix/store' || path.startsWith('/nix/store/')) {
    return `The private key file must be outside the Nix store, which is world-readable (got ${JSON.stringify(path)}).`;
  }
  return null;
}

export function checkPrivateKeyFile(path: string): void {
  const problem = privateKeyFileProblem(path);
  if (problem !== null) throw new VpnError('INVALID_CONFIG', problem);
}
