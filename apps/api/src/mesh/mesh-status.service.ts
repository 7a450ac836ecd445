import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { MeshAgentHub } from './agents/mesh-agent-hub.service';
import type { MeshDto, MeshHostDto, MeshPeerDto, MeshRemovalDto } from './dto/mesh.dto';
import type { LiveView } from './layers/mesh-layers';
import { MeshModel } from './mesh-model.service';
import { MeshPeerEntity } from './mesh-peer.entity';
import { toLayerDto, toPeerDto } from './mesh-peer-dto';
import { formatEndpointHost, hostInterfaceName, hostListenPort, REMOVAL_HISTORY_MS } from './mesh-support';

/**
 * The mesh as people see it (GET …/mesh): peers with their live state from
 * the host interface, and removals with who has picked them up (docs/vpn.md,
 * "Removal and pick-up tracking").
 */
@Injectable()
export class MeshStatus {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly model: MeshModel,
    private readonly agents: MeshAgentHub,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `live` is the host interface's view, when the host runs one: online state and last handshake per key. */
  async get(networkId: string, live: LiveView | null = null): Promise<MeshDto> {
    const ranges = await this.model.ranges(networkId);
    const { layer } = await this.model.layer(networkId);
    const hostEnabled = this.model.hostEnabled;
    const all = await this.ds.getRepository(MeshPeerEntity).find({ where: { networkId }, order: { index: 'ASC', createdAt: 'ASC' } });
    const peers = all.filter((p) => p.kind !== 'host' || hostEnabled);
    const active = peers.filter((p) => p.revokedAt === null);
    const revoked = peers.filter((p) => p.revokedAt !== null);
    const names = new Map(active.map((p) => [p.publicKey, p.name]));
    const dto = (p: MeshPeerEntity): MeshPeerDto => {
      const base = { ...toPeerDto(ranges, p, ranges.revision), agent: p.revokedAt === null ? this.agents.agentState(p, names) : null };
      const seen = live?.peers.get(p.publicKey);
      if (p.kind === 'host') return { ...base, online: live !== null && live.error === null };
      if (!live || live.error !== null || p.revokedAt !== null) return base;
      return {
        ...base,
        online: seen?.online ?? false,
        lastHandshake: seen?.latestHandshake ? new Date(seen.latestHandshake * 1000).toISOString() : null,
        endpointSeen: seen?.endpoint ?? null,
        rxBytes: seen?.rxBytes ?? null,
        txBytes: seen?.txBytes ?? null,
      };
    };
    const inMesh = active.filter((p) => p.blockedAt === null);
    const removals: MeshRemovalDto[] = [];
    for (const r of revoked) {
      const revision = r.revokedRevision;
      if (revision === null || r.revokedAt === null) continue;
      // Blocked peers are out of the mesh: nobody needs them to drop a key.
      const stillTrustedBy = inMesh.filter((p) => p.syncedRevision < revision).map((p) => p.name);
      if (stillTrustedBy.length === 0 && Date.now() - r.revokedAt.getTime() > REMOVAL_HISTORY_MS) continue;
      removals.push({
        name: r.name,
        kind: r.kind,
        revokedAt: r.revokedAt.toISOString(),
        revision,
        peersTotal: inMesh.length,
        peersUpdated: inMesh.length - stillTrustedBy.length,
        stillTrustedBy,
      });
    }
    const port = hostListenPort(this.config.mesh.portBase, ranges.ipv4Cidr);
    const host: MeshHostDto | null = hostEnabled
      ? {
          interfaceName: hostInterfaceName(networkId),
          listenPort: port,
          endpoint: this.config.mesh.endpointHost ? formatEndpointHost(this.config.mesh.endpointHost, port) : null,
          appliedRevision: active.find((p) => p.kind === 'host')?.syncedRevision ?? 0,
          error: live?.error ?? null,
        }
      : null;
    return {
      layer: toLayerDto(layer),
      ipv4Cidr: ranges.ipv4Cidr,
      ipv6Prefix: ranges.ipv6Prefix,
      revision: ranges.revision,
      host,
      peers: [...active, ...revoked].map(dto),
      removals,
    };
  }
}
