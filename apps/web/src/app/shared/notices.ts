import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Notifier, type Notice } from '../core/ui/notifier';

@Component({
  selector: 'clan-notices',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="notices" aria-live="polite">
      @for (notice of notifier.notices(); track notice.id) {
        <div
          [class]="'notice notice-' + notice.tone"
          [attr.role]="notice.tone === 'danger' || notice.tone === 'warn' ? 'alert' : 'status'"
          data-testid="notice"
        >
          <span class="notice-body">
            @if (notice.title) {
              <strong class="notice-title">{{ notice.title }}</strong>
            }
            <span>{{ notice.text }}</span>
            @if (notice.action; as action) {
              <button type="button" class="link-btn notice-action" data-testid="notice-action" (click)="run(notice)">
                {{ action.label }}
              </button>
            }
          </span>
          <button type="button" class="icon-btn" aria-label="Dismiss" (click)="notifier.dismiss(notice.id)">
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <path d="M4 4l8 8M12 4l-8 8" />
            </svg>
          </button>
        </div>
      }
    </div>
  `,
})
export class Notices {
  protected readonly notifier = inject(Notifier);

  protected run(notice: Notice): void {
    notice.action?.run();
    this.notifier.dismiss(notice.id);
  }
}
