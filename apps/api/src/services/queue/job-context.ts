import type { TaskLogLevel } from '@clan/contracts';
import type { InternalJobName, InternalJobPayloads, JobName, JobPayloads } from './queue.catalogue';

/** What a job handler may return: stored as `tasks.result`. */
export type JobResult = Record<string, unknown> | void;

/** Everything a handler needs from the task it runs as. Built by the task runner. */
export interface JobContext<N extends JobName = JobName> {
  readonly taskId: string;
  readonly jobName: N;
  readonly payload: JobPayloads[N];
  readonly userId: string | null;
  readonly networkId: string | null;
  readonly machine: string | null;
  /** Aborted when the task is cancelled, its worker loses it, or the panel shuts down. */
  readonly signal: AbortSignal;
  /** Reports 0–100 % and an optional one-line status. */
  progress(percent: number, message?: string): Promise<void>;
  /** Appends a line to the task's log (and streams it to watchers). */
  log(level: TaskLogLevel, text: string): Promise<void>;
  /** Throws when the signal is aborted; call between steps. */
  throwIfCancelled(): void;
}

export type JobHandlerFn<N extends JobName = JobName> = (ctx: JobContext<N>) => Promise<JobResult>;

/** What the handler of an internal job gets (queue.catalogue.ts, InternalJobName). Built by the QueueService. */
export interface InternalJobContext<N extends InternalJobName = InternalJobName> {
  readonly jobName: N;
  /** BullMQ's job id (the delivery id of a delivery, `repeat:…` for a scheduled job). */
  readonly jobId: string | null;
  readonly payload: InternalJobPayloads[N];
  /** This attempt, counting from 1. */
  readonly attempt: number;
  /** The attempts BullMQ makes in all (1 unless the job was enqueued with retries). */
  readonly attempts: number;
}

/** Throws to have BullMQ retry (bullmq's UnrecoverableError: to give up); the outcome is the handler's to record. */
export type InternalJobHandlerFn<N extends InternalJobName = InternalJobName> = (ctx: InternalJobContext<N>) => Promise<void>;

/** The handler type `@JobHandler(name)` checks a method against, by the kind of job. */
export type HandlerFnOf<N extends JobName | InternalJobName> = N extends JobName
  ? JobHandlerFn<N>
  : N extends InternalJobName
    ? InternalJobHandlerFn<N>
    : never;

/** Thrown by throwIfCancelled / sleeps interrupted by the signal. */
export class JobCancelledError extends Error {
  constructor() {
    super('The task was cancelled.');
    this.name = 'JobCancelledError';
  }
}

/** Waits `ms`, rejecting with JobCancelledError as soon as `signal` aborts. */
export function sleepUnlessCancelled(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new JobCancelledError());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new JobCancelledError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
