import { ErrorCode } from '@clan/contracts';
import {
  addressesForIndex,
  formatEndpoint,
  generateWireGuardKeyPair,
  isWireGuardKey,
  type MeshNetwork,
  type MeshPeer,
  nextFreeIndex,
  nextFreeNetworkRange,
  parseEndpoint,
  planWireGuardMesh,
  renderWgQuick,
  renderWgSetconf,
  ulaPrefix,
  VpnError,
  wireGuardPeerPlan,
} from '@clan/vpn';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, QueryFailedError } from 'typeorm';
import { conflict, DomainError, invalid, notFound } from '../common/errors/domain-error';
import { NetworkEntity } from '../networks/network.entity';
import { SecretBox } from '../services/secrets/secret-box';
import type { ConfigFormat, CreateDeviceDto, MeshDto, MeshPeerDto } from './dto/mesh.dto';
import { MeshNetworkEntity } from './mesh-network.entity';
import { MESH_PEER_INDEX_CONSTRAINT, MESH_PEER_NAME_INDEX, MeshPeerEntity } from './mesh-peer.entity';

/** How often allocation retries after losing a race for an index or a range (unique violation). */
export const ALLOCATION_ATTEMPTS = 20;

const UNIQUE_VIOLATION = '23505';

function uniqueViolation(error: unknown): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driver = error.driverError as { code?: string; constraint?: string };
  return driver.code === UNIQUE_VIOLATION ? (driver.constraint ?? '') : null;
}

const jitter = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * (5 + 5 * attempt)));

/** Library errors are bad input or a full range: a sentence for 400/409, never a 500. */
function fromVpnError(error: unknown, field: string): never {
  if (error instanceof VpnError) {
    if (error.code === 'RANGE_FULL' || error.code === 'POOL_FULL') throw conflict(error.message);
    throw invalid(field, error.message);
  }
  throw error;
}

/**
 * The mesh of a network (issue 6, first slice): address ranges, devices and
 * their WireGuard configs, on top of libs/vpn. Allocation never holds a lock:
 * it reads the used indexes, inserts the lowest free one and lets the unique
 * constraint (network_id, index) refuse a concurrent twin, then retries.
 */
