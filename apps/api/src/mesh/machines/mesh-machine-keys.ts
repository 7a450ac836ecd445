import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { SecretBox } from '../../services/secrets/secret-box';
import type { SecretFile } from '../../vms/secrets-disk';
import { VmSecrets } from '../../vms/vm-secrets';
import { MeshLayers } from '../layers/mesh-layers';
import { MeshNetworkEntity } from '../mesh-network.entity';
import { MeshPeerEntity } from '../mesh-peer.entity';
import { meshKeyPath } from './machine-mesh-section';

/**
 * Puts each machine's mesh private key on its secrets disk (`mesh/<layer's
 * file>`, e.g. /run/clan-secrets/mesh/wireguard.key in the guest) in the form
 * the network's layer reads, the only way it leaves the panel: configs.json
 * and the Nix store name the file, never the key.
 */
@Injectable()
export class MeshMachineKeys implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly secrets: SecretBox,
    private readonly vmSecrets: VmSecrets,
    private readonly layers: MeshLayers,
  ) {}

  onModuleInit(): void {
    this.vmSecrets.register('mesh', (networkId, machine) => this.keyFiles(networkId, machine));
  }

  /** The machine's key file as its layer writes it (WireGuard: as `wg genkey` does); nothing when it has no active peer. */
  async keyFiles(networkId: string, machine: string): Promise<SecretFile[]> {
    const peer = await this.ds.getRepository(MeshPeerEntity).findOne({
      where: { networkId, name: machine, kind: 'machine', revokedAt: IsNull() },
      select: { id: true, privateKeyEncrypted: true },
    });
    if (!peer?.privateKeyEncrypted) return [];
    const ranges = await this.ds.getRepository(MeshNetworkEntity).findOneBy({ networkId });
    if (!ranges || !this.layers.has(ranges.layer)) return [];
    const { layer } = this.layers.of(ranges.layer);
    return [{ path: meshKeyPath(layer), content: layer.renderMachineKeyFile(this.secrets.open(peer.privateKeyEncrypted)) }];
  }
}
