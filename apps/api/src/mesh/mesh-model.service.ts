import { addressesForIndex, type MeshNetwork, type MeshPeer, parseEndpoint } from '@clan/vpn';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { notFound } from '../common/errors/domain-error';
import { NetworkEntity } from '../networks/network.entity';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { MeshLayers, type MeshLayerRegistration } from './layers/mesh-layers';
import { MeshIpam } from './mesh-ipam.service';
import { MeshNetworkEntity } from './mesh-network.entity';
import { MeshPeerEntity } from './mesh-peer.entity';
import { formatEndpointHost, hostListenPort } from './mesh-support';

/** Who a mesh model is rendered for: `machines` (their configs.json sections) or everyone else. */
export type MeshAudience = 'all' | 'machines';

/** A network's mesh as libs/vpn models it, with the rows it came from and the network's layer. */
export interface MeshModelView {
  network: NetworkEntity;
  ranges: MeshNetworkEntity;
  peers: MeshPeerEntity[];
  mesh: MeshNetwork;
  layer: MeshLayerRegistration;
}

/**
 * Reads a network's mesh from the database: its layer, its active peers and
 * the libs/vpn model every renderer takes; the revision counter and what
 * each peer has picked up.
 */
@Injectable()
export class MeshModel {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly ipam: MeshIpam,
    private readonly layers: MeshLayers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Host-managed interfaces on: the host is a peer of every mesh (relay, phonebook). */
  get hostEnabled(): boolean {
    return this.config.mesh.hostInterfaces;
  }

  async network(networkId: string): Promise<NetworkEntity> {
    const network = await this.ds.getRepository(NetworkEntity).findOneBy({ id: networkId });
    if (!network) throw notFound('The network');
    return network;
  }

  /** The network's ranges (allocated on first use) once the network is known to exist. */
  async ranges(networkId: string): Promise<MeshNetworkEntity> {
    const network = await this.network(networkId);
    return this.ipam.ranges(network.id);
  }

  /** The network's mesh layer as this panel runs it (409 in a sentence when it does not). */
  async layer(networkId: string): Promise<MeshLayerRegistration> {
    return this.layers.of((await this.ranges(networkId)).layer);
  }

  /** Networks that have a mesh (for start-up apply and reconcile). */
  async meshNetworkIds(): Promise<string[]> {
    return (await this.ds.getRepository(MeshNetworkEntity).find({ select: { networkId: true } })).map((r) => r.networkId);
  }

  /**
   * The network as libs/vpn models it, from the database: active, unblocked peers in render order, the host first (when host interfaces are on).
   * `machines`: as the machines' own sections see it — the host's endpoint defaults to the managed VM network's gateway
   * (hostEndpointFor); everything else (devices, the host's interface, rules) takes the default view.
   */
  async model(networkId: string, audience: MeshAudience = 'all'): Promise<MeshModelView> {
    const network = await this.network(networkId);
    const ranges = await this.ipam.ranges(network.id);
    const layer = this.layers.of(ranges.layer);
    const all = await this.ds.getRepository(MeshPeerEntity).find({ where: { networkId, revokedAt: IsNull() }, order: { index: 'ASC' } });
    // Blocked peers are out of the mesh like revoked ones (they keep their row, index and key for an unblock).
    const peers = all.filter((p) => (p.kind !== 'host' || this.hostEnabled) && p.blockedAt === null);
    const mesh: MeshNetwork = {
      name: network.name,
      ipv4Range: ranges.ipv4Cidr,
      ipv6Prefix: ranges.ipv6Prefix,
      peers: peers.map((p) => this.toMeshPeer(ranges, p, audience)),
    };
    return { network, ranges, peers, mesh, layer };
  }

  /** Bumps the network's mesh revision (after a member-list change) and returns the new one. */
  async bumpRevision(networkId: string): Promise<number> {
    const rows: { revision: number }[][] | { revision: number }[] = await this.ds.query(
      'UPDATE "mesh_networks" SET "revision" = "revision" + 1 WHERE "network_id" = $1 RETURNING "revision"',
      [networkId],
    );
    const flat = (Array.isArray(rows[0]) ? rows[0] : rows) as { revision: number }[];
    return flat[0]?.revision ?? 0;
  }

  /** Marks a peer as having picked up `revision` (never goes back). */
  async markSynced(peerId: string, revision: number): Promise<void> {
    await this.ds.query(
      'UPDATE "mesh_peers" SET "synced_revision" = GREATEST("synced_revision", $2), "synced_at" = now() WHERE "id" = $1',
      [peerId, revision],
    );
  }

  /**
   * Where `audience` dials the host: CLAN_MESH_ENDPOINT_HOST for everyone when set. Without it, machines on the
   * panel's own NAT network (CLAN_VM_NETWORK_CREATE) dial its gateway, the host's address on their bridge;
   * devices get nothing, as before.
   */
  hostEndpointFor(audience: MeshAudience): { host: string; relay: boolean } | null {
    if (this.config.mesh.endpointHost) return { host: this.config.mesh.endpointHost, relay: true };
    const managed = this.config.managedVmNetwork;
    if (audience === 'machines' && managed) return { host: managed.gateway, relay: false };
    return null;
  }

  private toMeshPeer(ranges: MeshNetworkEntity, p: MeshPeerEntity, audience: MeshAudience): MeshPeer {
    const { ipv4, ipv6 } = addressesForIndex({ ipv4Range: ranges.ipv4Cidr, ipv6Prefix: ranges.ipv6Prefix }, p.index as number);
    if (p.kind === 'host') {
      const port = hostListenPort(this.config.mesh.portBase, ranges.ipv4Cidr);
      const dial = this.hostEndpointFor(audience);
      const endpoint = dial ? formatEndpointHost(dial.host, port) : null;
      // The host relays for everyone when devices can reach it (CLAN_MESH_ENDPOINT_HOST); it is a machine as far as the
      // planner goes. The VM network's gateway reaches only the machines: an endpoint for them, not a relay.
      return {
        name: p.name,
        kind: 'machine',
        publicKey: p.publicKey,
        ipv4,
        ipv6,
        endpoint,
        behindNat: false,
        isRelay: dial?.relay ?? false,
        listenPort: port,
      };
    }
    const endpoint = p.endpoint ? parseEndpoint(p.endpoint) : null;
    return {
      name: p.name,
      kind: p.kind,
      publicKey: p.publicKey,
      ipv4,
      ipv6,
      endpoint: p.endpoint,
      behindNat: p.behindNat,
      isRelay: p.relay,
      relayOnly: p.relayOnly,
      // A peer with an endpoint listens on the endpoint's port (no port mapping in between); others let the system pick.
      listenPort: endpoint && !('problem' in endpoint) ? endpoint.port : null,
    };
  }
}
