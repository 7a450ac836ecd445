import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { MeshNetworkEntity } from '../mesh/mesh-network.entity';
import { MeshPeerEntity } from '../mesh/mesh-peer.entity';
import { peerAddresses } from '../mesh/mesh-peer-dto';
import { NetworkEntity } from '../networks/network.entity';
import { networkNotFound } from '../networks/networks.service';
import { SecretBox } from '../services/secrets/secret-box';
import type { SecretFile } from '../vms/secrets-disk';
import { VmSecrets } from '../vms/vm-secrets';
import { MachineCertificateEntity } from './machine-certificate.entity';
import { NetworkCaEntity } from './network-ca.entity';
import {
  createNetworkCa,
  issueMachineCertificate,
  type KeyAndCertificate,
  type LeafRequest,
  machineDnsNames,
  needsRenewal,
  notAfterOf,
  sanKey,
} from './x509';

/** Where the guest finds them: /run/clan-secrets/tls/{cert,key,ca}.pem (nix/modules/https.nix reads them there). */
export const TLS_FILES = { cert: 'tls/cert.pem', key: 'tls/key.pem', ca: 'tls/ca.pem' } as const;

/**
 * Each network's certificate authority and its machines' certificates
 * (docs/https.md). The CA is created on first need; a machine's certificate
 * is issued at its first deployment and replaced at a deployment within 30
 * days of its end or after its names or addresses changed. Private keys are
 * sealed at rest and leave the panel only on the machine's secrets disk.
 */
@Injectable()
export class Pki implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly box: SecretBox,
    private readonly vmSecrets: VmSecrets,
  ) {}

  onModuleInit(): void {
    this.vmSecrets.register('tls', (networkId, machine) => this.machineFiles(networkId, machine));
  }

  /** The network's CA certificate (PEM), creating the CA on first use. */
  async caCertificate(networkId: string): Promise<{ network: string; pem: string }> {
    const network = await this.network(networkId);
    const ca = await this.ensureCa(network);
    return { network: network.name, pem: ca.certificatePem };
  }

  /** tls/cert.pem (the machine's certificate, then the CA: the chain nginx serves), tls/key.pem and tls/ca.pem. */
  async machineFiles(networkId: string, machine: string): Promise<SecretFile[]> {
    const network = await this.ds.getRepository(NetworkEntity).findOne({ where: { id: networkId }, select: { id: true, name: true } });
    if (!network) return [];
    const ca = await this.ensureCa(network);
    const leaf = await this.machineCertificate(network, machine, ca);
    return [
      { path: TLS_FILES.cert, content: `${leaf.certificatePem.trimEnd()}\n${ca.certificatePem.trimEnd()}\n` },
      { path: TLS_FILES.key, content: leaf.privateKeyPem },
      { path: TLS_FILES.ca, content: ca.certificatePem },
    ];
  }

  private async network(networkId: string): Promise<Pick<NetworkEntity, 'id' | 'name'>> {
    const network = await this.ds.getRepository(NetworkEntity).findOne({ where: { id: networkId }, select: { id: true, name: true } });
    if (!network) throw networkNotFound(networkId);
    return network;
  }

  /** Created once: concurrent first uses insert at most one row (the primary key), and every caller reads that one. */
  private async ensureCa(network: Pick<NetworkEntity, 'id' | 'name'>): Promise<KeyAndCertificate> {
    const repo = this.ds.getRepository(NetworkCaEntity);
    let row = await repo.findOneBy({ networkId: network.id });
    if (!row) {
      const ranges = await this.ds.getRepository(MeshNetworkEntity).findOneBy({ networkId: network.id });
      const ca = await createNetworkCa(network.name, ranges ? [ranges.ipv4Cidr, ranges.ipv6Prefix] : [], new Date());
      await repo
        .createQueryBuilder()
        .insert()
        .values({
          networkId: network.id,
          certificatePem: ca.certificatePem,
          privateKeyEncrypted: this.box.seal(ca.privateKeyPem),
          notAfter: notAfterOf(ca.certificatePem),
        })
        .orIgnore()
        .execute();
      row = await repo.findOneByOrFail({ networkId: network.id });
    }
    return { certificatePem: row.certificatePem, privateKeyPem: this.box.open(row.privateKeyEncrypted) };
  }

  private async machineCertificate(
    network: Pick<NetworkEntity, 'id' | 'name'>,
    machine: string,
    ca: KeyAndCertificate,
  ): Promise<KeyAndCertificate> {
    const wanted: LeafRequest = {
      dnsNames: machineDnsNames(machine, network.name),
      ipAddresses: await this.meshAddresses(network.id, machine),
    };
    const repo = this.ds.getRepository(MachineCertificateEntity);
    const current = await repo.findOneBy({ networkId: network.id, machine });
    const now = new Date();
    if (current && !needsRenewal(current, wanted, now)) {
      return { certificatePem: current.certificatePem, privateKeyPem: this.box.open(current.privateKeyEncrypted) };
    }
    const leaf = await issueMachineCertificate(ca, wanted, now);
    await repo.upsert(
      {
        networkId: network.id,
        machine,
        certificatePem: leaf.certificatePem,
        privateKeyEncrypted: this.box.seal(leaf.privateKeyPem),
        sanKey: sanKey(wanted),
        notAfter: notAfterOf(leaf.certificatePem),
      },
      ['networkId', 'machine'],
    );
    return leaf;
  }

  /** The machine's mesh addresses by the layer (none when it is not in the mesh). */
  private async meshAddresses(networkId: string, machine: string): Promise<string[]> {
    const peer = await this.ds.getRepository(MeshPeerEntity).findOne({
      where: { networkId, name: machine, kind: 'machine', revokedAt: IsNull() },
      select: { id: true, name: true, publicKey: true, index: true, revokedAt: true },
    });
    if (!peer) return [];
    const ranges = await this.ds.getRepository(MeshNetworkEntity).findOneBy({ networkId });
    if (!ranges) return [];
    return machineMeshAddresses(ranges, peer);
  }
}

/**
 * A machine's addresses in its network's mesh, for its certificate's IP SANs: by the network's layer — its IPv4 and
 * IPv6 from its index (WireGuard), or its key-derived Yggdrasil address (IPv6 only).
 */
export function machineMeshAddresses(
  ranges: Pick<MeshNetworkEntity, 'layer' | 'ipv4Cidr' | 'ipv6Prefix'>,
  peer: Pick<MeshPeerEntity, 'name' | 'publicKey' | 'index' | 'revokedAt'>,
): string[] {
  const addresses = peerAddresses(ranges, peer);
  return [addresses?.ipv4, addresses?.ipv6].filter((a): a is string => typeof a === 'string');
}
