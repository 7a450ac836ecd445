import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { pgErrorOf } from '../common/errors/database-errors';
import { NotificationsService } from '../notifications/notifications.service';
import { UUID_RE } from '../tasks/task.store';
import { AuditEntryEntity } from './audit-entry.entity';
import { sanitiseDetails, sanitiseText } from './audit-sanitise';
import { AuditSpoolFile } from './audit-spool';
import type { AuditEntryDto, AuditListDto } from './dto/audit.dto';

export type NewAuditEntry = Omit<AuditEntryEntity, 'id' | 'actorName'> & { actorName?: string | null };

export interface AuditFilter {
  userId?: string;
  networkId?: string;
  action?: string;
  result?: 'success' | 'failure';
  since?: Date;
  until?: Date;
  limit: number;
  offset: number;
}

/** What the health check and the alert say about entries the database has not taken yet. */
export interface AuditSpoolStatus {
  pending: number;
  since: Date | null;
  lastError: string | null;
  spoolFile: string;
}

/** The health check's `audit` component (a ComponentHealthDto). */
export function auditHealth(s: AuditSpoolStatus): { status: 'ok' | 'down'; detail: string; message?: string } {
  if (s.pending === 0) return { status: 'ok', detail: 'every audit entry is written' };
  const entries = `${s.pending} audit ${s.pending === 1 ? 'entry' : 'entries'}`;
  return {
    status: 'down',
    detail: `${entries} waiting to be written${s.since ? ` since ${s.since.toISOString()}` : ''}${s.lastError ? `: ${s.lastError}` : ''}`,
    message: `${entries} waiting to be written: they are kept in ${s.spoolFile} and written once the database takes them again. Check the database (health's database component).`,
  };
}

/** How often spooled entries are retried while the database refuses them. */
export const AUDIT_REPLAY_EVERY_MS = 5_000;
/** The notification raised while entries wait, and cleared once they are written (docs/security.md). */
export const AUDIT_ALERT = { kind: 'audit.write', subject: 'audit:write' } as const;

const clip = (s: string | null | undefined, n: number): string | null => {
  if (s === null || s === undefined) return null;
  const clean = sanitiseText(s);
  return clean.length > n ? clean.slice(0, n) : clean;
};
const uuidOrNull = (s: string | null) => (s !== null && UUID_RE.test(s) ? s : null);

/** The entry as the table can store it: every string sanitised and clipped to its column, details bounded. */
export function storableEntry(entry: NewAuditEntry): NewAuditEntry {
  return {
    ...entry,
    userId: uuidOrNull(entry.userId),
    tokenId: uuidOrNull(entry.tokenId),
    networkId: uuidOrNull(entry.networkId),
    username: clip(entry.username, 64),
    actorName: clip(entry.actorName, 128),
    ip: clip(entry.ip, 64),
    action: clip(entry.action, 128) ?? '',
    method: clip(entry.method, 8) ?? '',
    path: clip(entry.path, 256) ?? '',
    targetType: clip(entry.targetType, 32),
    targetId: clip(entry.targetId, 128),
    errorCode: clip(entry.errorCode, 64),
    correlationId: clip(entry.correlationId, 64) ?? 'none',
    statusCode: Number.isInteger(entry.statusCode) && entry.statusCode >= 0 && entry.statusCode < 1000 ? entry.statusCode : 0,
    details: sanitiseDetails(entry.details ?? {}),
  };
}

/** A data error (class 22/23): this entry can never be stored as is, unlike a database that is away. */
const isDataError = (err: unknown) => /^2[23]/.test(pgErrorOf(err)?.code ?? '');

/**
 * The audit log's one writer. An entry is never lost: whatever it carries is
 * sanitised first, and when the database refuses it (restarting, table
 * away) it goes to the spool (AuditSpoolFile), replayed in order on a timer
 * and at start-up, while a notification and the health check say how many
 * entries wait.
 */
