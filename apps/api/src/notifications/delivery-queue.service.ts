import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import type { InternalJobContext } from '../services/queue/job-context';
import { JobHandler } from '../services/queue/job-handler.decorator';
import { InternalJobName } from '../services/queue/queue.catalogue';
import { QueueService } from '../services/queue/queue.service';
import { NotificationDeliveryEntity } from './entities/notification-delivery.entity';
import { TargetVault } from './target-vault';
import { DeliveryError } from './targets/outgoing';
import { deliver } from './targets/senders';

/** A pending delivery older than this with no job in the queue was lost (a crash between commit and enqueue). */
const LOST_AFTER_MS = 60_000;
/** Sent and failed deliveries are kept this long (the target's counters), notifications a little longer. */
const DELIVERY_RETENTION_DAYS = 30;
const NOTIFICATION_RETENTION_DAYS = 90;

/**
 * Deliveries as the internal job `notification.deliver` (queue.catalogue.ts)
 * on the `notify` queue: the job id is the delivery id (enqueueing twice runs
 * once), retries back off exponentially (CLAN_NOTIFY_ATTEMPTS,
 * CLAN_NOTIFY_RETRY_SECONDS). The delivery row keeps the outcome; a failure
 * is recorded, then thrown only so BullMQ retries. The queue's workers run
 * where tasks run (CLAN_RUN_WORKERS); so does a sweeper that re-queues
 * deliveries whose job was lost and prunes old rows.
 */
@Injectable()
export class DeliveryQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('NotificationDelivery');
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly vault: TargetVault,
    private readonly queue: QueueService,
  ) {}

  async enqueue(deliveryIds: string[]): Promise<void> {
    await this.queue.addInternal(
      InternalJobName.NotificationDeliver,
      deliveryIds.map((deliveryId) => ({
        payload: { deliveryId },
        opts: {
          jobId: deliveryId,
          attempts: this.config.notifyAttempts,
          backoff: { type: 'exponential', delay: this.config.notifyRetrySeconds * 1000 },
        },
      })),
    );
  }

  onApplicationBootstrap(): void {
    if (!this.config.runWorkers) return;
    this.sweeper = setInterval(() => void this.sweep(), this.config.reconcileSeconds * 1000);
    this.sweeper.unref();
    void this.sweep();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    await this.sweeping?.catch(() => undefined);
  }

  /** One attempt. Throws only to make BullMQ retry (or, UnrecoverableError, to stop); the row already says why. */
  @JobHandler(InternalJobName.NotificationDeliver)
  async process(ctx: InternalJobContext<InternalJobName.NotificationDeliver>): Promise<void> {
    const deliveryId = ctx.payload.deliveryId;
    if (typeof deliveryId !== 'string') return;
    const delivery = await this.ds.getRepository(NotificationDeliveryEntity).findOne({
      where: { id: deliveryId },
      relations: { target: true, notification: { network: true } },
    });
    // Gone (target or notification deleted) or already settled by an earlier run: nothing to do.
    if (!delivery?.target || !delivery.notification || delivery.status !== 'pending') return;
    const { target, notification } = delivery;
    if (!target.enabled) {
      await this.settle(deliveryId, 'failed', 'The target was disabled before the notification could be delivered.');
      return;
    }
    const finalAttempt = ctx.attempt >= ctx.attempts;
    let error: DeliveryError | null = null;
    try {
      const secrets = this.vault.open(target);
      await deliver(
        target.type,
        target.settings,
        secrets,
        this.vault.outgoing(notification, notification.network?.name ?? null, deliveryId),
      );
    } catch (e) {
      error =
        e instanceof DeliveryError ? e : new DeliveryError("The target's secrets cannot be decrypted (was the master key replaced?)", true);
    }
    if (!error) {
      // Delivered: a bookkeeping failure now must not make BullMQ send it again.
      try {
        await this.settle(deliveryId, 'sent', null);
        await this.vault.recordOutcome(target.id, null);
      } catch (e) {
        this.logger.error(`delivery ${deliveryId} was delivered but could not be recorded: ${(e as Error).message}`);
      }
      return;
    }
    const gaveUp = error.permanent || finalAttempt;
    await this.settle(deliveryId, gaveUp ? 'failed' : 'pending', error.message);
    await this.vault.recordOutcome(target.id, error.message);
    const attempt = `attempt ${ctx.attempt}/${ctx.attempts}`;
    this.logger.warn(
      `delivery to ${target.type} target "${target.name}" failed (${attempt}${gaveUp ? ', giving up' : ''}): ${error.message}`,
    );
    throw gaveUp ? new UnrecoverableError(error.message) : new Error(error.message);
  }

  private async settle(deliveryId: string, status: 'pending' | 'sent' | 'failed', error: string | null): Promise<void> {
    await this.ds.query(
      'UPDATE "notification_deliveries" SET "status" = $2, "attempts" = "attempts" + 1, "last_error" = $3, ' +
        '"sent_at" = CASE WHEN $4::boolean THEN now() ELSE "sent_at" END, "updated_at" = now() WHERE "id" = $1 AND "status" = \'pending\'',
      [deliveryId, status, error, status === 'sent'],
    );
  }

  /** Re-queues pending deliveries whose job is gone and prunes old rows. Never throws. */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce()
      .catch((err: unknown) => this.logger.warn(`sweep: ${(err as Error).message}`))
      .finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    const stale = await this.ds.query<{ id: string }[]>(
      'SELECT "id" FROM "notification_deliveries" WHERE "status" = \'pending\' AND "updated_at" < now() - ($1::int * interval \'1 millisecond\') LIMIT 500',
      [LOST_AFTER_MS],
    );
    const lost: string[] = [];
    for (const { id } of stale) if ((await this.queue.internalState(InternalJobName.NotificationDeliver, id)) === 'unknown') lost.push(id);
    if (lost.length) {
      this.logger.log(`re-queueing ${lost.length} notification deliveries whose job was lost`);
      await this.enqueue(lost);
    }
    await this.ds.query(
      'DELETE FROM "notification_deliveries" WHERE "status" <> \'pending\' AND "updated_at" < now() - ($1::int * interval \'1 day\')',
      [DELIVERY_RETENTION_DAYS],
    );
    await this.ds.query('DELETE FROM "notifications" WHERE "created_at" < now() - ($1::int * interval \'1 day\')', [
      NOTIFICATION_RETENTION_DAYS,
    ]);
  }
}
