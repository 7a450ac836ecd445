import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type BackoffOptions, type Job, Queue, type WorkerOptions, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { createRedis } from '../redis/redis.module';
import { JobHandlerRegistry } from './job-handlers';
import {
  INTERNAL_JOBS,
  type InternalJobName,
  type InternalJobPayloads,
  isInternalJobName,
  baseQueueOf,
  hostQueueName,
  hostQueues,
  type JobName,
  QUEUE_CONCURRENCY,
  type QueueName,
  queuesInUse,
  taskQueues,
} from './queue.catalogue';

/** What travels through BullMQ for a task job: only the task id. The task row holds the payload. */
export interface QueuedJobData {
  taskId: string;
}

/** What a job of either kind carries. */
type AnyJobData = QueuedJobData | InternalJobPayloads[InternalJobName];

export type JobProcessor = (job: Job<QueuedJobData>) => Promise<void>;

/** How an internal job is enqueued. */
export interface InternalJobOptions {
  /** Deduplicates: a job id already queued (or running) is not added again. */
  jobId?: string;
  /** Attempts in all (retries + 1); default 1. */
  attempts?: number;
  backoff?: BackoffOptions;
}

/** A job scheduler (cron) of an internal job, as Redis holds it. */
export interface ScheduledJob {
  id: string;
  pattern: string | null;
  /** Next run, epoch milliseconds. */
  next: number | null;
}

export type JobState = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed' | 'prioritized' | 'waiting-children' | 'unknown' | string;

/**
 * The BullMQ edge: queues (to enqueue, inspect, remove, schedule) and, when
 * this process runs workers, one worker per queue in use. A worker hands task
 * jobs to the task runner's processor and runs internal jobs' handlers itself
 * (queue.catalogue.ts). Nothing is opened until used, so building the app for
 * the OpenAPI document needs no Redis.
 */

