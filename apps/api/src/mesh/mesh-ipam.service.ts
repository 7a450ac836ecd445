import { ErrorCode } from '@clan/contracts';
import { HOST_INDEX, nextFreeIndex, nextFreeNetworkRange, ulaPrefix } from '@clan/vpn';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { SecretBox } from '../services/secrets/secret-box';
import { MeshLayers } from './layers/mesh-layers';
import { MeshNetworkEntity } from './mesh-network.entity';
import { MeshPeerEntity } from './mesh-peer.entity';
import { ALLOCATION_ATTEMPTS, fromVpnError, HOST_PEER_NAME, jitter } from './mesh-support';

/**
 * Addresses of a network's mesh (docs/vpn.md, "Addressing"): the network's
 * ranges, allocated on first use, and a peer's index in them. Allocation
 * never holds a lock: it reads what is used, inserts the lowest free value
 * and lets a unique constraint refuse a concurrent twin, then the caller
 * retries.
 */
@Injectable()
export class MeshIpam {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly secrets: SecretBox,
    private readonly layers: MeshLayers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The network's ranges, allocated on first use (the first free /24 of the pool; the ULA /64 from its id), and the host's peer.
   * `layer`: the mesh layer stored with a first allocation (default WireGuard); ranges that exist keep theirs.
   */
  async ranges(networkId: string, options: { layer?: string } = {}): Promise<MeshNetworkEntity> {
    const repo = this.ds.getRepository(MeshNetworkEntity);
    for (let attempt = 0; attempt < ALLOCATION_ATTEMPTS; attempt++) {
      const existing = await repo.findOneBy({ networkId });
      if (existing) {
        await this.ensureHostPeer(existing);
        return existing;
      }
      const used = (await repo.find({ select: { ipv4Cidr: true } })).map((r) => r.ipv4Cidr);
      let ipv4Cidr: string;
      try {
        ipv4Cidr = nextFreeNetworkRange(used, { pool: this.config.mesh.pool });
      } catch (error) {
        fromVpnError(error, 'ipv4Cidr');
      }
      // A concurrent first use of this network, or another network taking the same /24, makes this a no-op: look again.
      await repo
        .createQueryBuilder()
        .insert()
        .values({ networkId, ipv4Cidr, ipv6Prefix: ulaPrefix(networkId), ...(options.layer ? { layer: options.layer } : {}) })
        .orIgnore()
        .execute();
      if (attempt > 0) await jitter(attempt);
    }
    throw new DomainError(ErrorCode.Conflict, 'The mesh address range could not be allocated because of concurrent changes; try again.');
  }

  /** The lowest free peer index of the network, read inside `tx` (the insert that follows may still lose a race). */
  async freeIndex(tx: EntityManager, ranges: MeshNetworkEntity): Promise<number> {
    const rows: { index: number }[] = await tx.query('SELECT "index" FROM "mesh_peers" WHERE "network_id" = $1 AND "index" IS NOT NULL', [
      ranges.networkId,
    ]);
    try {
      return nextFreeIndex(
        ranges.ipv4Cidr,
        rows.map((r) => r.index),
      );
    } catch (error) {
      fromVpnError(error, 'name');
    }
  }

  /** The host's own peer (index 1, key pair of the network's layer held by the panel); created once, concurrently safe by the (network, index) key. */
  private async ensureHostPeer(ranges: MeshNetworkEntity): Promise<void> {
    const repo = this.ds.getRepository(MeshPeerEntity);
    const networkId = ranges.networkId;
    if (await repo.exists({ where: { networkId, kind: 'host', revokedAt: IsNull() } })) return;
    const keys = this.layers.of(ranges.layer).layer.generateKeyPair();
    await repo
      .createQueryBuilder()
      .insert()
      .values({
        networkId,
        name: HOST_PEER_NAME,
        kind: 'host',
        index: HOST_INDEX,
        publicKey: keys.publicKey,
        privateKeyEncrypted: this.secrets.seal(keys.privateKey),
        endpoint: null,
        behindNat: false,
        relay: false,
        relayOnly: false,
        revokedAt: null,
      })
      .orIgnore()
      .execute();
  }
}
