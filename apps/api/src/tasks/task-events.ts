import type { PanelNotification } from '@clan/contracts';
import type { TaskDto, TaskLogLineDto } from './dto/task.dto';

/** Redis pub/sub channel (under the queue prefix) carrying task events to every panel process. */
export const TASK_EVENTS_CHANNEL = 'events:tasks';
/** Channel on which cancel requests reach the worker running the task, wherever it is. */
export const TASK_CANCEL_CHANNEL = 'tasks:cancel';

export type TaskEvent =
  | { type: 'task.updated'; task: TaskDto }
  | { type: 'task.log'; taskId: string; networkId: string | null; userId: string | null; line: TaskLogLineDto }
  | { type: 'notification'; notification: PanelNotification };

export interface TaskCancelMessage {
  taskId: string;
}
