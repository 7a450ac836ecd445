import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { NotificationSeverity } from '@clan/contracts';
import { Session } from '../../core/auth/session';
import { describeError, type ErrorView } from '../../core/api/errors';
import { NotificationStore } from '../../core/notifications/notification-store';
import { NotificationsApi, type NotificationView } from '../../core/notifications/notifications-api';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';

const PAGE = 50;

export const SEVERITY_BADGE: Readonly<Record<NotificationSeverity, string>> = {
  info: 'badge-info',
  warning: 'badge-warn',
  critical: 'badge-danger',
};

/** A panel path is followed inside the app; anything else is an external link. */
export function isPanelPath(link: string | null): link is string {
  return !!link && link.startsWith('/') && !link.startsWith('//');
}

/** "2 minutes ago"-style words for a timestamp (coarse on purpose). */
export function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'} ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} hour${h === 1 ? '' : 's'} ago`;
  const d = Math.round(h / 24);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

/** The caller's notifications: newest first, unread ones marked, live. */
@Component({
  selector: 'clan-notifications-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, RouterLink, ErrorBox, Icon],
  template: `
    <div class="page-head">
      <div>
        <p class="crumb">Host</p>
        <h1><clan-icon name="bell" /> Notifications</h1>
      </div>
      <div class="toolbar">
        <div class="segmented" role="group" aria-label="Show">
          <button type="button" class="btn btn-small" data-testid="show-all" [attr.aria-pressed]="!unreadOnly()" (click)="show(false)">
            All
          </button>
          <button type="button" class="btn btn-small" data-testid="show-unread" [attr.aria-pressed]="unreadOnly()" (click)="show(true)">
            Unread ({{ store.unread() }})
          </button>
        </div>
        <button
          type="button"
          class="btn btn-small"
          data-testid="mark-all-read"
          [disabled]="busy() || store.unread() === 0"
          (click)="markAll()"
        >
          Mark all read
        </button>
        @if (session.isHostAdmin()) {
          <a class="btn btn-small" routerLink="/notifications/settings" data-testid="notification-settings">Delivery settings</a>
        }
      </div>
    </div>
    <p class="muted">
      What changed state in the networks you can see — a device not backed up, a check that failed — once per change, not once per check.
    </p>
    <clan-error [error]="error()" />
    <section class="panel" aria-label="Notifications">
      <ul class="notification-list" data-testid="notification-list">
        @for (n of items(); track n.id) {
          <li class="notification" [class.unread]="!n.read" [attr.data-testid]="'notification-' + n.id">
            <div class="notification-head">
              <span class="badge" [class]="'badge ' + severityBadge[n.severity]">{{ n.severity }}</span>
              @if (isPanelPath(n.link)) {
                <a class="notification-title" [routerLink]="n.link" (click)="read(n)">{{ n.title }}</a>
              } @else if (n.link) {
                <a class="notification-title" [href]="n.link" rel="noopener noreferrer" target="_blank">{{ n.title }}</a>
              } @else {
                <strong class="notification-title">{{ n.title }}</strong>
              }
              @if (!n.read) {
                <span class="sr-only">(unread)</span>
              }
            </div>
            <p class="notification-message">{{ n.message }}</p>
            <div class="muted small">
              {{ meta(n) }} ·
              <time [attr.datetime]="n.createdAt" [attr.title]="n.createdAt | date: 'yyyy-MM-dd HH:mm:ss'">{{ when(n.createdAt) }}</time>
              @if (!n.read) {
                <button type="button" class="link-btn" [attr.data-testid]="'mark-read-' + n.id" (click)="read(n)">Mark read</button>
              }
            </div>
          </li>
        } @empty {
          <li class="empty-state-inline" data-testid="notifications-empty">
            {{
              loading()
                ? 'Loading…'
                : unreadOnly()
                  ? 'Nothing unread.'
                  : 'No notifications yet. When something needs attention, it shows up here.'
            }}
          </li>
        }
      </ul>
      @if (items().length < total()) {
        <div class="form-actions">
          <button type="button" class="btn" data-testid="notifications-more" [disabled]="loading()" (click)="more()">Show older</button>
        </div>
      }
    </section>
  `,
  styles: `
    .notification-list {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .notification {
      padding: 0.75rem 0.5rem;
      border-bottom: 1px solid var(--border, #ddd);
    }
    .notification.unread {
      border-left: 3px solid var(--accent, #3367d6);
      padding-left: calc(0.5rem - 3px);
    }
    .notification-head {
      display: flex;
      gap: 0.5rem;
      align-items: baseline;
    }
    .notification.unread .notification-title {
      font-weight: 600;
    }
    .notification-message {
      margin: 0.25rem 0;
    }
  `,
})
export class NotificationsPage {
  protected readonly session = inject(Session);
  protected readonly store = inject(NotificationStore);
  protected readonly severityBadge = SEVERITY_BADGE;
  protected readonly isPanelPath = isPanelPath;
  protected readonly items = signal<NotificationView[]>([]);
  protected readonly total = signal(0);
  protected readonly unreadOnly = signal(false);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  private readonly api = inject(NotificationsApi);

  constructor() {
    // Reload the first page whenever something arrives or is read elsewhere (and on first show).
    effect(() => {
      this.store.changes();
      this.unreadOnly();
      untracked(() => void this.load(0));
    });
  }

  /** Where and what changed: "family · backup.freshness · ok → stale". */
  protected meta(n: NotificationView): string {
    const change = n.previousState ? `${n.previousState} → ${n.state}` : n.state;
    return `${n.networkName ?? 'host'} · ${n.kind} · ${change}`;
  }

  protected when(iso: string): string {
    return ago(iso);
  }

  protected show(unread: boolean): void {
    this.unreadOnly.set(unread);
  }

  protected async more(): Promise<void> {
    await this.load(this.items().length);
  }

  protected async read(n: NotificationView): Promise<void> {
    if (n.read) return;
    try {
      const answer = await this.api.markRead(n.id);
      this.items.update((list) => list.map((x) => (x.id === n.id ? { ...x, read: true } : x)));
      this.store.setUnread(answer.unread);
    } catch (error) {
      this.error.set(describeError(error));
    }
  }

  protected async markAll(): Promise<void> {
    this.busy.set(true);
    try {
      const answer = await this.api.markAllRead();
      this.items.update((list) => (this.unreadOnly() ? [] : list.map((x) => ({ ...x, read: true }))));
      this.store.setUnread(answer.unread);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(offset: number): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const page = await this.api.list({ limit: PAGE, offset, ...(this.unreadOnly() ? { unread: true } : {}) });
      this.items.update((list) => (offset === 0 ? page.items : [...list, ...page.items]));
      this.total.set(page.total);
      this.store.setUnread(page.unread);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }
}
