import { MESH_INTERFACES } from '@clan/nix-schema';
import { VpnError } from '../errors';
import { formatEndpoint, parseEndpoint } from '../ip';
import type { JsonObject } from '../json';
import {
  checkPrivateKeyFile,
  commonNetworkProblems,
  findPeer,
  type LayerFirewall,
  type MeshNetwork,
  type MeshPeer,
  throwProblems,
} from '../mesh';
import { nftNixosTable, nftTableScript, quoteInterface } from '../nftables';
import { yggdrasilAddress } from './address';
import { isYggdrasilPublicKey, yggdrasilPublicKey } from './keys';

/**
 * Yggdrasil rendering. Yggdrasil routes over its own graph, so peerings only
 * need to keep the graph connected: every node peers with the relays that
 * have an endpoint (or, without relays, with every peer that has one).
 * `AllowedPublicKeys` limits who may open a peering *to* a node — it is not a
 * firewall: once peered, any node of the connected Yggdrasil graph can send
 * packets to the tun interface. yggdrasilFirewall() therefore drops every
 * packet on the interface whose other end is not a member's address.
 */

export const YGGDRASIL_PRIVATE_KEY_PLACEHOLDER = '{{PRIVATE_KEY}}';
export const YGGDRASIL_MEMBERS_TABLE = 'clan_ygg_members';

export function yggdrasilNetworkProblems(network: MeshNetwork): string[] {
  const problems = commonNetworkProblems(network);
  for (const peer of network.peers) {
    if (!isYggdrasilPublicKey(peer.publicKey)) {
      problems.push(
        `Peer ${JSON.stringify(peer.name)}: ${JSON.stringify(peer.publicKey)} is not a Yggdrasil public key (64 lower-case hex digits).`,
      );
    }
  }
  return problems;
}

export function validateYggdrasilNetwork(network: MeshNetwork): void {
  throwProblems(network, yggdrasilNetworkProblems(network));
}

/** tls://host:port, the peer URI of an endpoint. */
export function yggdrasilPeerUri(endpoint: string): string {
  const parsed = parseEndpoint(endpoint);
  if ('problem' in parsed) throw new VpnError('INVALID_NETWORK', `${parsed.problem}.`);
  return `tls://${formatEndpoint(parsed)}`;
}

