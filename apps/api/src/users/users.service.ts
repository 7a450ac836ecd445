import { ErrorCode } from '@clan/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull, QueryFailedError, Repository } from 'typeorm';
import { TypeOrmSessionStore } from '../auth/session.store';
import type { Principal } from '../common/authz/principal';
import { conflict, DomainError, notFound } from '../common/errors/domain-error';
import { PasswordHasher } from './password-hasher';
import { UserEntity } from './user.entity';
import { assertMayUpdateUser, type UserChanges } from './user-admin-rules';
import type { UserDto, UserListDto, UserSummaryDto } from './users.dto';
import { normalizeUsername } from './username';

export interface NewUser {
  username: string;
  password: string;
  displayName?: string;
  isHostAdmin?: boolean;
}

/** Serialises changes to the set of host admins across processes (see remove()). */
const HOST_ADMINS_LOCK = 'clan:host-admins';

export function toUserDto(u: UserEntity): UserDto {
  return { id: u.id, username: u.username, displayName: u.displayName, isHostAdmin: u.isHostAdmin, totpEnabled: u.totpSecret !== null };
}

function toSummary(u: UserEntity): UserSummaryDto {
  return {
    ...toUserDto(u),
    createdAt: u.createdAt.toISOString(),
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    disabled: u.disabledAt !== null,
    disabledAt: u.disabledAt?.toISOString() ?? null,
  };
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof QueryFailedError && (err.driverError as { code?: string } | undefined)?.code === '23505';
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly sessions: TypeOrmSessionStore,
  ) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id } });
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { username: normalizeUsername(username) } });
  }

  async count(manager: EntityManager = this.db.manager): Promise<number> {
    return manager.count(UserEntity);
  }

  /** Creates an account; `manager` lets first-run setup do it inside its locked transaction. */
  async create(input: NewUser, manager: EntityManager = this.db.manager): Promise<UserEntity> {
    const username = normalizeUsername(input.username);
    const taken = () => conflict(`The username "${username}" is already taken; choose another.`);
    if (await manager.exists(UserEntity, { where: { username } })) throw taken();
    const row = manager.create(UserEntity, {
      username,
      displayName: input.displayName?.trim() ?? '',
      passwordHash: await this.hasher.hash(input.password),
      isHostAdmin: input.isHostAdmin ?? false,
      recoveryCodeHashes: [],
    });
    try {
      return await manager.save(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw taken(); // lost a race with a concurrent create
      throw err;
    }
  }

  async list(limit = 50, offset = 0): Promise<UserListDto> {
    const [rows, total] = await this.users.findAndCount({ order: { username: 'ASC' }, take: limit, skip: offset });
    return { items: rows.map(toSummary), total };
  }

  async summary(id: string): Promise<UserSummaryDto> {
    const u = await this.findById(id);
    if (!u) throw notFound('The user');
    return toSummary(u);
  }

  /** Removes an account, its tokens (FK cascade) and its sessions. Never the caller, never the last host admin. */
  async remove(actor: Principal, userId: string): Promise<void> {
    if (actor.userId === userId) {
      throw new DomainError(ErrorCode.Conflict, 'You cannot remove your own account; ask another host admin to do it.');
    }
    await this.db.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [HOST_ADMINS_LOCK]);
      const target = await em.findOne(UserEntity, { where: { id: userId } });
      if (!target) throw notFound('The user');
      if (target.isHostAdmin) {
        const admins = await em.count(UserEntity, { where: { isHostAdmin: true } });
        if (admins <= 1) throw conflict('This is the last host admin; make someone else a host admin first.');
      }
      // Removing a user drops their memberships; never leave a network without an owner.
      const orphaned: { name: string }[] = await em.query(
        `SELECT n.name FROM network_members m JOIN networks n ON n.id = m.network_id
          WHERE m.user_id = $1 AND m.role = 'owner'
            AND NOT EXISTS (SELECT 1 FROM network_members o WHERE o.network_id = m.network_id AND o.role = 'owner' AND o.user_id <> $1)
          ORDER BY n.name`,
        [userId],
      );
      if (orphaned.length > 0) {
        const names = orphaned.map((r) => r.name).join(', ');
        throw conflict(`${target.username} is the last owner of ${names}; make someone else owner there first.`);
      }
      await em.delete(UserEntity, { id: userId });
    });
    await this.sessions.destroyForUser(userId);
  }

  /**
   * Renames, makes or removes a host admin, disables or re-enables. Runs under
   * the host-admins lock, so two admins demoting each other cannot both pass
   * the last-admin check. Disabling ends the account's sessions.
   */
  async update(actor: Principal, userId: string, changes: UserChanges): Promise<UserSummaryDto> {
    const updated = await this.db.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [HOST_ADMINS_LOCK]);
      const target = await em.findOne(UserEntity, { where: { id: userId } });
      if (!target) throw notFound('The user');
      const enabledAdmins = await em.count(UserEntity, { where: { isHostAdmin: true, disabledAt: IsNull() } });
      assertMayUpdateUser(
        actor.userId,
        { id: target.id, username: target.username, isHostAdmin: target.isHostAdmin, disabled: target.disabledAt !== null },
        changes,
        enabledAdmins,
      );
      if (changes.displayName !== undefined) target.displayName = changes.displayName;
      if (changes.isHostAdmin !== undefined) target.isHostAdmin = changes.isHostAdmin;
      if (changes.disabled === true && !target.disabledAt) target.disabledAt = new Date();
      if (changes.disabled === false) target.disabledAt = null;
      return em.save(target);
    });
    if (updated.disabledAt) await this.sessions.destroyForUser(userId);
    return toSummary(updated);
  }

  /** Replaces the password hash (callers have verified the old password). */
  async setPassword(userId: string, password: string): Promise<void> {
    await this.users.update({ id: userId }, { passwordHash: await this.hasher.hash(password) });
  }
}
