import { ErrorCode, HOST_ADMIN_ROLE, NetworkRole } from '@clan/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import type { Principal } from '../common/authz/principal';
import { MeshInvites } from '../mesh/mesh-invites.service';
import { MeshService } from '../mesh/mesh.service';
import { conflict, DomainError, forbidden } from '../common/errors/domain-error';
import { UserEntity } from '../users/user.entity';
import type { AddMemberDto, MemberDto, MemberListDto } from './dto/member.dto';
import { DEFAULT_PAGE_SIZE, type PagingQueryDto } from './dto/paging.dto';
import { type ActorRole, assertMayChangeRole, assertMayGrant, assertMayRemove } from './member-rules';
import { NetworkMemberEntity } from './network-member.entity';
import { NetworkEntity } from './network.entity';
import { toMemberDto } from './networks.mapper';
import { isUniqueViolation, lockNetwork, networkNotFound } from './networks.service';

const USER_COLUMNS = { id: true, username: true, displayName: true } as const;

/**
 * Membership changes run in a transaction holding the network row's lock, so
 * two concurrent demotions cannot both pass the last-owner check.
 */
@Injectable()
export class MembersService {
  private readonly log = new Logger('Members');

  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(NetworkEntity) private readonly networks: Repository<NetworkEntity>,
    @InjectRepository(NetworkMemberEntity) private readonly members: Repository<NetworkMemberEntity>,
    private readonly mesh: MeshService,
    private readonly meshInvites: MeshInvites,
  ) {}

  async list(networkId: string, paging: PagingQueryDto): Promise<MemberListDto> {
    if (!(await this.networks.exists({ where: { id: networkId } }))) throw networkNotFound(networkId);
    const [rows, total] = await this.members.findAndCount({
      where: { networkId },
      relations: { user: true },
      select: { networkId: true, userId: true, role: true, createdAt: true, user: USER_COLUMNS },
      order: { user: { username: 'ASC' } },
      skip: paging.offset ?? 0,
      take: paging.limit ?? DEFAULT_PAGE_SIZE,
    });
    return { items: rows.map((m) => toMemberDto(m, m.user as UserEntity)), total };
  }

  async add(principal: Principal, networkId: string, input: AddMemberDto): Promise<MemberDto> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const network = await lockNetwork(em, networkId);
        assertMayGrant(await this.actorRole(em, principal, networkId), input.role);
        const user = await em.findOne(UserEntity, { where: { username: input.username.toLowerCase() }, select: USER_COLUMNS });
        if (!user)
          throw new DomainError(ErrorCode.NotFound, `No user named ${input.username}.`, [{ field: 'username', message: 'no such user' }]);
        const existing = await em.findOne(NetworkMemberEntity, { where: { networkId, userId: user.id }, select: { role: true } });
        if (existing) throw conflict(`${user.username} is already a member of ${network.name} (as ${existing.role}).`);
        const member = await em.save(em.create(NetworkMemberEntity, { networkId, userId: user.id, role: input.role }));
        return toMemberDto(member, user);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`${input.username} is already a member of this network.`);
      throw err;
    }
  }

  async changeRole(principal: Principal, networkId: string, userId: string, role: NetworkRole): Promise<MemberDto> {
    return this.dataSource.transaction(async (em) => {
      const network = await lockNetwork(em, networkId);
      const target = await this.findMember(em, network, userId);
      const actor = await this.actorRole(em, principal, networkId);
      assertMayChangeRole(actor, { username: target.user.username, role: target.role }, role, await this.ownerCount(em, networkId));
      if (target.role !== role) await em.update(NetworkMemberEntity, { networkId, userId }, { role });
      return toMemberDto({ ...target, role }, target.user);
    });
  }

  /** Removes the member; their devices in the network leave the mesh and their unused invites are cancelled. */
  async remove(principal: Principal, networkId: string, userId: string): Promise<void> {
    const username = await this.dataSource.transaction(async (em) => {
      const network = await lockNetwork(em, networkId);
      const target = await this.findMember(em, network, userId);
      const actor = await this.actorRole(em, principal, networkId);
      assertMayRemove(actor, { username: target.user.username, role: target.role }, await this.ownerCount(em, networkId));
      await em.delete(NetworkMemberEntity, { networkId, userId });
      return target.user.username;
    });
    // After the commit: the mesh change (host, agents, machines) must not run under the network's lock.
    const devices = await this.mesh.revokeMemberDevices(networkId, userId);
    const invites = await this.meshInvites.cancelForMember(networkId, userId);
    if (devices > 0 || invites > 0)
      this.log.log(
        `${username} left network ${networkId}: ${devices} device${devices === 1 ? '' : 's'} removed from the mesh, ` +
          `${invites} unused invite${invites === 1 ? '' : 's'} cancelled`,
      );
  }

  private async findMember(em: EntityManager, network: NetworkEntity, userId: string): Promise<NetworkMemberEntity & { user: UserEntity }> {
    const member = await em.findOne(NetworkMemberEntity, {
      where: { networkId: network.id, userId },
      relations: { user: true },
      select: { networkId: true, userId: true, role: true, createdAt: true, user: USER_COLUMNS },
    });
    if (!member?.user)
      throw new DomainError(ErrorCode.NotFound, `That user is not a member of ${network.name}.`, [
        { field: 'userId', message: 'not a member of this network' },
      ]);
    return member as NetworkMemberEntity & { user: UserEntity };
  }

  private async actorRole(em: EntityManager, principal: Principal, networkId: string): Promise<ActorRole> {
    if (principal.isHostAdmin) return HOST_ADMIN_ROLE;
    const own = await em.findOne(NetworkMemberEntity, { where: { networkId, userId: principal.userId }, select: { role: true } });
    // AccessGuard already demanded Member.Manage here; a vanished membership means it was revoked meanwhile.
    if (!own) throw forbidden('You are no longer a member of this network.');
    return own.role;
  }

  private ownerCount(em: EntityManager, networkId: string): Promise<number> {
    return em.count(NetworkMemberEntity, { where: { networkId, role: NetworkRole.Owner } });
  }
}
