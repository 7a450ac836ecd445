import { createHash } from 'node:crypto';
import { ErrorCode, HOST_PRIVILEGES, NetworkRole, Privilege, roleHasPrivilege } from '@clan/contracts';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { NetworkMemberEntity } from '../../networks/network-member.entity';
import { ApiTokenEntity } from '../../tokens/api-token.entity';
import { UserEntity } from '../../users/user.entity';
import { DomainError } from '../errors/domain-error';
import type { AccessResource } from './access.decorator';
import type { Principal } from './principal';
import { type CachedMemberships, type CachedToken, type CachedUser, PrincipalCache, TOKEN_LAST_USED_SQL } from './principal-cache';

/** What a resource resolver reports: the network it belongs to and who created it. */
export interface ResourceOwner {
  networkId: string | null;
  ownerUserId?: string | null;
}

export type ResourceResolver = (id: string) => Promise<ResourceOwner | null>;

/** The id parameter each resource kind is addressed by in routes. */
export const RESOURCE_PARAM: Record<AccessResource, string> = { network: 'networkId', task: 'taskId' };

export const TOKEN_PREFIX = 'clan_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Answers "who is this" and "may they". Used by the HTTP guard and the WebSocket gateway.
 * Users, tokens and roles come through PrincipalCache, which every write to their tables invalidates.
 */
@Injectable()
export class AccessService {
  private readonly resolvers = new Map<AccessResource, ResourceResolver>();

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>,
    @InjectRepository(NetworkMemberEntity) private readonly members: Repository<NetworkMemberEntity>,
    private readonly cache: PrincipalCache,
  ) {
    this.resolvers.set('network', async (id) => ({ networkId: id }));
  }

  registerResolver(kind: AccessResource, resolver: ResourceResolver): void {
    this.resolvers.set(kind, resolver);
  }

  private loadUser(userId: string): Promise<CachedUser | undefined> {
    return this.cache.user(userId, async () => {
      const u = await this.users.findOne({
        where: { id: userId },
        select: { id: true, username: true, displayName: true, isHostAdmin: true, disabledAt: true },
      });
      return u
        ? { id: u.id, username: u.username, displayName: u.displayName, isHostAdmin: u.isHostAdmin, disabled: u.disabledAt !== null }
        : undefined;
    });
  }

  private loadToken(secretHash: string): Promise<CachedToken | undefined> {
    return this.cache.token(secretHash, async () => {
      const t = await this.tokens.findOne({
        where: { secretHash },
        select: { id: true, userId: true, revokedAt: true, expiresAt: true, lastUsedAt: true },
      });
      const ms = (d: Date | null) => d?.getTime() ?? null;
      return t
        ? { id: t.id, userId: t.userId, revokedAt: ms(t.revokedAt), expiresAt: ms(t.expiresAt), lastUsedAt: ms(t.lastUsedAt) }
        : undefined;
    });
  }

  private memberships(userId: string): Promise<CachedMemberships> {
    return this.cache.membershipsOf(userId, async () => {
      const rows = await this.members.find({ where: { userId }, select: { networkId: true, role: true } });
      return new Map(rows.map((r) => [r.networkId, r.role]));
    });
  }

  async principalForUserId(userId: string, via: 'session' | 'token', tokenId?: string): Promise<Principal | null> {
    const user = await this.loadUser(userId);
    // A disabled account's sessions and tokens stop working at once, without waiting for them to be deleted.
    if (!user || user.disabled) return null;
    return {
      userId: user.id,
      username: user.username,
      displayName: user.displayName || user.username,
      isHostAdmin: user.isHostAdmin,
      via,
      tokenId,
    };
  }

  /** Verifies `Authorization: Bearer clan_…`; throws UNAUTHENTICATED with the reason. */
  async principalForToken(token: string): Promise<Principal> {
    const unauth = (why: string) => new DomainError(ErrorCode.Unauthenticated, why);
    if (!token.startsWith(TOKEN_PREFIX)) throw unauth('The bearer token is not a cLAN API token.');
    const row = await this.loadToken(hashToken(token));
    if (!row) throw unauth('The API token is not valid.');
    if (row.revokedAt !== null) throw unauth('The API token has been revoked.');
    const now = Date.now();
    if (row.expiresAt !== null && row.expiresAt <= now) throw unauth('The API token has expired.');
    const principal = await this.principalForUserId(row.userId, 'token', row.id);
    if (!principal) {
      const owner = await this.loadUser(row.userId);
      throw unauth(
        owner
          ? 'The API token belongs to a disabled account; ask a host admin to re-enable it.'
          : 'The API token belongs to a user that no longer exists.',
      );
    }
    // Record use at most once a minute per token to keep reads cheap; the cached row remembers it.
    if (row.lastUsedAt === null || now - row.lastUsedAt > 60_000) {
      row.lastUsedAt = now;
      await this.tokens.query(TOKEN_LAST_USED_SQL, [new Date(now), row.id]);
    }
    return principal;
  }

  async roleIn(userId: string, networkId: string): Promise<NetworkRole | null> {
    if (!/^[0-9a-f-]{36}$/i.test(networkId)) return null;
    return (await this.memberships(userId)).get(networkId.toLowerCase()) ?? null;
  }

  /** May `principal` use `privilege` in `networkId` (or host-wide when null)? */
  async can(principal: Principal, privilege: Privilege, networkId: string | null): Promise<boolean> {
    if (principal.isHostAdmin) return true;
    if (HOST_PRIVILEGES.includes(privilege) || networkId === null) return false;
    const role = await this.roleIn(principal.userId, networkId);
    return role !== null && roleHasPrivilege(role, privilege);
  }

  /** Ids of the networks where `principal` holds `privilege`; `'all'` for host admins. */
  async networksWith(principal: Principal, privilege: Privilege): Promise<string[] | 'all'> {
    if (principal.isHostAdmin) return 'all';
    const roles = await this.memberships(principal.userId);
    return [...roles].filter(([, role]) => roleHasPrivilege(role, privilege)).map(([networkId]) => networkId);
  }

  /**
   * Checks a network-scoped rule for a resource id. Unknown resources and
   * resources in other networks both answer 403 for non-admins, so the answer
   * never reveals whether an id exists; host admins fall through to the
   * handler's own 404.
   */
  async assertResource(principal: Principal, privilege: Privilege, kind: AccessResource, id: string): Promise<void> {
    const resolver = this.resolvers.get(kind);
    if (!resolver) throw new Error(`No access resolver registered for resource "${kind}"`);
    const owner = await resolver(id);
    if (!owner) {
      if (principal.isHostAdmin) return; // let the handler answer 404 with its own words
      throw new DomainError(ErrorCode.Forbidden, `You do not have ${privilege} on this ${kind}.`);
    }
    if (await this.can(principal, privilege, owner.networkId)) return;
    if (owner.networkId === null && owner.ownerUserId && owner.ownerUserId === principal.userId) return;
    throw new DomainError(ErrorCode.Forbidden, `You do not have ${privilege} on this ${kind}.`);
  }
}
