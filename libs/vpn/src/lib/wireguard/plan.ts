import { VpnError } from '../errors';
import { indexOfIpv4, indexOfIpv6, interfaceAddresses } from '../addressing';
import { isWireGuardKey } from '../keys';
import { canonicalIp, formatCidr, parseCidr } from '../ip';
import { commonNetworkProblems, type MeshNetwork, type MeshPeer, type PeerKind, throwProblems } from '../mesh';

/**
 * The WireGuard full mesh as data: for each peer, the other peers it talks to
 * and what each of them carries. Renderers (wg-quick, `wg syncconf`, NixOS)
 * only format this plan.
 *
 * - Two peers talk directly when at least one of them has an endpoint: the
 *   other one initiates, and WireGuard learns its address from the handshake.
 * - Two peers without endpoints cannot; a relay (a peer with `isRelay` and an
 *   endpoint) carries their traffic. The relay is chosen per pair,
 *   deterministically, and the same on both sides: each side's [Peer] section
 *   for the relay lists the other's addresses in AllowedIPs, and the relay
 *   routes between its own sections (IP forwarding on). WireGuard accepts a
 *   packet only if its source address is in the AllowedIPs of the peer it came
 *   from, so both sides must agree on the relay — hence one relay per pair.
 * - When a peer reaches all its relayed peers through one relay (the usual
 *   case: one hub), that relay's section carries the network's whole ranges
 *   instead of one /32 + /128 per relayed peer. WireGuard picks the peer by
 *   longest prefix, so the direct peers' /32s still win; the config stays
 *   small (a phone's QR code) and does not change when another device joins
 *   or leaves. The relay can then also claim unassigned addresses of the
 *   network as sources — it is a trusted member anyway, and it cannot claim
 *   a direct peer's address.
 * - A `relayOnly` peer (a phone, whose config must fit in a QR code) talks
 *   directly to relays only; every other pair it is part of goes through a
 *   relay as above, when the network has one.
 * - PersistentKeepalive is set on a section when this peer is behind NAT or
 *   has no endpoint (its outgoing NAT mapping / its only path must be kept
 *   open), or when the other peer is behind NAT (keeps that peer's mapping
 *   alive from this side once its address is known).
 */

export const PERSISTENT_KEEPALIVE_SECONDS = 25;

/** What a relay needs on top of its WireGuard config: routing between its peers. */
export const RELAY_SYSCTLS: Readonly<Record<string, string>> = {
  'net.ipv4.ip_forward': '1',
  'net.ipv6.conf.all.forwarding': '1',
};

export interface WireGuardPeerEntry {
  name: string;
  kind: PeerKind;
  publicKey: string;
  /**
   * This peer's own /32 and /128, plus those of the peers relayed through it —
   * or, when it is the only relay this peer uses, the network's whole ranges
   * (see planWireGuardMesh).
   */
  allowedIps: string[];
  endpoint: string | null;
  persistentKeepalive: number | null;
  /** Peers reached through this one, sorted by name (empty for a direct peer). */
  relayFor: string[];
}

export interface WireGuardPeerPlan {
  name: string;
  kind: PeerKind;
  /** Interface addresses with prefix length, e.g. ["10.100.0.2/24", "fd…::2/64"]. */
  addresses: string[];
  listenPort: number | null;
  /** The other peers this one has a [Peer] section for, sorted by name. */
  peers: WireGuardPeerEntry[];
  /** True when this peer relays traffic between others: it needs RELAY_SYSCTLS. */
  forwards: boolean;
}

export interface WireGuardMeshPlan {
  network: string;
  /** Every peer's plan, sorted by name. */
  peers: WireGuardPeerPlan[];
  /** Pairs that go through a relay (no direct path, or one of them is relayOnly) and the relay that carries them. */
  relayed: { a: string; b: string; relay: string }[];
  /** Pairs without a direct path and no relay to carry them: they cannot reach each other. */
  unreachable: { a: string; b: string }[];
}

/** Problems specific to WireGuard: keys, addresses inside the network's ranges, no address twice. */
export function wireGuardNetworkProblems(network: MeshNetwork): string[] {
  const problems = commonNetworkProblems(network);
  const seen = new Map<string, string>();
  for (const peer of network.peers) {
    const who = `Peer ${JSON.stringify(peer.name)}`;
    if (!isWireGuardKey(peer.publicKey))
      problems.push(`${who}: ${JSON.stringify(peer.publicKey)} is not a WireGuard public key (44 characters of base64).`);
    const v4 = peer.ipv4 === null ? null : indexOfIpv4(network.ipv4Range, peer.ipv4);
    if (v4 === null)
      problems.push(`${who}: its IPv4 address ${JSON.stringify(peer.ipv4)} is not a usable address of ${network.ipv4Range}.`);
    const v6 = peer.ipv6 === null ? null : indexOfIpv6(network.ipv6Prefix, peer.ipv6);
    if (v6 === null)
      problems.push(`${who}: its IPv6 address ${JSON.stringify(peer.ipv6)} is not a usable address of ${network.ipv6Prefix}.`);
    for (const address of [peer.ipv4, peer.ipv6]) {
      const canonical = address === null ? null : canonicalIp(address);
      if (canonical === null) continue;
      const owner = seen.get(canonical);
      if (owner !== undefined) problems.push(`${who} has the address ${canonical}, which ${JSON.stringify(owner)} has too.`);
      seen.set(canonical, peer.name);
    }
  }
  return problems;
}

