import type { NotificationSummary } from './notifications';

/** Lifecycle of a task. `queued` → `running` → one of the terminal states. */
export enum TaskStatus {
  Queued = 'queued',
  Running = 'running',
  Succeeded = 'succeeded',
  Failed = 'failed',
  Cancelled = 'cancelled',
}

export const TERMINAL_TASK_STATUSES: readonly TaskStatus[] = [TaskStatus.Succeeded, TaskStatus.Failed, TaskStatus.Cancelled];

export function isTerminalTaskStatus(status: TaskStatus): boolean {
  return TERMINAL_TASK_STATUSES.includes(status);
}

export type TaskLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Messages the server pushes over the `/api/ws` WebSocket. */
export type ServerEvent =
  | { type: 'task.updated'; task: TaskSummary }
  | { type: 'task.log'; taskId: string; line: TaskLogLine }
  | { type: 'notification'; notification: PanelNotification }
  /** A stored notification (docs/notifications.md), to `notifications` subscribers who may see it. */
  | { type: 'notification.created'; notification: NotificationSummary }
  /** The caller marked notifications read (in any tab or device): `ids`, or every one up to `upTo` for "all". */
  | { type: 'notifications.read'; ids: string[] | 'all' }
  | { type: 'subscribed'; topic: string }
  | { type: 'error'; code: string; message: string };

/**
 * Something the panel did by itself that people should know about (e.g. an
 * automatic rollback). Sent to `tasks` subscribers who can see the network.
 */
export interface PanelNotification {
  level: 'info' | 'warn' | 'error';
  title: string;
  message: string;
  networkId: string | null;
  machine: string | null;
  taskId: string | null;
  at: string;
}

/** Messages a client sends over the `/api/ws` WebSocket. */
export type ClientMessage = { type: 'subscribe'; topic: string } | { type: 'unsubscribe'; topic: string };

export interface TaskSummary {
  id: string;
  type: string;
  status: TaskStatus;
  progress: number;
  message: string | null;
  networkId: string | null;
  machine: string | null;
  userId: string | null;
  /** The starter's display name (else username); null for the panel itself. */
  userName?: string | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface TaskLogLine {
  seq: number;
  at: string;
  level: TaskLogLevel;
  text: string;
}
