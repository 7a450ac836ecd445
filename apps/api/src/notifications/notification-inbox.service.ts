import { Privilege } from '@clan/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../common/authz/access.service';
import type { Principal } from '../common/authz/principal';
import { notFound } from '../common/errors/domain-error';
import { DEFAULT_PAGE_SIZE } from '../common/http/paging.dto';
import { PubSub } from '../services/queue/pubsub.service';
import type {
  ListNotificationsQueryDto,
  MarkedReadDto,
  NotificationDto,
  NotificationListDto,
  UnreadCountDto,
} from './dto/notification.dto';
import { NOTIFICATION_EVENTS_CHANNEL, type NotificationChannelMessage } from './notification-events';

interface Row {
  id: string;
  kind: string;
  severity: NotificationDto['severity'];
  network_id: string | null;
  network_name: string | null;
  subject: string;
  state: string;
  previous_state: string | null;
  title: string;
  message: string;
  link: string | null;
  created_at: Date;
  read: boolean;
}

/** SQL for "notifications this person may see": every one for host admins, else their networks' (Network.Audit). */
interface Visibility {
  clause: string;
  params: unknown[];
}

/**
 * The in-app list. Visibility follows the tasks list: host admins see every
 * notification (host-wide ones included), others those of the networks
 * where they hold Network.Audit. Read state is per person.
 */
@Injectable()
export class NotificationInbox {
  private readonly logger = new Logger('NotificationInbox');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly pubsub: PubSub,
  ) {}

  private async visibility(principal: Principal, firstParam: number): Promise<Visibility> {
    const networks = await this.access.networksWith(principal, Privilege.NetworkAudit);
    if (networks === 'all') return { clause: 'TRUE', params: [] };
    return { clause: `n."network_id" = ANY($${firstParam}::uuid[])`, params: [networks] };
  }

  async list(principal: Principal, q: ListNotificationsQueryDto): Promise<NotificationListDto> {
    const params: unknown[] = [principal.userId];
    const vis = await this.visibility(principal, 2);
    params.push(...vis.params);
    const where = [vis.clause];
    if (q.networkId) {
      params.push(q.networkId);
      where.push(`n."network_id" = $${params.length}`);
    }
    if (q.minSeverity) {
      const levels = q.minSeverity === 'critical' ? ['critical'] : q.minSeverity === 'warning' ? ['warning', 'critical'] : null;
      if (levels) {
        params.push(levels);
        where.push(`n."severity" = ANY($${params.length}::varchar[])`);
      }
    }
    if (q.unread) where.push('r."user_id" IS NULL');
    const base = 'FROM "notifications" n LEFT JOIN "notification_reads" r ON r."notification_id" = n."id" AND r."user_id" = $1';
    const filter = `WHERE ${where.join(' AND ')}`;
    const page = [...params, q.limit ?? DEFAULT_PAGE_SIZE, q.offset ?? 0];
    const rows = await this.ds.query<Row[]>(
      `SELECT n.*, net."name" AS "network_name", (r."user_id" IS NOT NULL) AS "read" ${base} ` +
        `LEFT JOIN "networks" net ON net."id" = n."network_id" ${filter} ` +
        `ORDER BY n."created_at" DESC, n."id" DESC LIMIT $${page.length - 1} OFFSET $${page.length}`,
      page,
    );
    const [{ total }] = await this.ds.query<{ total: number }[]>(`SELECT count(*)::int AS "total" ${base} ${filter}`, params);
    return { items: rows.map(toDto), total, unread: (await this.unread(principal)).unread };
  }

  async unread(principal: Principal): Promise<UnreadCountDto> {
    const vis = await this.visibility(principal, 2);
    const [{ unread }] = await this.ds.query<{ unread: number }[]>(
      'SELECT count(*)::int AS "unread" FROM "notifications" n ' +
        'WHERE NOT EXISTS (SELECT 1 FROM "notification_reads" r WHERE r."notification_id" = n."id" AND r."user_id" = $1) AND ' +
        vis.clause,
      [principal.userId, ...vis.params],
    );
    return { unread };
  }

  async markRead(principal: Principal, id: string): Promise<MarkedReadDto> {
    const vis = await this.visibility(principal, 2);
    const found = await this.ds.query<{ id: string }[]>(`SELECT n."id" FROM "notifications" n WHERE n."id" = $1 AND ${vis.clause}`, [
      id,
      ...vis.params,
    ]);
    // Someone else's network's notification answers like a missing one.
    if (!found.length) throw notFound('The notification');
    const inserted = await this.ds.query<unknown[]>(
      'INSERT INTO "notification_reads" ("notification_id", "user_id") VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING "notification_id"',
      [id, principal.userId],
    );
    if (inserted.length) await this.tell({ type: 'notifications.read', userId: principal.userId, ids: [id] });
    return { marked: inserted.length, ...(await this.unread(principal)) };
  }

  async markAllRead(principal: Principal): Promise<MarkedReadDto> {
    const vis = await this.visibility(principal, 2);
    const inserted = await this.ds.query<unknown[]>(
      'INSERT INTO "notification_reads" ("notification_id", "user_id") ' +
        `SELECT n."id", $1::uuid FROM "notifications" n WHERE ${vis.clause} ` +
        'ON CONFLICT DO NOTHING RETURNING "notification_id"',
      [principal.userId, ...vis.params],
    );
    if (inserted.length) await this.tell({ type: 'notifications.read', userId: principal.userId, ids: 'all' });
    return { marked: inserted.length, ...(await this.unread(principal)) };
  }

  /** The caller's other tabs and devices update their unread count. */
  private async tell(message: NotificationChannelMessage): Promise<void> {
    await this.pubsub
      .publish(NOTIFICATION_EVENTS_CHANNEL, message)
      .catch((error: unknown) => this.logger.warn(`read state not published: ${(error as Error).message}`));
  }
}

function toDto(r: Row): NotificationDto {
  return {
    id: r.id,
    kind: r.kind,
    severity: r.severity,
    networkId: r.network_id,
    networkName: r.network_name,
    subject: r.subject,
    state: r.state,
    previousState: r.previous_state,
    title: r.title,
    message: r.message,
    link: r.link,
    createdAt: new Date(r.created_at).toISOString(),
    read: r.read,
  };
}
