import { Injectable, inject } from '@angular/core';
import type { PanelNotification } from '@clan/contracts';
import { TaskViewer } from '../tasks/task-viewer.service';
import { Notifier, type Notice } from '../ui/notifier';
import { LiveSocket } from './live-socket';

const TONE: Readonly<Record<PanelNotification['level'], Notice['tone']>> = { info: 'info', warn: 'warn', error: 'danger' };

/**
 * Shows what the panel did by itself (an automatic rollback, …) as a notice
 * that stays until dismissed, with a link to the task that did it. They
 * arrive to `tasks` subscribers (the task bar keeps that topic open).
 */
@Injectable({ providedIn: 'root' })
export class PanelNotifications {
  private readonly socket = inject(LiveSocket);
  private readonly notifier = inject(Notifier);
  private readonly viewer = inject(TaskViewer);

  /** Listens until the returned function is called. */
  follow(): () => void {
    return this.socket.on((event) => {
      if (event.type === 'notification') this.show(event.notification);
    });
  }

  show(notification: PanelNotification): void {
    const taskId = notification.taskId;
    this.notifier.push(TONE[notification.level] ?? 'info', notification.message, {
      title: notification.title,
      ms: notification.level === 'info' ? 10_000 : 0,
      ...(taskId ? { action: { label: 'Show task', run: () => this.viewer.open(taskId) } } : {}),
    });
  }
}
