import { ErrorCode } from '@clan/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { TypeOrmSessionStore } from '../auth/session.store';
import type { Principal } from '../common/authz/principal';
import { DomainError, notFound } from '../common/errors/domain-error';
import { hashLinkToken, LINK_TOKEN_PATTERN, linkOrigin, newLinkToken } from '../common/http/link-token';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { PasswordResetEntity } from './password-reset.entity';
import { UserEntity } from './user.entity';
import type { OneTimeLinkDto, PasswordResetDoneDto, PasswordResetPreviewDto } from './users.dto';
import { UsersService } from './users.service';

/** How long a reset link works. */
export const PASSWORD_RESET_HOURS = 24;

const gone = (message: string) => new DomainError(ErrorCode.Gone, message);
const noLink = () => new DomainError(ErrorCode.NotFound, 'This password-reset link is not valid; check that it was copied whole.');

/**
 * One-time password-reset links (docs/permissions.md, "People"): a host admin
 * makes one for a person who forgot their password; the token is shown once,
 * the database keeps its hash; it works once, for 24 hours. A new link
 * replaces the person's earlier unused ones. Setting the password ends the
 * person's sessions everywhere.
 */
@Injectable()
export class PasswordResets {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly sessions: TypeOrmSessionStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(actor: Principal, userId: string, hostHeader: string | undefined): Promise<OneTimeLinkDto> {
    const user = await this.users.findById(userId);
    if (!user) throw notFound('The user');
    const { token, tokenHash } = newLinkToken();
    const expiresAt = new Date(Date.now() + PASSWORD_RESET_HOURS * 3600_000);
    await this.db.transaction(async (em) => {
      await em.delete(PasswordResetEntity, { userId, usedAt: IsNull() });
      await em.insert(PasswordResetEntity, { userId, tokenHash, createdBy: actor.userId, expiresAt, usedAt: null });
    });
    return { token, url: `${linkOrigin(this.config.origin, hostHeader)}/reset-password/${token}`, expiresAt: expiresAt.toISOString() };
  }

  async preview(token: string): Promise<PasswordResetPreviewDto> {
    const reset = await this.usable(token);
    const user = await this.users.findById(reset.userId);
    if (!user) throw noLink();
    return { username: user.username, displayName: user.displayName, expiresAt: reset.expiresAt.toISOString() };
  }

  /** Sets the new password; exactly one of two concurrent uses wins (the other gets 410). */
  async use(token: string, password: string): Promise<PasswordResetDoneDto> {
    const reset = await this.usable(token);
    const claimed = await this.db
      .createQueryBuilder()
      .update(PasswordResetEntity)
      .set({ usedAt: () => 'now()' })
      .where('id = :id AND used_at IS NULL AND expires_at > now()', { id: reset.id })
      .returning('id')
      .execute();
    if ((claimed.raw as unknown[]).length === 0) throw gone('This password-reset link was just used; ask a host admin for a new one.');
    await this.users.setPassword(reset.userId, password);
    await this.sessions.destroyForUser(reset.userId);
    const user = await this.db.getRepository(UserEntity).findOneByOrFail({ id: reset.userId });
    return { username: user.username };
  }

  private async usable(token: string): Promise<PasswordResetEntity> {
    if (typeof token !== 'string' || !LINK_TOKEN_PATTERN.test(token)) throw noLink();
    const reset = await this.db.getRepository(PasswordResetEntity).findOneBy({ tokenHash: hashLinkToken(token) });
    if (!reset) throw noLink();
    if (reset.usedAt) throw gone('This password-reset link has already been used; ask a host admin for a new one.');
    if (reset.expiresAt.getTime() <= Date.now()) throw gone('This password-reset link has expired; ask a host admin for a new one.');
    return reset;
  }
}
