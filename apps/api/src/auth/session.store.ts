import { Store, type SessionData } from 'express-session';
import { LessThan, type Repository } from 'typeorm';
import type { SessionEntity } from './session.entity';

type Callback<T = void> = (err?: unknown, value?: T) => void;

/** express-session store on the `sessions` table, so sessions survive restarts and live beside users. */
export class TypeOrmSessionStore extends Store {
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly repo: Repository<SessionEntity>,
    private readonly defaultTtlMs: number,
  ) {
    super();
    this.sweeper = setInterval(() => void this.sweep(), 15 * 60_000);
    this.sweeper.unref();
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private expiry(session: SessionData): Date {
    const exp = session.cookie?.expires;
    return exp ? new Date(exp) : new Date(Date.now() + this.defaultTtlMs);
  }

  private userIdOf(session: SessionData): string | null {
    const user = (session as unknown as { passport?: { user?: string } }).passport?.user;
    return typeof user === 'string' ? user : null;
  }

  override get(sid: string, cb: Callback<SessionData | null>): void {
    this.repo
      .findOne({ where: { sid } })
      .then((row) => {
        if (!row || row.expiresAt.getTime() <= Date.now()) return cb(null, null);
        cb(null, row.data as unknown as SessionData);
      })
      .catch((err: unknown) => cb(err));
  }

  override set(sid: string, session: SessionData, cb?: Callback): void {
    this.repo
      .query(
        `INSERT INTO sessions (sid, user_id, data, expires_at) VALUES ($1, $2, $3::jsonb, $4)
         ON CONFLICT (sid) DO UPDATE SET user_id = EXCLUDED.user_id, data = EXCLUDED.data, expires_at = EXCLUDED.expires_at`,
        [sid, this.userIdOf(session), JSON.stringify(session), this.expiry(session)],
      )
      .then(() => cb?.())
      .catch((err: unknown) => cb?.(err));
  }

  override touch(sid: string, session: SessionData, cb?: Callback): void {
    this.repo
      .update({ sid }, { expiresAt: this.expiry(session) })
      .then(() => cb?.())
      .catch((err: unknown) => cb?.(err));
  }

  override destroy(sid: string, cb?: Callback): void {
    this.repo
      .delete({ sid })
      .then(() => cb?.())
      .catch((err: unknown) => cb?.(err));
  }

  /** Ends every session of a user (password change, user removal). */
  async destroyForUser(userId: string, exceptSid?: string): Promise<void> {
    const qb = this.repo.createQueryBuilder().delete().where('user_id = :userId', { userId });
    if (exceptSid) qb.andWhere('sid <> :exceptSid', { exceptSid });
    await qb.execute();
  }

  private async sweep(): Promise<void> {
    await this.repo.delete({ expiresAt: LessThan(new Date()) }).catch(() => undefined);
  }
}
