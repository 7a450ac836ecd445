import { Injectable, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { NotificationSummary } from '@clan/contracts';
import { LiveSocket } from '../live/live-socket';
import { Notifier, type Notice } from '../ui/notifier';
import { NotificationsApi } from './notifications-api';

const TONE: Readonly<Record<NotificationSummary['severity'], Notice['tone']>> = { info: 'info', warning: 'warn', critical: 'danger' };

/**
 * The signed-in user's unread count (the bell) and the live feed: the
 * `notifications` topic pushes new notifications (shown as a notice too) and
 * read marks made in other tabs. After a reconnect the count is fetched
 * again, since events may have been missed.
 */
@Injectable({ providedIn: 'root' })
export class NotificationStore {
  private readonly api = inject(NotificationsApi);
  private readonly socket = inject(LiveSocket);
  private readonly notifier = inject(Notifier);
  private readonly router = inject(Router);

  readonly unread = signal(0);
  /** Bumped on every pushed change, so an open list knows to refresh. */
  readonly changes = signal(0);
  /** The newest notifications pushed since the page loaded, newest first. */
  readonly arrived = signal<NotificationSummary[]>([]);

  follow(): () => void {
    const unsubscribe = this.socket.subscribe('notifications');
    const stopEvents = this.socket.on((event) => {
      if (event.type === 'notification.created') this.arrive(event.notification);
      else if (event.type === 'notifications.read') void this.refresh();
    });
    const stopReconnect = this.socket.onReconnect(() => void this.refresh());
    void this.refresh();
    return () => {
      unsubscribe();
      stopEvents();
      stopReconnect();
    };
  }

  async refresh(): Promise<void> {
    try {
      this.unread.set(await this.api.unreadCount());
    } catch {
      // The bell is a hint; a failed count keeps the last one (a lost session is handled by Api).
    }
    this.changes.update((n) => n + 1);
  }

  /** What the list page saw after marking: the server's count is the truth. */
  setUnread(count: number): void {
    this.unread.set(count);
  }

  clear(): void {
    this.unread.set(0);
    this.arrived.set([]);
  }

  private arrive(n: NotificationSummary): void {
    this.unread.update((c) => c + 1);
    this.arrived.update((list) => [n, ...list].slice(0, 50));
    this.changes.update((c) => c + 1);
    this.notifier.push(TONE[n.severity] ?? 'info', n.message, {
      title: n.title,
      ms: n.severity === 'info' ? 8000 : 0,
      action: { label: 'Show', run: () => void this.router.navigate(['/notifications']) },
    });
  }
}
