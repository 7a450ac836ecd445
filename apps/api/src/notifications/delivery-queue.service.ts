import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { QUEUE_CONCURRENCY, QueueName } from '../services/queue/queue.catalogue';
import { createRedis } from '../services/redis/redis.module';
import { NotificationDeliveryEntity } from './entities/notification-delivery.entity';
import { TargetVault } from './target-vault';
import { DeliveryError } from './targets/outgoing';
import { deliver } from './targets/senders';

export const DELIVER_JOB = 'notification.deliver';

interface DeliveryJobData {
  deliveryId: string;
}

/** A pending delivery older than this with no job in the queue was lost (a crash between commit and enqueue). */
const LOST_AFTER_MS = 60_000;
/** Sent and failed deliveries are kept this long (the target's counters), notifications a little longer. */
const DELIVERY_RETENTION_DAYS = 30;
const NOTIFICATION_RETENTION_DAYS = 90;

/**
 * Deliveries as BullMQ jobs on the `notify` queue: the job id is the
 * delivery id (enqueueing twice runs once), retries back off exponentially
 * (CLAN_NOTIFY_ATTEMPTS, CLAN_NOTIFY_RETRY_SECONDS). The delivery row keeps
 * the outcome; a failure is recorded and retried, never thrown at the worker.
 * Workers run where tasks run (CLAN_RUN_WORKERS); a sweeper re-queues
 * deliveries whose job was lost and prunes old rows.
 */
@Injectable()
export class DeliveryQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('NotificationDelivery');
  private connection: Redis | null = null;
  private queue: Queue<DeliveryJobData> | null = null;
  private worker: Worker<DeliveryJobData> | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly vault: TargetVault,
  ) {}

  private shared(): Redis {
    this.connection ??= createRedis(this.config, 'notify');
    return this.connection;
  }

  private q(): Queue<DeliveryJobData> {
    if (!this.queue) {
      this.queue = new Queue<DeliveryJobData>(QueueName.Notify, { connection: this.shared(), prefix: this.config.queuePrefix });
      this.queue.on('error', (err: Error) => this.logger.warn(`queue: ${err.message}`));
    }
    return this.queue;
  }

  async enqueue(deliveryIds: string[]): Promise<void> {
    await this.q().addBulk(
      deliveryIds.map((deliveryId) => ({
        name: DELIVER_JOB,
        data: { deliveryId },
        opts: {
          jobId: deliveryId,
          attempts: this.config.notifyAttempts,
          backoff: { type: 'exponential', delay: this.config.notifyRetrySeconds * 1000 },
          removeOnComplete: true,
          removeOnFail: true,
        },
      })),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorkers) return;
    this.worker = new Worker<DeliveryJobData>(QueueName.Notify, (job) => this.process(job), {
      connection: this.shared(),
      prefix: this.config.queuePrefix,
      concurrency: QUEUE_CONCURRENCY[QueueName.Notify],
    });
    this.worker.on('error', (err: Error) => this.logger.warn(`worker: ${err.message}`));
    this.sweeper = setInterval(() => void this.sweep(), this.config.reconcileSeconds * 1000);
    this.sweeper.unref();
    void this.sweep();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    await this.sweeping?.catch(() => undefined);
    const worker = this.worker;
    this.worker = null;
    await worker?.close().catch((err: unknown) => this.logger.warn(`closing the worker: ${(err as Error).message}`));
    await this.queue?.close().catch(() => undefined);
    this.queue = null;
    const c = this.connection;
    this.connection = null;
    if (c) await c.quit().catch(() => c.disconnect());
  }

  /** One attempt. Throws only to make BullMQ retry (or, UnrecoverableError, to stop); the row already says why. */
  async process(job: Job<DeliveryJobData>): Promise<void> {
    const deliveryId = job.data?.deliveryId;
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
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
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
    const attempt = `attempt ${job.attemptsMade + 1}/${job.opts.attempts ?? 1}`;
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
    for (const { id } of stale) if ((await this.q().getJobState(id)) === 'unknown') lost.push(id);
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