/** The peers this node opens peerings to (see the module comment). */
export function yggdrasilUpstreams(network: MeshNetwork, self: MeshPeer): MeshPeer[] {
  const others = network.peers.filter((p) => p !== self && p.endpoint !== null);
  const relays = others.filter((p) => p.isRelay);
  const chosen = relays.length > 0 || self.isRelay ? relays : others;
  return [...chosen].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Yggdrasil's settings for one node, without the private key (the JSON `services.yggdrasil.settings` takes). */
export function yggdrasilSettings(network: MeshNetwork, peerName: string, interfaceName: string = MESH_INTERFACES.yggdrasil): JsonObject {
  validateYggdrasilNetwork(network);
  quoteInterface(interfaceName);
  const self = findPeer(network, peerName);
  const others = network.peers.filter((p) => p !== self);
  return {
    IfName: interfaceName,
    // An empty AllowedPublicKeys lets anybody peer, so a node with no other member does not listen.
    Listen: self.listenPort !== null && others.length > 0 ? [`tls://[::]:${self.listenPort}`] : [],
    Peers: yggdrasilUpstreams(network, self).map((p) => yggdrasilPeerUri(p.endpoint as string)),
    AllowedPublicKeys: others.map((p) => p.publicKey).sort(),
    MulticastInterfaces: [],
    NodeInfoPrivacy: true,
  };
}

/**
 * Why `settings` would let a node talk to anybody but the network's members
 * (null when it would not): every peering URI is a member's endpoint, every
 * allowed key a member's key (and the list is never empty while the node
 * listens — Yggdrasil takes an empty list as "anybody"), multicast discovery
 * off. The renderers check their own output with it, so a config that could
 * join the public Yggdrasil network is never handed out.
 */
export function yggdrasilMembersOnlyProblem(network: MeshNetwork, settings: JsonObject): string | null {
  const uris = new Set(network.peers.filter((p) => p.endpoint !== null).map((p) => yggdrasilPeerUri(p.endpoint as string)));
  const keys = new Set(network.peers.map((p) => p.publicKey));
  const list = (key: string): unknown[] => {
    const value = settings[key];
    return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  };
  const strangers = list('Peers').filter((uri) => typeof uri !== 'string' || !uris.has(uri));
  if (strangers.length > 0)
    return `it would peer with ${strangers.map((u) => JSON.stringify(u)).join(', ')}, which is not a member's endpoint`;
  if (settings['InterfacePeers'] !== undefined && Object.keys(settings['InterfacePeers'] as JsonObject).length > 0)
    return 'it would peer through InterfacePeers, which lists no member';
  const allowed = list('AllowedPublicKeys');
  const unknown = allowed.filter((k) => typeof k !== 'string' || !keys.has(k));
  if (unknown.length > 0) return `it would let ${unknown.map((k) => JSON.stringify(k)).join(', ')} peer, which is not a member's key`;
  if (list('Listen').length > 0 && allowed.length === 0) return 'it would listen with no AllowedPublicKeys, which lets anybody peer';
  if (list('MulticastInterfaces').length > 0) return 'it would discover peers by multicast on the local network';
  return null;
}

function checkMembersOnly(network: MeshNetwork, peerName: string, settings: JsonObject): JsonObject {
  const problem = yggdrasilMembersOnlyProblem(network, settings);
  if (problem !== null) {
    throw new VpnError('INVALID_CONFIG', `The Yggdrasil config of ${JSON.stringify(peerName)} is refused: ${problem}.`);
  }
  return settings;
}

/** The config file a device runs with (`yggdrasil -useconffile`), JSON (which is valid HJSON). */
export function renderYggdrasilConfig(
  network: MeshNetwork,
  peerName: string,
  options: { privateKey?: string; interfaceName?: string } = {},
): string {
  const settings = checkMembersOnly(network, peerName, yggdrasilSettings(network, peerName, options.interfaceName));
  let privateKey = YGGDRASIL_PRIVATE_KEY_PLACEHOLDER;
  if (options.privateKey !== undefined) {
    if (yggdrasilPublicKey(options.privateKey) !== findPeer(network, peerName).publicKey) {
      throw new VpnError('INVALID_KEY', `The private key given for ${JSON.stringify(peerName)} does not belong to its public key.`);
    }
    privateKey = options.privateKey;
  }
  return `${JSON.stringify({ PrivateKey: privateKey, ...settings }, null, 2)}\n`;
}

/**
 * The node config of the panel host's interface in a network (`yggdrasil
 * -useconffile`): the device form with the host's own interface name and no
 * admin socket (the host driver chooses one), private key included.
 */
export function renderYggdrasilHostConfig(
  network: MeshNetwork,
  peerName: string,
  options: { privateKey: string; interfaceName: string },
): { config: string; peers: number } {
  const text = renderYggdrasilConfig(network, peerName, options);
  const config: JsonObject = { ...(JSON.parse(text) as JsonObject), AdminListen: 'none' };
  return { config: `${JSON.stringify(config, null, 2)}\n`, peers: (config['AllowedPublicKeys'] as string[]).length };
}

/** The secret file a machine's `services.yggdrasil.configFile` points at: only the private key. */
export function renderYggdrasilKeyFile(privateKey: string): string {
  yggdrasilPublicKey(privateKey);
  return `${JSON.stringify({ PrivateKey: privateKey })}\n`;
}

/**
 * NixOS option values for a machine: `services.yggdrasil` with the settings and
 * `configFile` = the key file (outside the Nix store; systemd hands it to the
 * service as a credential), and the listen port opened.
 */
export function renderYggdrasilNixos(
  network: MeshNetwork,
  peerName: string,
  options: { privateKeyFile: string; interfaceName?: string },
): JsonObject {
  checkPrivateKeyFile(options.privateKeyFile);
  const settings = checkMembersOnly(network, peerName, yggdrasilSettings(network, peerName, options.interfaceName));
  return {
    services: {
      yggdrasil: {
        enable: true,
        openMulticastPort: false,
        persistentKeys: false,
        configFile: options.privateKeyFile,
        settings,
      },
    },
  };
}

/** The member firewall's nft table body: drops every packet on the interface whose other end is not one of `members` (addresses). */
function membersTableContent(members: readonly string[], interfaceName: string): string {
  const iface = quoteInterface(interfaceName);
  return [
    '\tset members {',
    '\t\ttype ipv6_addr',
    ...(members.length > 0 ? [`\t\telements = { ${[...members].sort().join(', ')} }`] : []),
    '\t}',
    '\tchain input {',
    '\t\ttype filter hook input priority filter - 10; policy accept;',
    `\t\tiifname ${iface} ip6 saddr != @members drop`,
    '\t}',
    '\tchain output {',
    '\t\ttype filter hook output priority filter - 10; policy accept;',
    `\t\toifname ${iface} ip6 daddr != @members drop`,
    '\t}',
    '',
  ].join('\n');
}

/**
 * The member firewall of a node from its own node config (what the panel
 * host applies before it restarts its daemon): the addresses of
 * `AllowedPublicKeys` and its own, as an `nft -f` script that replaces the
 * table atomically — a removed member's packets are dropped from then on.
 */
export function yggdrasilConfigFirewall(configText: string, interfaceName: string, tableName: string = YGGDRASIL_MEMBERS_TABLE): string {
  const config = JSON.parse(configText) as { PrivateKey?: unknown; AllowedPublicKeys?: unknown };
  const keys = Array.isArray(config.AllowedPublicKeys) ? config.AllowedPublicKeys : [];
  const members = keys.map((k) => yggdrasilAddress(String(k)));
  if (typeof config.PrivateKey === 'string') members.push(yggdrasilAddress(yggdrasilPublicKey(config.PrivateKey)));
  return nftTableScript('inet', tableName, membersTableContent(members, interfaceName));
}

/** Drops everything on the Yggdrasil interface that does not come from / go to a member's address. */
export function yggdrasilFirewall(
  network: MeshNetwork,
  peerName: string,
  interfaceName: string = MESH_INTERFACES.yggdrasil,
  tableName: string = YGGDRASIL_MEMBERS_TABLE,
): LayerFirewall {
  validateYggdrasilNetwork(network);
  const self = findPeer(network, peerName);
  const content = membersTableContent(
    network.peers.map((p) => yggdrasilAddress(p.publicKey)),
    interfaceName,
  );
  const listenPort = network.peers.length > 1 ? self.listenPort : null;
  const openPorts = listenPort === null ? [] : [{ protocol: 'tcp' as const, port: listenPort }];
  const nixos = nftNixosTable('inet', tableName, content);
  if (listenPort !== null) (nixos['networking'] as JsonObject)['firewall'] = { allowedTCPPorts: [listenPort] };
  return { openPorts, nftables: nftTableScript('inet', tableName, content), nixos };
}
