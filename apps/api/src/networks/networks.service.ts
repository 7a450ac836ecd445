import { ErrorCode, HOST_ADMIN_ROLE, NetworkRole, NetworkSystem } from '@clan/contracts';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, Repository } from 'typeorm';
import type { Principal } from '../common/authz/principal';
import { NetworkRepoService } from '../configs/network-repo.service';
import { SystemFlakes } from '../configs/system-flakes.service';
import { conflict, DomainError, invalid } from '../common/errors/domain-error';
import type { PreparedJson } from '../common/http/prepared-json';
import { ReadModelCache } from '../common/read-model/read-model-cache';
import { MeshIpam } from '../mesh/mesh-ipam.service';
import { MeshLayers } from '../mesh/layers/mesh-layers';
import type { CreateNetworkDto, MyRole, NetworkDto, NetworkListDto, UpdateNetworkDto } from './dto/network.dto';
import { DEFAULT_PAGE_SIZE, type PagingQueryDto } from './dto/paging.dto';
import { UpdateRolloutStatus } from '../updates/update-rollout.entity';
import { NetworkMemberEntity } from './network-member.entity';
import { NetworkEntity } from './network.entity';
import { type NetworkUpdateFlags, NO_UPDATE_FLAGS, toNetworkDto } from './networks.mapper';

export const networkNotFound = (id: string) => new DomainError(ErrorCode.NotFound, `No network has the id "${id}".`);

/** Postgres' unique_violation, raised when a concurrent request won the race past our pre-check. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  return e?.code === '23505' || e?.driverError?.code === '23505';
}

/** Loads a network and locks its row so membership changes in it are serialised (last-owner rule). */
export async function lockNetwork(em: EntityManager, id: string): Promise<NetworkEntity> {
  const network = await em.findOne(NetworkEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!network) throw networkNotFound(id);
  return network;
}

