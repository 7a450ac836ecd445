import { TaskStatus } from '@clan/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { isJobName } from '../services/queue/queue.catalogue';
import { QueueService } from '../services/queue/queue.service';
import { TaskRecovery, WORKER_DIED_REASON, WORKER_LOST_TASK_REASON } from './task-recovery.service';
import { TaskRunner } from './task-runner.service';
import { TaskStore } from './task.store';

export const RECONCILE_INTERVAL_MS = 10_000;
/** A queued task younger than this may simply not be enqueued yet. */
const QUEUED_GRACE_MS = 10_000;

/**
 * Makes the task table and the workers agree, at start-up and every 10 s:
 * - running tasks whose worker is dead fail with a reason (or are re-queued
 *   when their job is resumable);
 * - running tasks this very process owns but no longer runs fail likewise;
 * - queued tasks whose BullMQ job vanished (or sits "active" with no
 *   worker's lock) are enqueued again.
 * Every change is a conditional UPDATE, so several panel processes may
 * reconcile at once.
 */
@Injectable()
export class TaskReconciler {
  private readonly logger = new Logger('TaskReconciler');
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly store: TaskStore,
    private readonly queue: QueueService,
    private readonly recovery: TaskRecovery,
    private readonly runner: TaskRunner,
  ) {}

  async start(): Promise<void> {
    await this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), RECONCILE_INTERVAL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  /** One pass; never throws (a failed pass is retried by the next one). */
  runOnce(): Promise<void> {
    this.inFlight ??= this.reconcile()
      .catch((err: unknown) => this.logger.warn(`reconciliation pass failed: ${(err as Error).message}`))
      .finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private async reconcile(): Promise<void> {
    for (const task of await this.store.running()) {
      if (task.workerId === this.runner.workerId) {
        if (!this.runner.isLocal(task.id)) await this.recovery.recover(task, WORKER_LOST_TASK_REASON, { enqueue: true });
      } else if (await this.recovery.workerIsDead(task)) {
        await this.recovery.recover(task, WORKER_DIED_REASON, { enqueue: true });
      }
    }
    for (const task of await this.store.queuedBefore(QUEUED_GRACE_MS)) {
      if (!isJobName(task.type)) {
        await this.store.failQueued(task.id, `This panel version has no job "${task.type}"; start it again.`);
        continue;
      }
      const state = await this.queue.state(task.queue, task.id);
      // "active" without a lock: held by a worker that died (a re-queue that could not replace it yet).
      const abandoned = state === 'active' && !(await this.queue.isLocked(task.queue, task.id));
      if (state !== 'unknown' && state !== 'completed' && state !== 'failed' && !abandoned) continue;
      const current = await this.store.find(task.id);
      if (current?.status !== TaskStatus.Queued) continue;
      // Logged first: once enqueued, a worker may start writing at once.
      await this.store.appendLog(current, 'warn', 'Its queue entry was lost; queuing it again.');
      await this.recovery.enqueueAgain(task, { abandoned });
    }
  }
}
