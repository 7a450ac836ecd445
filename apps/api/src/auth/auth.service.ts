import { ErrorCode } from '@clan/contracts';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Principal } from '../common/authz/principal';
import { DomainError, invalid, notFound } from '../common/errors/domain-error';
import { NetworkMemberEntity } from '../networks/network-member.entity';
import { PasswordHasher } from '../users/password-hasher';
import { UserEntity } from '../users/user.entity';
import { normalizeUsername } from '../users/username';
import { UsersService } from '../users/users.service';
import type { MembershipDto } from './auth.dto';
import { LoginRateLimiter } from './login-rate-limiter';
import { TypeOrmSessionStore } from './session.store';
import { TotpService } from './totp.service';

export interface LoginInput {
  username: string;
  password: string;
  totpCode?: string;
  recoveryCode?: string;
  /** The client address, for rate limiting. */
  address: string;
}

export const accountDisabled = () =>
  new DomainError(ErrorCode.Forbidden, 'This account is disabled, so it cannot sign in; ask a host admin to re-enable it.');

const badCredentials = () => new DomainError(ErrorCode.InvalidCredentials, 'Wrong username or password.');

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(UserEntity) private readonly userRepo: Repository<UserEntity>,
    @InjectRepository(NetworkMemberEntity) private readonly members: Repository<NetworkMemberEntity>,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly limiter: LoginRateLimiter,
    private readonly totp: TotpService,
    private readonly sessions: TypeOrmSessionStore,
  ) {}

  /**
   * Decides a sign-in (called by the passport-local strategy). Throws
   * RATE_LIMITED, INVALID_CREDENTIALS, TOTP_REQUIRED or TOTP_INVALID.
   */
  async verifyLogin(input: LoginInput): Promise<UserEntity> {
    const username = normalizeUsername(input.username);
    const attempt = await this.limiter.begin(username, input.address);
    try {
      const user = await this.users.findByUsername(username);
      if (!user) {
        await this.hasher.verifyDummy(input.password);
        throw badCredentials();
      }
      if (!(await this.hasher.verify(user.passwordHash, input.password))) throw badCredentials();
      // Told only after the right password, so the answer does not reveal which accounts exist.
      if (user.disabledAt) throw accountDisabled();
      try {
        await this.totp.checkSecondFactor(user, input.totpCode, input.recoveryCode);
      } catch (err) {
        // Being asked for the code is the normal first step, not a failed attempt.
        if (err instanceof DomainError && err.code === ErrorCode.TotpRequired) await attempt.notCounted();
        throw err;
      }
      await attempt.succeeded();
      await this.userRepo.update({ id: user.id }, { lastLoginAt: new Date() });
      if (this.hasher.isOutdated(user.passwordHash)) await this.users.setPassword(user.id, input.password);
      return user;
    } catch (err) {
      if (!(err instanceof DomainError)) await attempt.notCounted().catch(() => undefined);
      throw err;
    }
  }

  async user(userId: string): Promise<UserEntity> {
    const u = await this.users.findById(userId);
    if (!u) throw new DomainError(ErrorCode.Unauthenticated, 'Your account no longer exists.');
    if (u.disabledAt) throw new DomainError(ErrorCode.Unauthenticated, 'Your account has been disabled; ask a host admin.');
    return u;
  }

  async memberships(userId: string): Promise<MembershipDto[]> {
    const rows = await this.members
      .createQueryBuilder('m')
      .innerJoin('m.network', 'n')
      .select(['m.network_id AS "networkId"', 'n.name AS "networkName"', 'm.role AS "role"'])
      .where('m.user_id = :userId', { userId })
      .orderBy('n.name', 'ASC')
      .getRawMany<MembershipDto>();
    return rows;
  }

  /**
   * Changes the caller's password and ends their other sessions. Wrong
   * current passwords count toward the sign-in limit, like failed logins.
   */
  async changePassword(
    caller: Principal,
    currentPassword: string,
    newPassword: string,
    address: string,
    keepSessionId?: string,
  ): Promise<void> {
    const user = await this.users.findById(caller.userId);
    if (!user) throw notFound('Your account');
    const attempt = await this.limiter.begin(user.username, address);
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) throw invalid('currentPassword', 'is not your current password');
    await attempt.succeeded();
    if (currentPassword === newPassword) throw invalid('newPassword', 'must differ from the current password');
    await this.users.setPassword(user.id, newPassword);
    await this.sessions.destroyForUser(user.id, keepSessionId);
  }
}
