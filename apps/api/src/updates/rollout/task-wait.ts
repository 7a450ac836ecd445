import { isTerminalTaskStatus } from '@clan/contracts';
import { sleepUnlessCancelled } from '../../services/queue/job-context';
import type { TaskEntity } from '../../tasks/task.entity';

/** Polls the task row until the task ended (succeeded, failed or cancelled); rejects with JobCancelledError when `signal` aborts. */
export async function waitForTask(
  store: { find(id: string): Promise<TaskEntity | null> },
  taskId: string,
  signal: AbortSignal,
  pollMs = 1000,
): Promise<TaskEntity> {
  for (;;) {
    const task = await store.find(taskId);
    if (!task) throw new Error(`Task ${taskId} is gone from the tasks table.`);
    if (isTerminalTaskStatus(task.status)) return task;
    await sleepUnlessCancelled(pollMs, signal);
  }
}
