import { type ServerEvent, TERMINAL_TASK_STATUSES, type TaskLogLine } from '@clan/contracts';

/** A subscription to one topic of `/api/ws`. `next` answers `null` once the socket closed. */
export interface EventStream {
  next(timeoutMs: number): Promise<ServerEvent | 'timeout' | null>;
  close(): void;
}

/** Opens a subscription (a WebSocket in Node, the app's live socket in a browser); rejects when it cannot. */
export type OpenEvents = (topic: string) => Promise<EventStream>;

/** What following needs of a task; the REST view and the WebSocket event both have it. */
export interface FollowedTask {
  id: string;
  status: string;
  progress: number;
  message: string | null;
}

export function isTerminal(status: string): boolean {
  return (TERMINAL_TASK_STATUSES as readonly string[]).includes(status);
}

export interface FollowDeps<T extends FollowedTask = FollowedTask> {
  getTask(id: string): Promise<T>;
  logPage(id: string, after: number | undefined, limit: number): Promise<{ items: TaskLogLine[] }>;
  /** Absent or failing: poll instead. */
  openEvents?: OpenEvents;
  sleep(ms: number): Promise<void>;
  onLine(line: TaskLogLine): void;
  onTask?(task: T): void;
  /** Told once, when the WebSocket could not be used. */
  onFallback?(reason: string): void;
  pollIntervalMs?: number;
  /** With the WebSocket open, re-read the task this often in case an event was missed. */
  recheckMs?: number;
  pageSize?: number;
}

export type FollowMode = 'websocket' | 'polling' | 'none';

/**
 * Prints a task's whole log, then follows it until the task is terminal:
 * first through the WebSocket (`task:<id>`), falling back to polling the log
 * endpoint when the socket cannot be opened or drops. Lines are printed once,
 * in `seq` order, whichever way they arrive.
 */
export async function followTask<T extends FollowedTask>(id: string, deps: FollowDeps<T>): Promise<{ task: T; mode: FollowMode }> {
  const pageSize = deps.pageSize ?? 200;
  let lastSeq: number | undefined;
  let lastTask: T | undefined;

  const emit = (line: TaskLogLine) => {
    if (lastSeq !== undefined && line.seq <= lastSeq) return;
    lastSeq = line.seq;
    deps.onLine(line);
  };
  const drain = async () => {
    for (;;) {
      const page = await deps.logPage(id, lastSeq, pageSize);
      const items = [...page.items].sort((a, b) => a.seq - b.seq);
      items.forEach(emit);
      if (items.length < pageSize) return;
    }
  };
  const refresh = async () => {
    const task = await deps.getTask(id);
    if (!lastTask || task.status !== lastTask.status || task.progress !== lastTask.progress || task.message !== lastTask.message)
      deps.onTask?.(task);
    lastTask = task;
    return task;
  };

  let task = await refresh();
  await drain();
  if (isTerminal(task.status)) return { task, mode: 'none' };

  if (deps.openEvents) {
    let stream;
    try {
      stream = await deps.openEvents(`task:${id}`);
    } catch (err) {
      deps.onFallback?.((err as Error).message);
    }
    if (stream) {
      try {
        // Lines written between the first page and the subscription.
        await drain();
        task = await refresh();
        if (isTerminal(task.status)) {
          await drain();
          return { task, mode: 'websocket' };
        }
        for (;;) {
          const event = await stream.next(deps.recheckMs ?? 15_000);
          if (event === null) {
            deps.onFallback?.('the WebSocket closed');
            break;
          }
          if (event === 'timeout') {
            task = await refresh();
          } else if (event.type === 'task.log' && event.taskId === id) {
            // A gap in seq means lines were missed: fetch them rather than print out of order.
            if (lastSeq !== undefined && event.line.seq > lastSeq + 1) await drain();
            emit(event.line);
          } else if (event.type === 'task.updated' && event.task.id === id) {
            // The event carries the full task as the REST view has it.
            const updated = event.task as unknown as T;
            if (
              !lastTask ||
              updated.status !== lastTask.status ||
              updated.progress !== lastTask.progress ||
              updated.message !== lastTask.message
            ) {
              deps.onTask?.(updated);
            }
            lastTask = task = updated;
          } else if (event.type === 'error') {
            deps.onFallback?.(`${event.code}: ${event.message}`);
            break;
          }
          if (isTerminal(task.status)) {
            await drain();
            return { task, mode: 'websocket' };
          }
        }
      } finally {
        stream.close();
      }
    }
  }

  for (;;) {
    await deps.sleep(deps.pollIntervalMs ?? 1000);
    await drain();
    task = await refresh();
    if (isTerminal(task.status)) {
      await drain();
      return { task, mode: 'polling' };
    }
  }
}