@Injectable()
export class NetworksService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(NetworkEntity) private readonly networks: Repository<NetworkEntity>,
    @InjectRepository(NetworkMemberEntity) private readonly members: Repository<NetworkMemberEntity>,
    private readonly repos: NetworkRepoService,
    private readonly flakes: SystemFlakes,
    private readonly readModels: ReadModelCache,
    private readonly meshIpam: MeshIpam,
    private readonly meshLayers: MeshLayers,
  ) {}

  /** The caller's networks; every network for the host admin. Kept until the next write to networks, their members or users. */
  list(principal: Principal, paging: PagingQueryDto): Promise<PreparedJson<NetworkListDto>> {
    const key = `networks:${principal.userId}:${principal.isHostAdmin}:${paging.offset ?? 0}:${paging.limit ?? DEFAULT_PAGE_SIZE}`;
    return this.readModels.json(key, ['networks', 'network_members', 'users', 'network_updates', 'update_rollouts'], () =>
      this.load(principal, paging),
    );
  }

  private async load(principal: Principal, paging: PagingQueryDto): Promise<NetworkListDto> {
    const mine = await this.members.find({ where: { userId: principal.userId }, select: { networkId: true, role: true } });
    const roles = new Map(mine.map((m) => [m.networkId, m.role]));
    if (!principal.isHostAdmin && roles.size === 0) return { items: [], total: 0 };
    const [rows, total] = await this.networks.findAndCount({
      where: principal.isHostAdmin ? {} : { id: In([...roles.keys()]) },
      order: { name: 'ASC' },
      skip: paging.offset ?? 0,
      take: paging.limit ?? DEFAULT_PAGE_SIZE,
    });
    const ids = rows.map((n) => n.id);
    const [counts, flags] = await Promise.all([this.memberCounts(ids), this.updateFlags(ids)]);
    return {
      items: rows.map((n) =>
        toNetworkDto(n, counts.get(n.id) ?? 0, roles.get(n.id) ?? HOST_ADMIN_ROLE, flags.get(n.id) ?? NO_UPDATE_FLAGS),
      ),
      total,
    };
  }

  async get(principal: Principal, id: string): Promise<NetworkDto> {
    const network = await this.networks.findOne({ where: { id } });
    if (!network) throw networkNotFound(id);
    return this.dto(principal, network);
  }

  /** Creates the network with the caller as its first owner, atomically. */
  async create(principal: Principal, input: CreateNetworkDto): Promise<NetworkDto> {
    const taken = () => conflict(`A network named ${input.name} already exists.`);
    if (await this.networks.exists({ where: { name: input.name } })) throw taken();
    const system = input.system ?? NetworkSystem.Nixos;
    // The demo system is prepared now (once per panel version), so a host that cannot run it says why before the network exists.
    if (system === NetworkSystem.Demo) await this.flakes.ensureDemo();
    if (input.meshLayer !== undefined && !this.meshLayers.has(input.meshLayer)) {
      throw invalid(
        'meshLayer',
        `This panel does not run the mesh layer ${input.meshLayer}; use one of: ${this.meshLayers.kinds.join(', ')}.`,
      );
    }
    try {
      const network = await this.dataSource.transaction(async (em) => {
        const created = await em.save(em.create(NetworkEntity, { name: input.name, description: input.description ?? '', system }));
        await em.insert(NetworkMemberEntity, { networkId: created.id, userId: principal.userId, role: NetworkRole.Owner });
        return created;
      });
      await this.repos.createForNetwork(network.id, principal.userId); // first commit "Create network <name>" by the creator
      // A chosen layer is stored with the mesh's ranges, allocated now; without a choice they come on first use (WireGuard).
      if (input.meshLayer !== undefined) await this.meshIpam.ranges(network.id, { layer: input.meshLayer });
      return toNetworkDto(network, 1, NetworkRole.Owner);
    } catch (err) {
      if (isUniqueViolation(err)) throw taken();
      throw err;
    }
  }

  async update(principal: Principal, id: string, input: UpdateNetworkDto): Promise<NetworkDto> {
    const network = await this.networks.findOne({ where: { id } });
    if (!network) throw networkNotFound(id);
    if (input.system === NetworkSystem.Demo && network.system !== NetworkSystem.Demo) await this.flakes.ensureDemo();
    if (input.description !== undefined) network.description = input.description;
    if (input.system !== undefined) network.system = input.system;
    if (input.description !== undefined || input.system !== undefined) await this.networks.save(network);
    return this.dto(principal, network);
  }

  /** Members go with it (ON DELETE CASCADE). */
  async remove(id: string): Promise<void> {
    const result = await this.networks.delete({ id });
    if (!result.affected) throw networkNotFound(id);
    await this.repos.archive(id);
  }

  private async dto(principal: Principal, network: NetworkEntity): Promise<NetworkDto> {
    const [counts, membership, flags] = await Promise.all([
      this.memberCounts([network.id]),
      this.members.findOne({ where: { networkId: network.id, userId: principal.userId }, select: { role: true } }),
      this.updateFlags([network.id]),
    ]);
    const myRole: MyRole = membership?.role ?? HOST_ADMIN_ROLE;
    return toNetworkDto(network, counts.get(network.id) ?? 0, myRole, flags.get(network.id) ?? NO_UPDATE_FLAGS);
  }

  /**
   * Per network: an update is available (the last check's revision differs from the one it found
   * pinned, as updateAvailable() in the updates module), and whether a rollout is halted. One query.
   */
  private async updateFlags(networkIds: string[]): Promise<Map<string, NetworkUpdateFlags>> {
    if (networkIds.length === 0) return new Map();
    const rows: { network_id: string; update_available: boolean; rollout_halted: boolean }[] = await this.dataSource.query(
      `SELECT n.id AS network_id,
              EXISTS (SELECT 1 FROM network_updates u
                       WHERE u.network_id = n.id AND u.current_rev IS NOT NULL AND u.latest_rev IS NOT NULL
                         AND u.current_rev <> u.latest_rev) AS update_available,
              EXISTS (SELECT 1 FROM update_rollouts r WHERE r.network_id = n.id AND r.status = $2) AS rollout_halted
         FROM unnest($1::uuid[]) AS n(id)`,
      [networkIds, UpdateRolloutStatus.Halted],
    );
    return new Map(rows.map((r) => [r.network_id, { updateAvailable: r.update_available, rolloutHalted: r.rollout_halted }]));
  }

  private async memberCounts(networkIds: string[]): Promise<Map<string, number>> {
    if (networkIds.length === 0) return new Map();
    const rows = await this.members
      .createQueryBuilder('m')
      .select('m.networkId', 'networkId')
      .addSelect('COUNT(*)', 'count')
      .where('m.networkId IN (:...networkIds)', { networkIds })
      .groupBy('m.networkId')
      .getRawMany<{ networkId: string; count: string }>();
    return new Map(rows.map((r) => [r.networkId, Number(r.count)]));
  }
}
