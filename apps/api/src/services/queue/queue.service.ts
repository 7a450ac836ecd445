import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { createRedis } from '../redis/redis.module';
import { JOBS, type JobName, QUEUE_CONCURRENCY, type QueueName, queuesInUse } from './queue.catalogue';

/** What travels through BullMQ: only the task id. The task row holds the payload. */
export interface QueuedJobData {
  taskId: string;
}

export type JobProcessor = (job: Job<QueuedJobData>) => Promise<void>;

export type JobState = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed' | 'prioritized' | 'waiting-children' | 'unknown' | string;

/**
 * The BullMQ edge: queues (to enqueue, inspect, remove) and, when this process
 * runs workers, one worker per queue in use. Nothing is opened until used, so
 * building the app for the OpenAPI document needs no Redis.
 */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly logger = new Logger('Queues');
  private connection: Redis | null = null;
  private readonly queues = new Map<QueueName, Queue<QueuedJobData>>();
  private readonly workers: Worker<QueuedJobData>[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private shared(): Redis {
    // One connection shared by every queue; workers duplicate it for their blocking reads.
    this.connection ??= createRedis(this.config, 'queues');
    return this.connection;
  }

  private queue(name: QueueName): Queue<QueuedJobData> {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue<QueuedJobData>(name, { connection: this.shared(), prefix: this.config.queuePrefix });
      q.on('error', (err: Error) => this.logger.warn(`queue ${name}: ${err.message}`));
      this.queues.set(name, q);
    }
    return q;
  }

  /** Enqueues the job of a task. The job id is the task id, so a task is never queued twice. */
  async add(jobName: JobName, taskId: string): Promise<void> {
    await this.queue(JOBS[jobName].queue).add(
      jobName,
      { taskId },
      { jobId: taskId, attempts: 1, removeOnComplete: true, removeOnFail: true },
    );
  }

  /** Removes a task's job unless a worker holds it. True when it is gone. */
  async remove(jobName: JobName, taskId: string): Promise<boolean> {
    const q = this.queue(JOBS[jobName].queue);
    const removed = await q.remove(taskId);
    return removed === 1 || (await q.getJobState(taskId)) === 'unknown';
  }

  async state(jobName: JobName, taskId: string): Promise<JobState> {
    return this.queue(JOBS[jobName].queue).getJobState(taskId);
  }

  /**
   * Starts one worker per queue in use. BullMQ's lock is tied to the task
   * heartbeat; a stalled job it hands out again is only ever run when the
   * task row says so (see TaskRunner.claim), so stalls never run a task twice.
   */
  startWorkers(processor: JobProcessor): void {
    const lockDuration = Math.max(10_000, this.config.taskHeartbeatSeconds * 3000);
    for (const name of queuesInUse()) {
      const worker = new Worker<QueuedJobData>(name, processor, {
        connection: this.shared(),
        prefix: this.config.queuePrefix,
        concurrency: QUEUE_CONCURRENCY[name],
        lockDuration,
        stalledInterval: lockDuration,
        maxStalledCount: 1,
      });
      worker.on('error', (err: Error) => this.logger.warn(`worker ${name}: ${err.message}`));
      worker.on('failed', (job, err) => this.logger.warn(`job ${job?.name ?? '?'} ${job?.id ?? ''} failed in BullMQ: ${err.message}`));
      this.workers.push(worker);
    }
  }

  /** Stops taking jobs; waits for running processors (aborted beforehand by the task runner) unless `force`. */
  async closeWorkers(force = false): Promise<void> {
    const ws = this.workers.splice(0);
    await Promise.all(ws.map((w) => w.close(force).catch((err: unknown) => this.logger.warn(`closing worker: ${(err as Error).message}`))));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.closeWorkers();
    const qs = [...this.queues.values()];
    this.queues.clear();
    await Promise.all(qs.map((q) => q.close().catch(() => undefined)));
    const c = this.connection;
    this.connection = null;
    if (c) await c.quit().catch(() => c.disconnect());
  }
}
