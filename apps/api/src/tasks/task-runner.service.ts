import { TaskStatus } from '@clan/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { JobCancelledError, type JobContext } from '../services/queue/job-context';
import { JobHandlerRegistry } from '../services/queue/job-handlers';
import { PubSub } from '../services/queue/pubsub.service';
import { isJobName, JOBS, type JobName } from '../services/queue/queue.catalogue';
import { QueueService, type QueuedJobData } from '../services/queue/queue.service';
import { WorkerLiveness } from '../services/queue/worker-liveness.service';
import { TASK_CANCEL_CHANNEL, type TaskCancelMessage } from './task-events';
import { TaskRecovery, WORKER_DIED_REASON } from './task-recovery.service';
import type { TaskEntity } from './task.entity';
import { TaskStore } from './task.store';
import { HostIdentity } from '../fleet/host-identity.service';

type StopReason = 'cancel' | 'shutdown' | 'lost';

interface LocalRun {
  stop(reason: StopReason): void;
  done: Promise<void>;
}

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * The worker wrapper around every job handler: claims the task row, gives the
 * handler its context (progress, log, cancel signal), beats the heartbeat and
 * records the outcome. The task row, not BullMQ, decides whether a job runs:
 * a job whose task is terminal or running on a live worker is skipped.
 */
