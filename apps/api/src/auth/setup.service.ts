import { ErrorCode } from '@clan/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import type { UserEntity } from '../users/user.entity';
import { type NewUser, UsersService } from '../users/users.service';

const SETUP_LOCK = 'clan:first-run-setup';

/** First-run setup: creates the first host admin, exactly once. */
@Injectable()
export class SetupService {
  private readonly logger = new Logger('Setup');
  /**
   * Serialises setup inside this process as well: the embedded PGlite has
   * one backend shared by all pool connections, so its advisory lock does not
   * separate them.
   */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
  ) {}

  async required(): Promise<boolean> {
    return (await this.users.count()) === 0;
  }

  createHostAdmin(input: Omit<NewUser, 'isHostAdmin'>): Promise<UserEntity> {
    const run = this.queue.then(() => this.createLocked(input));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async createLocked(input: Omit<NewUser, 'isHostAdmin'>): Promise<UserEntity> {
    const user = await this.db.transaction(async (em) => {
      // Held until commit: a concurrent setup waits here, then sees this user.
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [SETUP_LOCK]);
      if ((await this.users.count(em)) > 0) {
        throw new DomainError(ErrorCode.SetupAlreadyDone, 'Setup is already done; sign in instead.');
      }
      const created = await this.users.create({ ...input, isHostAdmin: true }, em);
      created.lastLoginAt = new Date(); // setup signs them in
      return em.save(created);
    });
    this.logger.log(`First-run setup created host admin "${user.username}"`);
    return user;
  }
}
