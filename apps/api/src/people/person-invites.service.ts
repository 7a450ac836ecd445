import { ErrorCode, HOST_ADMIN_ROLE } from '@clan/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import type { Principal } from '../common/authz/principal';
import { DomainError, forbidden, notFound } from '../common/errors/domain-error';
import { hashLinkToken, LINK_TOKEN_PATTERN, linkOrigin, newLinkToken } from '../common/http/link-token';
import { MeshInvites } from '../mesh/mesh-invites.service';
import { MeshModel } from '../mesh/mesh-model.service';
import { type ActorRole, assertMayGrant } from '../networks/member-rules';
import { NetworkMemberEntity } from '../networks/network-member.entity';
import { NetworkEntity } from '../networks/network.entity';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import type { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import {
  type AcceptPersonInviteDto,
  type CreatedPersonInviteDto,
  type CreatePersonInviteDto,
  PERSON_INVITE_DEFAULT_HOURS,
  type PersonInviteDto,
  type PersonInviteListDto,
  type PersonInvitePreviewDto,
} from './dto/person-invite.dto';
import { PersonInviteEntity } from './person-invite.entity';

/** How long the device-enrolment link made at acceptance works. */
const DEVICE_LINK_HOURS = 24;

export interface AcceptedInvite {
  user: UserEntity;
  networkId: string;
  /** Where the web app goes next: `/home`, or `/join/<token>` to enrol a first device. */
  next: string;
}

const gone = (message: string) => new DomainError(ErrorCode.Gone, message);
const noLink = () => new DomainError(ErrorCode.NotFound, 'This invitation link is not valid; check that it was copied whole.');

export function personInviteStatus(r: Pick<PersonInviteEntity, 'usedAt' | 'revokedAt' | 'expiresAt'>, now = Date.now()) {
  if (r.usedAt) return 'used' as const;
  if (r.revokedAt) return 'revoked' as const;
  if (r.expiresAt.getTime() <= now) return 'expired' as const;
  return 'pending' as const;
}

/** The sentence a person with a dead link reads: it names who to ask. */
export function deadInviteMessage(r: Pick<PersonInviteEntity, 'usedAt' | 'revokedAt' | 'expiresAt' | 'createdByName'>): string {
  const ask = `Ask ${r.createdByName || 'the person who invited you'} for a new one.`;
  switch (personInviteStatus(r)) {
    case 'used':
      return `This invitation has already been used. ${ask}`;
    case 'revoked':
      return `This invitation was withdrawn. ${ask}`;
    default:
      return `This invitation expired on ${r.expiresAt.toISOString().slice(0, 10)}. ${ask}`;
  }
}

/**
 * Invite a person (docs/permissions.md): a network admin makes a one-time
 * link; whoever opens it creates their own account and becomes a member with
 * the invite's role, and is signed in. The token is shown once, the database
 * keeps its hash. Accepting claims the invite, creates the account and the
 * membership in one transaction: of two concurrent accepts one wins, the
 * other gets 410; a taken username rolls everything back, so the person can
 * pick another name with the same link.
 */
@Injectable()
export class PersonInvites {
  private readonly logger = new Logger('PersonInvites');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly meshModel: MeshModel,
    private readonly meshInvites: MeshInvites,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(
    actor: Principal,
    networkId: string,
    dto: CreatePersonInviteDto,
    hostHeader: string | undefined,
  ): Promise<CreatedPersonInviteDto> {
    await this.network(networkId);
    assertMayGrant(await this.actorRole(actor, networkId), dto.role);
    // A device link needs a mesh that runs here, or the person would meet a dead end after signing up.
    if (dto.enrolDevice) await this.meshModel.layer(networkId);
    const { token, tokenHash } = newLinkToken();
    const repo = this.db.getRepository(PersonInviteEntity);
    const saved = await repo.save(
      repo.create({
        networkId,
        tokenHash,
        role: dto.role,
        displayName: dto.displayName ?? '',
        note: dto.note ?? '',
        enrolDevice: dto.enrolDevice ?? false,
        createdBy: actor.userId,
        createdByName: (actor.displayName ?? actor.username).slice(0, 128),
        expiresAt: new Date(Date.now() + (dto.expiresInHours ?? PERSON_INVITE_DEFAULT_HOURS) * 3600_000),
        usedAt: null,
        usedBy: null,
        usedByUsername: null,
        revokedAt: null,
      }),
    );
    return { invite: toPersonInviteDto(saved), token, url: `${linkOrigin(this.config.origin, hostHeader)}/invite/${token}` };
  }

  async list(networkId: string): Promise<PersonInviteListDto> {
    await this.network(networkId);
    const [rows, total] = await this.db
      .getRepository(PersonInviteEntity)
      .findAndCount({ where: { networkId }, order: { createdAt: 'DESC' }, take: 200 });
    return { items: rows.map((r) => toPersonInviteDto(r)), total };
  }

  async revoke(networkId: string, inviteId: string): Promise<PersonInviteDto> {
    const repo = this.db.getRepository(PersonInviteEntity);
    const invite = await repo.findOneBy({ id: inviteId, networkId });
    if (!invite) throw notFound('The invitation');
    if (invite.usedAt) {
      throw new DomainError(
        ErrorCode.Conflict,
        `This invitation was already used by ${invite.usedByUsername ?? 'someone'}; remove them from the members instead.`,
      );
    }
    if (!invite.revokedAt) await repo.update({ id: invite.id, revokedAt: IsNull(), usedAt: IsNull() }, { revokedAt: new Date() });
    return toPersonInviteDto(await repo.findOneByOrFail({ id: invite.id }));
  }

  async preview(token: string): Promise<PersonInvitePreviewDto> {
    const invite = await this.usable(token);
    const network = await this.network(invite.networkId);
    return {
      network: network.name,
      inviter: invite.createdByName || 'A network admin',
      role: invite.role,
      displayName: invite.displayName,
      enrolDevice: invite.enrolDevice,
      expiresAt: invite.expiresAt.toISOString(),
    };
  }

  async accept(token: string, dto: AcceptPersonInviteDto, hostHeader: string | undefined): Promise<AcceptedInvite> {
    const found = await this.usable(token);
    const { invite, user } = await this.db.transaction(async (em) => {
      // The claim locks the row: a concurrent accept waits here, then finds it used.
      const claimed = await em
        .createQueryBuilder()
        .update(PersonInviteEntity)
        .set({ usedAt: () => 'now()' })
        .where('id = :id AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()', { id: found.id })
        .returning('id')
        .execute();
      if ((claimed.raw as unknown[]).length === 0) {
        const now = await em.findOneByOrFail(PersonInviteEntity, { id: found.id });
        throw gone(deadInviteMessage(now));
      }
      const created = await this.users.create(
        { username: dto.username, password: dto.password, displayName: dto.displayName || found.displayName },
        em,
      );
      created.lastLoginAt = new Date(); // accepting signs them in
      await em.save(created);
      await em.insert(NetworkMemberEntity, { networkId: found.networkId, userId: created.id, role: found.role });
      await em.update(PersonInviteEntity, { id: found.id }, { usedBy: created.id, usedByUsername: created.username });
      return { invite: found, user: created };
    });
    return { user, networkId: invite.networkId, next: invite.enrolDevice ? await this.deviceLink(invite, user, hostHeader) : '/home' };
  }

  /** A mesh invite for the new person's first device; `/home` if the mesh cannot take one now. */
  private async deviceLink(invite: PersonInviteEntity, user: UserEntity, hostHeader: string | undefined): Promise<string> {
    try {
      const principal: Principal = { userId: user.id, username: user.username, isHostAdmin: false, via: 'session' };
      const created = await this.meshInvites.create(
        principal,
        invite.networkId,
        { ownerUserId: user.id, note: `${user.displayName || user.username}'s first device`, expiresInHours: DEVICE_LINK_HOURS },
        hostHeader,
      );
      return `/join/${created.token}`;
    } catch (err) {
      this.logger.warn(`no device link for ${user.username}: ${(err as Error).message}`);
      return '/home';
    }
  }

  private async usable(token: string): Promise<PersonInviteEntity> {
    if (typeof token !== 'string' || !LINK_TOKEN_PATTERN.test(token)) throw noLink();
    const invite = await this.db.getRepository(PersonInviteEntity).findOneBy({ tokenHash: hashLinkToken(token) });
    if (!invite) throw noLink();
    if (personInviteStatus(invite) !== 'pending') throw gone(deadInviteMessage(invite));
    return invite;
  }

  private async actorRole(actor: Principal, networkId: string): Promise<ActorRole> {
    if (actor.isHostAdmin) return HOST_ADMIN_ROLE;
    const own = await this.db
      .getRepository(NetworkMemberEntity)
      .findOne({ where: { networkId, userId: actor.userId }, select: { role: true } });
    if (!own) throw forbidden('You are no longer a member of this network.');
    return own.role;
  }

  private async network(networkId: string): Promise<NetworkEntity> {
    const network = await this.db.getRepository(NetworkEntity).findOneBy({ id: networkId });
    if (!network) throw notFound('The network');
    return network;
  }
}

export function toPersonInviteDto(r: PersonInviteEntity, now = Date.now()): PersonInviteDto {
  return {
    id: r.id,
    role: r.role,
    displayName: r.displayName,
    note: r.note,
    enrolDevice: r.enrolDevice,
    createdBy: r.createdBy,
    createdByName: r.createdByName,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    status: personInviteStatus(r, now),
    usedAt: r.usedAt?.toISOString() ?? null,
    usedByUsername: r.usedByUsername,
  };
}
