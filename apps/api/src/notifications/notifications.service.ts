import type { NotificationSeverity } from '@clan/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { PubSub } from '../services/queue/pubsub.service';
import { DeliveryQueue } from './delivery-queue.service';
import { classifyChange, matchSeverity, type NotificationEvent, normaliseEvent } from './emit-rules';
import { NotificationDeliveryEntity } from './entities/notification-delivery.entity';
import { NotificationTargetEntity } from './entities/notification-target.entity';
import { NotificationEntity } from './entities/notification.entity';
import { NOTIFICATION_EVENTS_CHANNEL, type NotificationChannelMessage, toNotificationSummary } from './notification-events';
import { targetMatches } from './targets/matchers';

export type { NotificationEvent } from './emit-rules';

const FOREIGN_KEY_VIOLATION = '23503';

interface SubjectRow {
  state: string;
  severity: NotificationSeverity;
}

interface Recorded {
  notification: NotificationEntity;
  networkName: string | null;
  deliveryIds: string[];
}

/**
 * The panel's notification facility. emit() may be called on every poll: it
 * records the subject's state and notifies only when the state changed. The
 * comparison happens under a row lock on the subject (notification_subjects,
 * primary key `subject`), in one transaction with the notification and its
 * deliveries, so concurrent emits — from any number of processes — produce
 * exactly one notification per change.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Notifications');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly queue: DeliveryQueue,
    private readonly pubsub: PubSub,
  ) {}

  async emit(event: NotificationEvent): Promise<void> {
    const e = normaliseEvent(event);
    let recorded: Recorded | null;
    try {
      recorded = await this.ds.transaction((tx) => this.record(tx, e));
    } catch (error) {
      // The network was deleted while its subject was being observed: nothing left to tell anyone.
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === FOREIGN_KEY_VIOLATION && e.networkId) {
        this.logger.warn(`dropped a ${e.kind} notification for network ${e.networkId}: the network no longer exists`);
        return;
      }
      throw error;
    }
    if (recorded) await this.announce(recorded);
  }

  /** Inside the transaction: lock the subject, compare, and store the notification with its deliveries. */
  private async record(tx: EntityManager, e: NotificationEvent): Promise<Recorded | null> {
    const previous = await this.lockSubject(tx, e);
    const change = classifyChange(previous?.state ?? null, e.state);
    if (change === 'unchanged') return null;
    if (previous) {
      await tx.query(
        'UPDATE "notification_subjects" SET "state" = $2, "severity" = $3, "kind" = $4, "network_id" = $5, "changed_at" = now() WHERE "subject" = $1',
        [e.subject, e.state, e.severity, e.kind, e.networkId],
      );
    }
    if (change === 'first-ok') return null;

    const notification = await tx.getRepository(NotificationEntity).save(
      tx.getRepository(NotificationEntity).create({
        kind: e.kind,
        severity: e.severity,
        networkId: e.networkId,
        subject: e.subject,
        state: e.state,
        previousState: previous?.state ?? null,
        title: e.title,
        message: e.message,
        link: e.link ?? null,
      }),
    );
    const severity = matchSeverity(e.severity, previous);
    const targets = await tx
      .getRepository(NotificationTargetEntity)
      .createQueryBuilder('t')
      .where('t.enabled = true')
      .andWhere('(t.network_id IS NULL OR t.network_id = :networkId)', { networkId: e.networkId })
      .getMany();
    const matched = targets.filter((t) => targetMatches(t, { severity, networkId: e.networkId, kind: e.kind }));
    const deliveryRepo = tx.getRepository(NotificationDeliveryEntity);
    const deliveries = matched.length
      ? await deliveryRepo.save(matched.map((t) => deliveryRepo.create({ notificationId: notification.id, targetId: t.id })))
      : [];
    const networkName = e.networkId
      ? ((await tx.query<{ name: string }[]>('SELECT "name" FROM "networks" WHERE "id" = $1', [e.networkId]))[0]?.name ?? null)
      : null;
    return { notification, networkName, deliveryIds: deliveries.map((d) => d.id) };
  }

  /**
   * The subject's row, locked until the transaction ends; null when this call
   * inserted it (first observation). Losing the insert race to a concurrent
   * emit waits for the winner to commit, then locks its row.
   */
  private async lockSubject(tx: EntityManager, e: NotificationEvent): Promise<SubjectRow | null> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const rows = await tx.query<SubjectRow[]>('SELECT "state", "severity" FROM "notification_subjects" WHERE "subject" = $1 FOR UPDATE', [
        e.subject,
      ]);
      if (rows[0]) return rows[0];
      const inserted = await tx.query<unknown[]>(
        'INSERT INTO "notification_subjects" ("subject", "state", "severity", "kind", "network_id", "changed_at") VALUES ($1, $2, $3, $4, $5, now()) ' +
          'ON CONFLICT ("subject") DO NOTHING RETURNING "subject"',
        [e.subject, e.state, e.severity, e.kind, e.networkId],
      );
      if (inserted.length) return null;
    }
    throw new Error(`notification subject "${e.subject}" could not be locked; it is being changed and removed concurrently`);
  }

  /** After commit: live update for the in-app list, and the deliveries onto the queue (the sweeper re-queues any lost here). */
  private async announce({ notification, networkName, deliveryIds }: Recorded): Promise<void> {
    const message: NotificationChannelMessage = {
      type: 'notification.created',
      notification: toNotificationSummary(notification, networkName, false),
    };
    await this.pubsub
      .publish(NOTIFICATION_EVENTS_CHANNEL, message)
      .catch((error: unknown) => this.logger.warn(`live notification not published: ${(error as Error).message}`));
    if (deliveryIds.length)
      await this.queue
        .enqueue(deliveryIds)
        .catch((error: unknown) =>
          this.logger.warn(`${deliveryIds.length} deliveries not queued yet (the sweeper retries): ${(error as Error).message}`),
        );
  }
}