/** Finished beats of a job scheduler kept per queue. */
const SCHEDULED_KEEP = 20;
@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly logger = new Logger('Queues');
  private connection: Redis | null = null;
  private workerConnection: Redis | null = null;
  private readonly queues = new Map<string, Queue<AnyJobData>>();
  private readonly workers: Worker<AnyJobData>[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly handlers: JobHandlerRegistry,
  ) {}

  /**
   * One connection shared by every queue. It fails fast while Redis is away, so
   * starting a task answers 503 (REDIS_UNAVAILABLE) instead of hanging.
   */
  private shared(): Redis {
    this.connection ??= createRedis(this.config, 'queues');
    return this.connection;
  }

  /** The workers' connection (they duplicate it for their blocking reads): waits for Redis to come back. */
  private forWorkers(): Redis {
    this.workerConnection ??= createRedis(this.config, 'workers', 'wait');
    return this.workerConnection;
  }

  private queue(name: string): Queue<AnyJobData> {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue<AnyJobData>(name, { connection: this.shared(), prefix: this.config.queuePrefix });
      q.on('error', (err: Error) => this.logger.warn(`queue ${name}: ${err.message}`));
      this.queues.set(name, q);
    }
    return q;
  }

  /**
   * Enqueues the job of a task on `queueName` (the task row's `queue`: the catalogue's queue, or a host's
   * `<queue>@<host id>`). The job id is the task id, so a task is never queued twice.
   * `first`: ahead of the jobs already waiting (a task re-queued after its worker died was
   * running before them, so it does not wait behind a burst that queued meanwhile).
   */
  async add(queueName: string, jobName: JobName, taskId: string, options: { first?: boolean } = {}): Promise<void> {
    await this.queue(queueName).add(
      jobName,
      { taskId },
      { jobId: taskId, attempts: 1, removeOnComplete: true, removeOnFail: true, ...(options.first ? { lifo: true } : {}) },
    );
  }

  /** Removes a task's job unless a worker holds it. True when it is gone. */
  async remove(queueName: string, taskId: string): Promise<boolean> {
    const q = this.queue(queueName);
    const removed = await q.remove(taskId);
    return removed === 1 || (await q.getJobState(taskId)) === 'unknown';
  }

  /**
   * Removes the job of a task whose worker is known to be dead (its process is
   * gone or its liveness key expired). BullMQ still holds the job "active"
   * under that worker's lock until the lock expires and two stalled checks
   * pass (up to about 3 × the lock duration), and refuses to remove a locked
   * job. The lock is void — nobody will renew it — so it is dropped first.
   * The lock key is `<job key>:lock` (BullMQ's scripts, includes/isLocked.lua).
   */
  async removeAbandoned(queueName: string, taskId: string): Promise<boolean> {
    const q = this.queue(queueName);
    if ((await q.getJobState(taskId)) === 'active') await this.shared().del(`${q.toKey(taskId)}:lock`);
    return this.remove(queueName, taskId);
  }

  /** True while a worker (live or not) holds the task's job lock. */
  async isLocked(queueName: string, taskId: string): Promise<boolean> {
    const q = this.queue(queueName);
    return (await this.shared().exists(`${q.toKey(taskId)}:lock`)) === 1;
  }

  async state(queueName: string, taskId: string): Promise<JobState> {
    return this.queue(queueName).getJobState(taskId);
  }

  /** Jobs waiting on a queue (the Hosts view's load, tests). */
  async waitingCount(queueName: string): Promise<number> {
    return this.queue(queueName).getWaitingCount();
  }

  /** Enqueues internal jobs. A `jobId` already in the queue is not added again. */
  async addInternal<N extends InternalJobName>(
    jobName: N,
    jobs: readonly { payload: InternalJobPayloads[N]; opts?: InternalJobOptions }[],
  ): Promise<void> {
    if (!jobs.length) return;
    await this.queue(INTERNAL_JOBS[jobName].queue).addBulk(
      jobs.map(({ payload, opts }) => ({
        name: jobName,
        data: payload,
        opts: { attempts: 1, ...opts, removeOnComplete: true, removeOnFail: true },
      })),
    );
  }

  async internalState(jobName: InternalJobName, jobId: string): Promise<JobState> {
    return this.queue(INTERNAL_JOBS[jobName].queue).getJobState(jobId);
  }

  /**
   * Creates or updates the job scheduler `id`: an internal job with `payload` on every beat of the cron
   * `pattern`. Only the last few finished beats stay in Redis (for diagnosis), not one per beat forever.
   */
  async schedule<N extends InternalJobName>(jobName: N, id: string, pattern: string, payload: InternalJobPayloads[N]): Promise<void> {
    await this.queue(INTERNAL_JOBS[jobName].queue).upsertJobScheduler(
      id,
      { pattern },
      { name: jobName, data: payload, opts: { removeOnComplete: { count: SCHEDULED_KEEP }, removeOnFail: { count: SCHEDULED_KEEP } } },
    );
  }

  async unschedule(jobName: InternalJobName, id: string): Promise<void> {
    await this.queue(INTERNAL_JOBS[jobName].queue).removeJobScheduler(id);
  }

  /** The job schedulers on the queue of `jobName`. */
  async schedules(jobName: InternalJobName): Promise<ScheduledJob[]> {
    const all = await this.queue(INTERNAL_JOBS[jobName].queue).getJobSchedulers(0, -1);
    return all.map((s) => ({ id: s.key, pattern: s.pattern ?? null, next: s.next ?? null }));
  }

  /**
   * Starts one worker per queue this process serves: on the panel's host every
   * host-less queue in use, and on every host its own `<queue>@<host id>`
   * queues (docs/fleet.md). Task jobs go to `processor` (the task
   * runner), internal jobs to their handler. On task queues BullMQ's lock is
   * tied to the task heartbeat; a stalled job it hands out again is only ever
   * run when the task row says so (see TaskRunner.claim), so stalls never run
   * a task twice. Internal jobs keep BullMQ's default locks and retries.
   */
  startWorkers(processor: JobProcessor, serve: { hostId: string; panelQueues: boolean }): string[] {
    const lockDuration = Math.max(10_000, this.config.taskHeartbeatSeconds * 3000);
    const withTasks = new Set<string>(taskQueues());
    const names: string[] = [...(serve.panelQueues ? queuesInUse() : []), ...hostQueues().map((q) => hostQueueName(q, serve.hostId))];
    for (const name of names) {
      const base = baseQueueOf(name);
      const locks: Partial<WorkerOptions> = withTasks.has(base) ? { lockDuration, stalledInterval: lockDuration, maxStalledCount: 1 } : {};
      const worker = new Worker<AnyJobData>(
        name,
        (job) => (isInternalJobName(job.name) ? this.runInternal(job, job.name) : processor(job as Job<QueuedJobData>)),
        { connection: this.forWorkers(), prefix: this.config.queuePrefix, concurrency: QUEUE_CONCURRENCY[base], ...locks },
      );
      worker.on('error', (err: Error) => this.logger.warn(`worker ${name}: ${err.message}`));
      // Internal jobs' handlers record and log their own failures (a delivery's retries are expected).
      worker.on('failed', (job, err) => {
        if (job && isInternalJobName(job.name)) return;
        this.logger.warn(`job ${job?.name ?? '?'} ${job?.id ?? ''} failed in BullMQ: ${err.message}`);
      });
      this.workers.push(worker);
    }
    return names;
  }

  /** Runs one attempt of an internal job; what it throws goes back to BullMQ (retry, or give up). */
  private runInternal<N extends InternalJobName>(job: Job<AnyJobData>, jobName: N): Promise<void> {
    return this.handlers.getInternal(jobName)({
      jobName,
      jobId: job.id ?? null,
      payload: (job.data ?? {}) as InternalJobPayloads[N],
      attempt: job.attemptsMade + 1,
      attempts: job.opts.attempts ?? 1,
    });
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
    const connections = [this.connection, this.workerConnection];
    this.connection = this.workerConnection = null;
    for (const c of connections) {
      if (!c) continue;
      // quit() would wait for an absent Redis forever.
      if (c.status === 'ready') await c.quit().catch(() => c.disconnect());
      else c.disconnect();
    }
  }
}
