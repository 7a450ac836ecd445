import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { NotificationStore } from '../core/notifications/notification-store';
import { Icon } from '../shared/icon';

/** The top bar's bell: a link to the notification list with the unread count. */
@Component({
  selector: 'clan-notification-bell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, Icon],
  template: `
    <a routerLink="/notifications" class="icon-btn bell" data-testid="notification-bell" [attr.aria-label]="label()" [attr.title]="label()">
      <clan-icon name="bell" />
      @if (store.unread() > 0) {
        <span class="bell-count" data-testid="notification-unread" aria-hidden="true">{{ shown() }}</span>
      }
    </a>
  `,
  styles: `
    .bell {
      position: relative;
    }
    .bell-count {
      position: absolute;
      top: 0;
      right: 0;
      min-width: 1.1rem;
      height: 1.1rem;
      padding: 0 0.25rem;
      border-radius: 0.55rem;
      background: var(--danger, #c62828);
      color: #fff;
      font-size: 0.7rem;
      font-weight: 600;
      line-height: 1.1rem;
      text-align: center;
      pointer-events: none;
    }
  `,
})
export class NotificationBell {
  protected readonly store = inject(NotificationStore);
  protected readonly shown = computed(() => (this.store.unread() > 99 ? '99+' : String(this.store.unread())));
  protected readonly label = computed(() => {
    const n = this.store.unread();
    return n === 0 ? 'Notifications' : `Notifications, ${n} unread`;
  });
}
