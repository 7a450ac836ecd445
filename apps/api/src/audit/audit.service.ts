import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
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

const clip = (s: string | null, n: number): string | null => (s === null ? null : s.length > n ? s.slice(0, n) : s);

@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(@InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>) {}

  /** Writes one entry. Never throws: the request it describes has already been answered. */
  async record(entry: NewAuditEntry): Promise<void> {
    try {
      await this.entries.save(
        this.entries.create({
          ...entry,
          username: clip(entry.username, 64),
          actorName: clip(entry.actorName ?? null, 128),
          ip: clip(entry.ip, 64),
          action: clip(entry.action, 128) ?? '',
          path: clip(entry.path, 256) ?? '',
          targetType: clip(entry.targetType, 32),
          targetId: clip(entry.targetId, 128),
          errorCode: clip(entry.errorCode, 64),
          correlationId: clip(entry.correlationId, 64) ?? 'none',
        }),
      );
    } catch (err) {
      this.logger.error(
        `could not write audit entry for ${entry.method} ${entry.path} [${entry.correlationId}]: ${(err as Error).message}`,
      );
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
