import type { MachineConfig } from '@clan/nix-schema';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { ConfigReader } from '../configs/config-reader.service';
import { MeshPeerEntity } from '../mesh/mesh-peer.entity';
import type { BackupSubjectKind } from './backup-policy.entity';

/**
 * The things a network can back up: the machines of its configuration and
 * the devices of its mesh (laptops, phones…). Read-only views of the
 * configuration and mesh modules' data.
 */
@Injectable()
export class BackupSubjects {
  private readonly logger = new Logger('BackupSubjects');

  constructor(
    private readonly configs: ConfigReader,
    @InjectRepository(MeshPeerEntity) private readonly peers: Repository<MeshPeerEntity>,
  ) {}

  /** Machines of the configuration at its head; empty when it has none or cannot be read. */
  async machines(networkId: string): Promise<Record<string, MachineConfig>> {
    try {
      return (await this.configs.head(networkId)).layers.effective;
    } catch (err) {
      this.logger.debug(`no machines for ${networkId}: ${(err as Error).message}`);
      return {};
    }
  }

  /** Names of the network's active mesh devices (not machines). */
  async devices(networkId: string): Promise<string[]> {
    const rows = await this.peers.find({ where: { networkId, kind: 'device', revokedAt: IsNull() }, select: { name: true } });
    return rows.map((r) => r.name).sort();
  }

  async exists(networkId: string, kind: BackupSubjectKind, name: string): Promise<boolean> {
    if (kind === 'machine') return name in (await this.machines(networkId));
    return this.peers.existsBy({ networkId, name, kind: 'device', revokedAt: IsNull() });
  }
}