export function validateWireGuardNetwork(network: MeshNetwork): void {
  throwProblems(network, wireGuardNetworkProblems(network));
}

function hostRoutes(peer: MeshPeer): string[] {
  return [`${canonicalIp(peer.ipv4 as string)}/32`, `${canonicalIp(peer.ipv6 as string)}/128`];
}

/** FNV-1a, 32 bits: a small stable hash to spread pairs over relays. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function keepalive(self: MeshPeer, other: MeshPeer): number | null {
  return self.behindNat || self.endpoint === null || other.behindNat ? PERSISTENT_KEEPALIVE_SECONDS : null;
}

/** Plans the full mesh. Throws VpnError INVALID_NETWORK when the network is not valid for WireGuard. */
export function planWireGuardMesh(network: MeshNetwork): WireGuardMeshPlan {
  validateWireGuardNetwork(network);
  const peers = [...network.peers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const relays = peers.filter((p) => p.isRelay);
  const relayed: WireGuardMeshPlan['relayed'] = [];
  const unreachable: WireGuardMeshPlan['unreachable'] = [];
  /** relayFor.get(self).get(relay) = peers self reaches through relay */
  const relayFor = new Map<string, Map<string, MeshPeer[]>>(peers.map((p) => [p.name, new Map()]));
  const pairKey = (x: MeshPeer, y: MeshPeer) => (x.name < y.name ? `${x.name}\n${y.name}` : `${y.name}\n${x.name}`);
  /** Pairs that could talk directly but go through a relay because one of them is relayOnly. */
  const directlyRelayed = new Set<string>();

  for (let i = 0; i < peers.length; i++) {
    for (let j = i + 1; j < peers.length; j++) {
      const a = peers[i];
      const b = peers[j];
      const direct = a.endpoint !== null || b.endpoint !== null;
      const wantsRelay = (a.relayOnly === true && !b.isRelay) || (b.relayOnly === true && !a.isRelay);
      if (direct && !(wantsRelay && relays.length > 0)) continue;
      if (relays.length === 0) {
        unreachable.push({ a: a.name, b: b.name });
        continue;
      }
      if (direct) directlyRelayed.add(pairKey(a, b));
      const relay = relays[fnv1a(`${a.name}\n${b.name}`) % relays.length];
      relayed.push({ a: a.name, b: b.name, relay: relay.name });
      for (const [self, other] of [
        [a, b],
        [b, a],
      ]) {
        const viaRelay = relayFor.get(self.name) as Map<string, MeshPeer[]>;
        const list = viaRelay.get(relay.name);
        if (list) list.push(other);
        else viaRelay.set(relay.name, [other]);
      }
    }
  }

  const routes = new Map(peers.map((p) => [p.name, hostRoutes(p)]));
  const routesOf = (p: MeshPeer) => routes.get(p.name) as string[];
  const forwarding = new Set(relayed.map((r) => r.relay));
  const addressing = { ipv4Range: network.ipv4Range, ipv6Prefix: network.ipv6Prefix };
  const wholeNetwork = [formatCidr(parseCidr(network.ipv4Range)), formatCidr(parseCidr(network.ipv6Prefix))];
  return {
    network: network.name,
    relayed,
    unreachable,
    peers: peers.map((self) => {
      const viaRelay = relayFor.get(self.name) as Map<string, MeshPeer[]>;
      const entries: WireGuardPeerEntry[] = peers
        .filter(
          (other) => other !== self && !directlyRelayed.has(pairKey(self, other)) && (self.endpoint !== null || other.endpoint !== null),
        )
        .map((other) => {
          const through = [...(viaRelay.get(other.name) ?? [])].sort((x, y) => (x.name < y.name ? -1 : 1));
          return {
            name: other.name,
            kind: other.kind,
            publicKey: other.publicKey,
            allowedIps:
              through.length === 0
                ? routesOf(other)
                : viaRelay.size === 1
                  ? wholeNetwork
                  : [...routesOf(other), ...through.flatMap(routesOf)],
            endpoint: other.endpoint,
            persistentKeepalive: keepalive(self, other),
            relayFor: through.map((p) => p.name),
          };
        });
      return {
        name: self.name,
        kind: self.kind,
        addresses: interfaceAddresses(addressing, {
          ipv4: canonicalIp(self.ipv4 as string) as string,
          ipv6: canonicalIp(self.ipv6 as string) as string,
        }),
        listenPort: self.listenPort,
        peers: entries,
        forwards: forwarding.has(self.name),
      };
    }),
  };
}

/** One peer's plan (throws VpnError UNKNOWN_PEER). */
export function wireGuardPeerPlan(plan: WireGuardMeshPlan, peerName: string): WireGuardPeerPlan {
  const found = plan.peers.find((p) => p.name === peerName);
  if (!found)
    throw new VpnError('UNKNOWN_PEER', `The mesh plan of ${JSON.stringify(plan.network)} has no peer named ${JSON.stringify(peerName)}.`);
  return found;
}
