import { addressesForIndex, isMeshLayerKind, type MeshLayer, meshLayer } from '@clan/vpn';
import type { MeshLayerDto, MeshPeerDto } from './dto/mesh.dto';
import type { MeshNetworkEntity } from './mesh-network.entity';
import type { MeshPeerEntity } from './mesh-peer.entity';

/**
 * A peer's mesh addresses by the network's layer: from its index (WireGuard) or from its key (Yggdrasil: IPv6 only).
 * Everything that serves or names an address in the mesh (the door, machine backups, certificates) asks here, never the index.
 */
export function peerAddresses(
  ranges: Pick<MeshNetworkEntity, 'layer' | 'ipv4Cidr' | 'ipv6Prefix'>,
  p: Pick<MeshPeerEntity, 'name' | 'publicKey' | 'revokedAt' | 'index'>,
): { ipv4: string | null; ipv6: string | null } | null {
  const range = { ipv4Range: ranges.ipv4Cidr, ipv6Prefix: ranges.ipv6Prefix };
  const layer = isMeshLayerKind(ranges.layer) ? meshLayer(ranges.layer) : null;
  if (layer?.addressing === 'key') {
    // Like a freed index: a revoked peer has no address in the mesh any more.
    if (p.revokedAt !== null) return null;
    const peer = { name: p.name, kind: 'device' as const, publicKey: p.publicKey, ipv4: null, ipv6: null };
    const only = { ...peer, endpoint: null, behindNat: false, isRelay: false, listenPort: null };
    try {
      const addresses = layer.addressesOf({ name: 'network', ...range, peers: [only] }, p.name);
      return { ipv4: addresses.find((a) => !a.includes(':')) ?? null, ipv6: addresses.find((a) => a.includes(':')) ?? null };
    } catch {
      return null;
    }
  }
  return p.index === null ? null : addressesForIndex(range, p.index);
}

/** A peer as the API shows it, without live state (MeshStatus adds it). */
export function toPeerDto(ranges: MeshNetworkEntity, p: MeshPeerEntity, revision: number = ranges.revision): MeshPeerDto {
  const addresses = peerAddresses(ranges, p);
  return {
    name: p.name,
    kind: p.kind,
    ipv4: addresses?.ipv4 ?? null,
    ipv6: addresses?.ipv6 ?? null,
    publicKey: p.publicKey,
    endpoint: p.endpoint,
    behindNat: p.behindNat,
    relay: p.relay,
    relayOnly: p.relayOnly,
    panelHoldsKey: p.privateKeyEncrypted !== null,
    revoked: p.revokedAt !== null,
    createdAt: p.createdAt.toISOString(),
    revokedAt: p.revokedAt?.toISOString() ?? null,
    ownerUserId: p.ownerUserId,
    syncedRevision: p.syncedRevision,
    syncedAt: p.syncedAt?.toISOString() ?? null,
    pendingSync: p.revokedAt === null && p.syncedRevision < revision,
    online: null,
    lastHandshake: null,
    endpointSeen: null,
    rxBytes: null,
    txBytes: null,
    groups: p.groups ?? [],
    blocked: p.blockedAt !== null,
    blockedAt: p.blockedAt?.toISOString() ?? null,
    agent: null,
  };
}

/** What a client needs to know of the network's layer (the join page, the CLI). */
export function toLayerDto(layer: MeshLayer): MeshLayerDto {
  return {
    kind: layer.kind,
    title: layer.title,
    keyAlgorithm: layer.deviceKey.algorithm,
    publicKeyEncoding: layer.deviceKey.publicKeyEncoding,
    publicKeyLength: layer.deviceKey.publicKeyLength,
    configFormats: [...layer.configFormats],
  };
}