@Injectable()
export class AuditService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Audit');
  private pending = 0;
  private since: Date | null = null;
  private lastError: string | null = null;
  /** The alert state last announced ('unknown' until the first replay tells). */
  private announced: 'waiting' | 'ok' | 'unknown' = 'unknown';
  /** Spool work (append, replay) runs one at a time, in order. */
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>,
    private readonly spool: AuditSpoolFile,
    private readonly notifications: NotificationsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.pending = (await this.spool.read().catch(() => [])).length;
    if (this.pending) this.since = new Date();
    await this.replaySpool();
    this.timer = setInterval(() => void this.replaySpool(), AUDIT_REPLAY_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  status(): AuditSpoolStatus {
    return { pending: this.pending, since: this.since, lastError: this.lastError, spoolFile: this.spool.file };
  }

  /** Writes one entry, or spools it. Never throws: the request it describes has already been answered. */
  async record(entry: NewAuditEntry): Promise<void> {
    let row: NewAuditEntry;
    try {
      row = storableEntry(entry);
      // Entries already waiting go first: a new one joins the spool behind them.
      if (this.pending === 0 && (await this.write(row))) return;
    } catch (err) {
      this.logger.error(`could not prepare audit entry for ${entry.method} [${entry.correlationId}]: ${(err as Error).message}`);
      return;
    }
    await this.serially(async () => {
      await this.spool.append([row]);
      this.pending++;
      this.since ??= new Date();
    }).catch((err: unknown) =>
      // Both the database and the state directory refused: the one case left, and it is loud.
      this.logger.error(
        `LOST audit entry ${row.method} ${row.path} [${row.correlationId}]: spool ${this.spool.file}: ${(err as Error).message}`,
      ),
    );
    await this.announce();
  }

  /** Writes spooled entries in order until the database refuses one; the rest wait for the next try. */
  replaySpool(): Promise<void> {
    return this.serially(async () => {
      if (this.pending === 0 && this.announced !== 'unknown') return;
      const waiting = await this.spool.read();
      let done = 0;
      for (const row of waiting) {
        if (!(await this.alreadyWritten(row).catch(() => null)) && !(await this.write(row))) break;
        done++;
      }
      if (done) await this.spool.replace(waiting.slice(done));
      this.pending = waiting.length - done;
      if (done) this.logger.warn(`wrote ${done} spooled audit entries; ${this.pending} still waiting`);
      if (this.pending === 0) {
        this.since = null;
        this.lastError = null;
      }
    })
      .catch((err: unknown) => this.logger.error(`audit spool replay failed: ${(err as Error).message}`))
      .then(() => this.announce());
  }

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** True when written. A data error gets one more try without its details; any other failure means "spool it". */
  private async write(row: NewAuditEntry): Promise<boolean> {
    let failure = await this.insert(row);
    if (failure && isDataError(failure)) {
      this.logger.warn(`audit entry [${row.correlationId}] refused (${pgErrorOf(failure)?.code}); written without its details`);
      failure = await this.insert({ ...row, details: { unstorable: 'The details of this entry could not be stored.' } });
    }
    if (!failure) return true;
    this.lastError = sanitiseText(failure.message).slice(0, 300);
    this.logger.error(`could not write audit entry ${row.method} ${row.path} [${row.correlationId}], spooled: ${this.lastError}`);
    return false;
  }

  /** The error, or null once written. */
  private async insert(row: NewAuditEntry): Promise<Error | null> {
    try {
      await this.entries.save(this.entries.create(row));
      return null;
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  }

  /** A replay after a crash between insert and truncate must not write an entry twice. */
  private alreadyWritten(row: NewAuditEntry): Promise<boolean> {
    return this.entries.exists({ where: { correlationId: row.correlationId, at: row.at, method: row.method, path: row.path } });
  }

  /** Raises (or clears) the alert when the state changed; retried on every replay while the database is away. */
  private async announce(): Promise<void> {
    const state = this.pending > 0 ? 'waiting' : 'ok';
    if (state === this.announced) return;
    const n = this.pending;
    try {
      await this.notifications.emit({
        kind: AUDIT_ALERT.kind,
        subject: AUDIT_ALERT.subject,
        networkId: null,
        severity: state === 'ok' ? 'info' : 'critical',
        state,
        title: state === 'ok' ? 'Every audit entry is written' : 'Audit entries are waiting to be written',
        message:
          state === 'ok'
            ? 'The audit log is complete again: entries that waited were written to the database.'
            : `${n} audit ${n === 1 ? 'entry' : 'entries'} could not be written to the database (${this.lastError ?? 'it did not answer'}). ` +
              `They are kept in ${this.spool.file} and written, in order, as soon as the database takes them again.`,
        link: '/audit',
      });
      this.announced = state;
    } catch (err) {
      this.logger.warn(`audit alert not sent yet (${(err as Error).message}); retried with the next replay`);
    }
  }

  async list(f: AuditFilter): Promise<AuditListDto> {
    const qb = this.entries.createQueryBuilder('a');
    if (f.userId) qb.andWhere('a.user_id = :userId', { userId: f.userId });
    if (f.networkId) qb.andWhere('a.network_id = :networkId', { networkId: f.networkId });
    // `network` matches network.create and network.member.add alike.
    if (f.action)
      qb.andWhere("(a.action = :action OR a.action LIKE :actionPrefix ESCAPE '\\')", {
        action: f.action,
        actionPrefix: `${f.action.replace(/[\\%_]/g, '\\$&')}.%`,
      });
    if (f.result) qb.andWhere('a.result = :result', { result: f.result });
    if (f.since) qb.andWhere('a.at >= :since', { since: f.since });
    if (f.until) qb.andWhere('a.at < :until', { until: f.until });
    qb.orderBy('a.at', 'DESC').addOrderBy('a.id', 'DESC').skip(f.offset).take(f.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map(toAuditEntryDto), total };
  }
}

export function toAuditEntryDto(a: AuditEntryEntity): AuditEntryDto {
  return {
    id: a.id,
    at: a.at.toISOString(),
    userId: a.userId,
    username: a.username,
    actorName: a.actorName || a.username,
    tokenId: a.tokenId,
    ip: a.ip,
    action: a.action,
    method: a.method,
    path: a.path,
    targetType: a.targetType,
    targetId: a.targetId,
    networkId: a.networkId,
    statusCode: a.statusCode,
    result: a.result,
    errorCode: a.errorCode,
    correlationId: a.correlationId,
    details: a.details,
  };
}