@Injectable()
export class TaskRunner {
  private readonly logger = new Logger('TaskRunner');
  private readonly runs = new Map<string, LocalRun>();
  private readonly claiming = new Set<string>();
  private stopping = false;
  private started = false;
  private unsubscribeCancel: (() => void) | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: TaskStore,
    private readonly queue: QueueService,
    private readonly handlers: JobHandlerRegistry,
    private readonly liveness: WorkerLiveness,
    private readonly pubsub: PubSub,
    private readonly recovery: TaskRecovery,
    private readonly hosts: HostIdentity,
  ) {}

  get workerId(): string {
    return this.liveness.self.id;
  }

  /** True while this process is claiming or running the task. */
  isLocal(taskId: string): boolean {
    return this.claiming.has(taskId) || this.runs.has(taskId);
  }

  async start(): Promise<void> {
    this.unsubscribeCancel = await this.pubsub.subscribe(TASK_CANCEL_CHANNEL, (m) => {
      const taskId = (m as Partial<TaskCancelMessage>).taskId;
      if (typeof taskId === 'string') this.runs.get(taskId)?.stop('cancel');
    });
    await this.liveness.start();
    const served = this.queue.startWorkers((job) => this.process(job), {
      hostId: await this.hosts.selfId(),
      panelQueues: this.config.role === 'panel',
    });
    this.logger.log(`serving queues: ${served.join(', ')}`);
    this.started = true;
  }

  async process(job: Job<QueuedJobData>): Promise<void> {
    const taskId = job.data?.taskId ?? job.id;
    if (!taskId || !isJobName(job.name)) {
      this.logger.error(`dropping job ${job.id ?? '?'} named "${job.name}": not in the catalogue`);
      return;
    }
    // The task stays queued; the next start's reconciler enqueues it again.
    if (this.stopping) return;
    this.claiming.add(taskId);
    try {
      const task = await this.claim(taskId);
      if (task) await this.execute(task, job.name);
    } finally {
      this.claiming.delete(taskId);
    }
  }

  private async claim(taskId: string): Promise<TaskEntity | null> {
    const claimed = await this.store.claim(taskId, this.workerId);
    if (claimed) return claimed;
    const current = await this.store.find(taskId);
    if (!current || current.status !== TaskStatus.Running || current.workerId === this.workerId) return null;
    // BullMQ handed out a job it believes stalled. Only take it over when its worker is really gone.
    if (!(await this.recovery.workerIsDead(current))) return null;
    const outcome = await this.recovery.recover(current, WORKER_DIED_REASON, { enqueue: false });
    return outcome === 'requeued' ? this.store.claim(taskId, this.workerId) : null;
  }

  private async execute(task: TaskEntity, jobName: JobName): Promise<void> {
    const controller = new AbortController();
    let stopReason: StopReason | null = null;
    let writes: Promise<unknown> = Promise.resolve();
    // Log lines and progress are written in order, and all are flushed before the final state.
    const serial = <T>(fn: () => Promise<T>): Promise<T> => {
      const p = writes.then(fn);
      writes = p.catch(() => undefined);
      return p;
    };
    let resolveDone!: () => void;
    const run: LocalRun = {
      stop: (reason) => {
        if (controller.signal.aborted) return;
        stopReason = reason;
        controller.abort(new JobCancelledError());
      },
      done: new Promise<void>((r) => (resolveDone = r)),
    };
    this.runs.set(task.id, run);
    // Claimed while shutdown began: stop at once rather than hold up closing the workers.
    if (this.stopping) run.stop('shutdown');

    const beat = setInterval(() => {
      this.store
        .heartbeat(task.id, this.workerId)
        .then((hb) => {
          if (!hb.owned) run.stop('lost');
          else if (hb.cancelRequested) run.stop('cancel');
        })
        .catch((err: unknown) => this.logger.warn(`heartbeat of task ${task.id}: ${(err as Error).message}`));
    }, this.config.taskHeartbeatSeconds * 1000);
    beat.unref();

    const ctx: JobContext = {
      taskId: task.id,
      jobName,
      payload: task.payload as unknown as JobContext['payload'],
      userId: task.userId,
      networkId: task.networkId,
      machine: task.machine,
      signal: controller.signal,
      progress: (percent, message) =>
        serial(() => this.store.progress(task.id, this.workerId, Math.max(0, Math.min(100, Math.round(percent))), message ?? null)).then(
          () => undefined,
        ),
      log: (level, text) => serial(() => this.store.appendLog(task, level, text)).then(() => undefined),
      throwIfCancelled: () => {
        if (controller.signal.aborted) throw new JobCancelledError();
      },
    };

    try {
      if (task.cancelRequested) run.stop('cancel');
      await ctx.log('info', `Started on worker ${this.workerId}.`);
      let result: Record<string, unknown> | null = null;
      let failure: unknown = null;
      try {
        ctx.throwIfCancelled();
        result = (await this.handlers.get(jobName)(ctx)) ?? null;
      } catch (err) {
        failure = err;
      }
      clearInterval(beat);
      await writes;
      await this.record(task, jobName, stopReason, result, failure);
    } catch (err) {
      this.logger.error(`recording the outcome of task ${task.id}: ${(err as Error).message}`);
    } finally {
      clearInterval(beat);
      this.runs.delete(task.id);
      resolveDone();
    }
  }

  /**
   * Writes the outcome. The explaining log line goes first so the terminal
   * `task.updated` is the last event a watcher sees.
   */
  private async record(
    task: TaskEntity,
    jobName: JobName,
    stopReason: StopReason | null,
    result: Record<string, unknown> | null,
    failure: unknown,
  ): Promise<void> {
    const id = task.id;
    const me = this.workerId;
    const ifStillMine = async (line: () => Promise<unknown>, change: () => Promise<TaskEntity | null>) => {
      const hb = await this.store.heartbeat(id, me);
      if (!hb.owned) return;
      await line();
      await change();
    };
    if (stopReason === 'lost') {
      this.logger.warn(`task ${id} was taken from this worker while running; its outcome is not recorded`);
      return;
    }
    if (stopReason === 'cancel') {
      await ifStillMine(
        () => this.store.appendLog(task, 'warn', 'Cancelled on request.'),
        () => this.store.finish(id, me, { status: TaskStatus.Cancelled, error: null, message: 'Cancelled.' }),
      );
      return;
    }
    if (stopReason === 'shutdown') {
      if (JOBS[jobName].resumable) {
        await ifStillMine(
          () => this.store.appendLog(task, 'warn', 'The panel shut down while this task ran; it will run again from the start.'),
          () => this.store.requeueRunning(id, me, 'Queued again: the panel shut down while it ran.'),
        );
      } else {
        const reason = 'The panel shut down before this task finished.';
        await ifStillMine(
          () => this.store.appendLog(task, 'error', reason),
          () => this.store.finish(id, me, { status: TaskStatus.Failed, error: reason, message: reason }),
        );
      }
      return;
    }
    if (failure) {
      const message = failure instanceof Error ? failure.message : String(failure);
      if (!(failure instanceof Error) || failure.name !== 'DomainError') {
        this.logger.error(`task ${id} (${jobName}) failed`, failure instanceof Error ? failure.stack : String(failure));
      }
      await ifStillMine(
        () => this.store.appendLog(task, 'error', `Failed: ${message}`),
        () => this.store.finish(id, me, { status: TaskStatus.Failed, error: message, message: `Failed: ${message}` }),
      );
      return;
    }
    await ifStillMine(
      () => this.store.appendLog(task, 'info', 'Finished.'),
      () => this.store.finish(id, me, { status: TaskStatus.Succeeded, result }),
    );
  }

  /** Stops local tasks (recorded as shut down / re-queued), then the workers. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribeCancel?.();
    const runs = [...this.runs.values()];
    for (const r of runs) r.stop('shutdown');
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), SHUTDOWN_GRACE_MS)));
    const outcome = await Promise.race([Promise.all(runs.map((r) => r.done)).then(() => 'stopped' as const), grace]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.logger.warn(`${this.runs.size} task(s) ignored the stop signal; closing workers without them`);
    if (this.started) {
      // A handler that ignores its signal must not hold shutdown forever; reconciliation fails its task later.
      await this.queue.closeWorkers(outcome === 'timeout');
      await this.liveness.stop();
    }
  }
}
