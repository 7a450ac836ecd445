import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { SecretBox } from '../../services/secrets/secret-box';
import type { SecretFile } from '../../vms/secrets-disk';
import { VmSecrets } from '../../vms/vm-secrets';
import { MeshPeerEntity } from '../mesh-peer.entity';
import { MESH_KEY_PATH } from './machine-mesh-section';

/**
 * Puts each machine's mesh private key on its secrets disk (`mesh/wireguard.key`,
 * /run/clan-secrets/mesh/wireguard.key in the guest), the only way it leaves
 * the panel: configs.json and the Nix store name the file, never the key.
 */
@Injectable()
export class MeshMachineKeys implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly secrets: SecretBox,
    private readonly vmSecrets: VmSecrets,
  ) {}

  onModuleInit(): void {
    this.vmSecrets.register('mesh', (networkId, machine) => this.keyFiles(networkId, machine));
  }

  /** The machine's key as `wg genkey` writes it (base64 and a newline); nothing when it has no active peer. */
  async keyFiles(networkId: string, machine: string): Promise<SecretFile[]> {
    const peer = await this.ds.getRepository(MeshPeerEntity).findOne({
      where: { networkId, name: machine, kind: 'machine', revokedAt: IsNull() },
      select: { id: true, privateKeyEncrypted: true },
    });
    if (!peer?.privateKeyEncrypted) return [];
    return [{ path: MESH_KEY_PATH, content: `${this.secrets.open(peer.privateKeyEncrypted)}\n` }];
  }
}