@Injectable()
export class MeshService {
  private readonly log = new Logger('Mesh');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly secrets: SecretBox,
  ) {}

  /** The network's ranges, allocated on first use (the first free /24 of the pool; the ULA /64 from its id). */
  async ranges(networkId: string): Promise<MeshNetworkEntity> {
    const repo = this.ds.getRepository(MeshNetworkEntity);
    for (let attempt = 0; attempt < ALLOCATION_ATTEMPTS; attempt++) {
      const existing = await repo.findOneBy({ networkId });
      if (existing) return existing;
      const used = (await repo.find({ select: { ipv4Cidr: true } })).map((r) => r.ipv4Cidr);
      let ipv4Cidr: string;
      try {
        ipv4Cidr = nextFreeNetworkRange(used);
      } catch (error) {
        fromVpnError(error, 'ipv4Cidr');
      }
      // A concurrent first use of this network, or another network taking the same /24, makes this a no-op: look again.
      await repo
        .createQueryBuilder()
        .insert()
        .values({ networkId, ipv4Cidr, ipv6Prefix: ulaPrefix(networkId) })
        .orIgnore()
        .execute();
      if (attempt > 0) await jitter(attempt);
    }
    throw new DomainError(ErrorCode.Conflict, 'The mesh address range could not be allocated because of concurrent changes; try again.');
  }

  async get(networkId: string): Promise<MeshDto> {
    const network = await this.network(networkId);
    const ranges = await this.ranges(network.id);
    const peers = await this.ds.getRepository(MeshPeerEntity).find({ where: { networkId }, order: { index: 'ASC', createdAt: 'ASC' } });
    const active = peers.filter((p) => p.revokedAt === null);
    const revoked = peers.filter((p) => p.revokedAt !== null);
    return { ipv4Cidr: ranges.ipv4Cidr, ipv6Prefix: ranges.ipv6Prefix, peers: [...active, ...revoked].map((p) => this.toDto(ranges, p)) };
  }

  async createDevice(networkId: string, body: CreateDeviceDto): Promise<MeshPeerDto> {
    const network = await this.network(networkId);
    // The slow and validating work happens before any database write.
    if (body.publicKey !== undefined && !isWireGuardKey(body.publicKey))
      throw invalid('publicKey', 'publicKey must be a WireGuard public key: 32 bytes in base64, as `wg pubkey` prints it.');
    let endpoint: string | null = null;
    if (body.endpoint !== undefined) {
      const parsed = parseEndpoint(body.endpoint);
      if ('problem' in parsed) throw invalid('endpoint', parsed.problem);
      endpoint = formatEndpoint(parsed);
    }
    if (body.relay && endpoint === null)
      throw invalid('relay', 'A relay must be reachable by the others: give the device an endpoint ("host:port") too.');
    const keys = body.publicKey === undefined ? generateWireGuardKeyPair() : { publicKey: body.publicKey, privateKey: null };
    const publicKey = keys.publicKey;
    const privateKeyEncrypted = keys.privateKey === null ? null : this.secrets.seal(keys.privateKey);
    const ranges = await this.ranges(network.id);

    const repo = this.ds.getRepository(MeshPeerEntity);
    const clash = await repo.findOne({
      where: [
        { networkId, name: body.name, revokedAt: IsNull() },
        { networkId, publicKey, revokedAt: IsNull() },
      ],
    });
    if (clash?.name === body.name)
      throw conflict(`This network already has a peer named "${body.name}"; pick another name or remove that one first.`);
    if (clash) throw conflict(`The peer "${clash.name}" already uses this public key; every device needs its own key pair.`);

    for (let attempt = 0; attempt < ALLOCATION_ATTEMPTS; attempt++) {
      try {
        const saved = await this.ds.transaction(async (tx) => {
          const rows: { index: number }[] = await tx.query(
            'SELECT "index" FROM "mesh_peers" WHERE "network_id" = $1 AND "index" IS NOT NULL',
            [networkId],
          );
          let index: number;
          try {
            index = nextFreeIndex(
              ranges.ipv4Cidr,
              rows.map((r) => r.index),
            );
          } catch (error) {
            fromVpnError(error, 'name');
          }
          return tx.getRepository(MeshPeerEntity).save(
            tx.getRepository(MeshPeerEntity).create({
              networkId,
              name: body.name,
              kind: 'device',
              index,
              publicKey,
              privateKeyEncrypted,
              endpoint,
              behindNat: body.behindNat ?? endpoint === null,
              relay: body.relay ?? false,
              relayOnly: body.relayOnly ?? false,
              revokedAt: null,
            }),
          );
        });
        return this.toDto(ranges, saved);
      } catch (error) {
        const constraint = uniqueViolation(error);
        if (constraint === MESH_PEER_NAME_INDEX)
          throw conflict(`This network already has a peer named "${body.name}"; pick another name or remove that one first.`);
        if (constraint !== MESH_PEER_INDEX_CONSTRAINT) throw error;
        await jitter(attempt);
      }
    }
    this.log.warn(`Gave up allocating a mesh address in network ${networkId} after ${ALLOCATION_ATTEMPTS} attempts`);
    throw new DomainError(ErrorCode.Conflict, 'Too many devices are being added to this network at once; try again in a moment.');
  }

  /** The device's rendered config. Holds its private key when the panel has it: the caller must never log it. */
  async deviceConfig(networkId: string, device: string, format: ConfigFormat): Promise<string> {
    const network = await this.network(networkId);
    const ranges = await this.ranges(network.id);
    const peers = await this.ds.getRepository(MeshPeerEntity).find({ where: { networkId, revokedAt: IsNull() }, order: { index: 'ASC' } });
    const peer = peers.find((p) => p.name === device && p.kind === 'device');
    if (!peer) throw this.noDevice(device);
    const mesh: MeshNetwork = {
      name: network.name,
      ipv4Range: ranges.ipv4Cidr,
      ipv6Prefix: ranges.ipv6Prefix,
      peers: peers.map((p) => this.toMeshPeer(ranges, p)),
    };
    let plan;
    try {
      plan = wireGuardPeerPlan(planWireGuardMesh(mesh), peer.name);
    } catch (error) {
      fromVpnError(error, 'device');
    }
    const privateKey = peer.privateKeyEncrypted ? this.secrets.open(peer.privateKeyEncrypted) : undefined;
    return format === 'syncconf' ? renderWgSetconf(plan, { privateKey }) : renderWgQuick(plan, { privateKey });
  }

  /** Removes the device from the mesh: frees its address, drops its private key, keeps a revoked record. */
  async revokeDevice(networkId: string, device: string): Promise<MeshPeerDto> {
    const network = await this.network(networkId);
    const ranges = await this.ranges(network.id);
    const repo = this.ds.getRepository(MeshPeerEntity);
    const peer = await repo.findOneBy({ networkId, name: device, kind: 'device', revokedAt: IsNull() });
    if (!peer) throw this.noDevice(device);
    const result = await repo
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()', index: null, privateKeyEncrypted: null })
      .where('id = :id AND revoked_at IS NULL', { id: peer.id })
      .execute();
    if (!result.affected) throw this.noDevice(device);
    const revoked = await repo.findOneByOrFail({ id: peer.id });
    return this.toDto(ranges, revoked);
  }

  private async network(networkId: string): Promise<NetworkEntity> {
    const network = await this.ds.getRepository(NetworkEntity).findOneBy({ id: networkId });
    if (!network) throw notFound('The network');
    return network;
  }

  private noDevice(device: string): DomainError {
    return new DomainError(ErrorCode.NotFound, `This network has no device named "${device}" (it may have been removed).`);
  }

  private toMeshPeer(ranges: MeshNetworkEntity, p: MeshPeerEntity): MeshPeer {
    const { ipv4, ipv6 } = addressesForIndex({ ipv4Range: ranges.ipv4Cidr, ipv6Prefix: ranges.ipv6Prefix }, p.index as number);
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

  private toDto(ranges: MeshNetworkEntity, p: MeshPeerEntity): MeshPeerDto {
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
    };
  }
}
