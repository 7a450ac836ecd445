import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Notifier } from '../core/ui/notifier';

@Component({
  selector: 'clan-notices',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="notices" aria-live="polite">
      @for (notice of notifier.notices(); track notice.id) {
        <div class="notice" [class]="'notice notice-' + notice.tone" role="status">
          <span>{{ notice.text }}</span>
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
}
