import { Injectable, Logger } from '@nestjs/common';
import { QueueService } from '../services/queue/queue.service';
import { isJobName, JOBS } from '../services/queue/queue.catalogue';
import { WorkerLiveness } from '../services/queue/worker-liveness.service';
import type { TaskEntity } from './task.entity';
import { TaskStore } from './task.store';

export const WORKER_DIED_REASON = 'The worker running this task stopped (panel restart or crash) before it finished.';
export const WORKER_LOST_TASK_REASON = 'The worker running this task lost track of it (it is no longer running) before it finished.';

export type RecoveryOutcome = 'failed' | 'requeued' | 'changed';

/**
 * What happens to a task whose worker is gone: resumable jobs go back to the
 * queue, the others fail with a reason a person can act on. Used by the
 * reconciler (periodic sweep) and the runner (a stalled job handed out again).
 */
@Injectable()
export class TaskRecovery {
  private readonly logger = new Logger('TaskRecovery');

  constructor(
    private readonly store: TaskStore,
    private readonly queue: QueueService,
    private readonly liveness: WorkerLiveness,
  ) {}

  workerIsDead(task: Pick<TaskEntity, 'workerId'>): Promise<boolean> {
    return this.liveness.isAlive(task.workerId).then((alive) => !alive);
  }

  /**
   * Moves a running task off `task.workerId` (only if it is still there, so
   * two reconcilers cannot both act). `enqueue: false` when the caller is the
   * worker already holding the job and will claim the task itself.
   */
  async recover(task: TaskEntity, reason: string, options: { enqueue: boolean }): Promise<RecoveryOutcome> {
    const resumable = isJobName(task.type) && JOBS[task.type].resumable;
    if (resumable && isJobName(task.type)) {
      const requeued = await this.store.requeueRunning(task.id, task.workerId, 'Queued again: its worker stopped before it finished.');
      if (!requeued) return 'changed';
      await this.store.appendLog(requeued, 'warn', `${reason} It is resumable and will run again from the start.`);
      if (options.enqueue) await this.enqueueAgain(task, { abandoned: true });
      this.logger.warn(`task ${task.id} (${task.type}) re-queued: worker ${task.workerId ?? '?'} is gone`);
      return 'requeued';
    }
    const failed = await this.store.failRunning(task.id, task.workerId, reason);
    if (!failed) return 'changed';
    await this.store.appendLog(failed, 'error', reason);
    this.logger.warn(`task ${task.id} (${task.type}) failed: worker ${task.workerId ?? '?'} is gone`);
    return 'failed';
  }

  /**
   * Replaces the task's BullMQ job, ahead of the jobs already waiting.
   * `abandoned`: the job may still be "active" under the lock of the dead
   * worker that ran it; that lock is void and dropped, so the task starts
   * again at once instead of after BullMQ's stalled check (up to three lock
   * durations: the re-queued build that waited over a minute). If the job
   * cannot be replaced now, the reconciler tries again on its next pass.
   */
  async enqueueAgain(task: Pick<TaskEntity, 'id' | 'type' | 'queue'>, options: { abandoned?: boolean } = {}): Promise<boolean> {
    const taskId = task.id;
    if (!isJobName(task.type)) return false;
    try {
      const gone = options.abandoned ? await this.queue.removeAbandoned(task.queue, taskId) : await this.queue.remove(task.queue, taskId);
      if (!gone) return false;
      await this.queue.add(task.queue, task.type, taskId, { first: true });
      return true;
    } catch (err) {
      this.logger.warn(`re-enqueueing task ${taskId}: ${(err as Error).message}`);
      return false;
    }
  }
}
