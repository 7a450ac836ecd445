import { addressesForIndex, type MeshLayer } from '@clan/vpn';
import type { MeshLayerDto, MeshPeerDto } from './dto/mesh.dto';
import type { MeshNetworkEntity } from './mesh-network.entity';
import type { MeshPeerEntity } from './mesh-peer.entity';

/** A peer as the API shows it, without live state (MeshStatus adds it). */
export function toPeerDto(ranges: MeshNetworkEntity, p: MeshPeerEntity, revision: number = ranges.revision): MeshPeerDto {
  const addresses = p.index === null ? null : addressesForIndex({ ipv4Range: ranges.ipv4Cidr, ipv6Prefix: ranges.ipv6Prefix }, p.index);
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
