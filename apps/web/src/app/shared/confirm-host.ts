import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Confirm } from '../core/ui/confirm';
import { Dialog } from './dialog';

@Component({
  selector: 'clan-confirm-host',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Dialog],
  template: `
    @if (confirm.pending(); as request) {
      <clan-dialog [heading]="request.title" describedBy="confirm-message" (closed)="confirm.answer(false)">
        <p id="confirm-message" class="confirm-message">
          {{ request.message }}
        </p>
        <div class="dialog-actions">
          <button type="button" class="btn" (click)="confirm.answer(false)">Cancel</button>
          <button
            type="button"
            class="btn"
            data-testid="confirm-ok"
            [class.btn-danger]="request.danger"
            [class.btn-primary]="!request.danger"
            (click)="confirm.answer(true)"
          >
            {{ request.confirmLabel ?? 'OK' }}
          </button>
        </div>
      </clan-dialog>
    }
  `,
})
export class ConfirmHost {
  protected readonly confirm = inject(Confirm);
}
