import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import type { WriteResult } from '../core/api/config-types';
import type { ErrorView } from '../core/api/errors';
import { Dialog } from './dialog';
import { DiffView } from './diff-view';
import { ErrorBox } from './error-box';

/**
 * "Preview before apply": the exact diff a write would commit (the API's
 * dryRun answer), an optional commit message, Apply or Cancel.
 */
@Component({
  selector: 'clan-preview-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Dialog, DiffView, ErrorBox],
  template: `
    <clan-dialog [heading]="heading()" [wide]="true" (closed)="cancelled.emit()">
      @if (intro()) {
        <p class="muted">{{ intro() }}</p>
      }
      <clan-diff-view
        testId="diff-preview"
        [patch]="preview().diff.patch"
        emptyText="No changes: the configuration would stay exactly as it is."
      />
      <div class="field preview-message">
        <label for="preview-message">Commit message <span class="muted">(optional)</span></label>
        <input
          id="preview-message"
          data-testid="commit-message"
          maxlength="4000"
          autocomplete="off"
          [placeholder]="'A message is written for you when left empty'"
          [value]="message()"
          (input)="message.set($any($event.target).value)"
        />
      </div>
      <clan-error [error]="error()" />
      <div class="dialog-actions">
        <button type="button" class="btn" (click)="cancelled.emit()">Cancel</button>
        <button
          type="button"
          class="btn"
          data-testid="config-apply"
          [class.btn-primary]="!danger()"
          [class.btn-danger]="danger()"
          [disabled]="busy() || !hasChanges()"
          (click)="applied.emit(message())"
        >
          {{ busy() ? 'Applying…' : applyLabel() }}
        </button>
      </div>
    </clan-dialog>
  `,
})
export class PreviewDialog {
  readonly heading = input('Review the change');
  readonly intro = input('');
  readonly preview = input.required<WriteResult>();
  readonly applyLabel = input('Apply');
  readonly danger = input(false);
  readonly busy = input(false);
  readonly error = input<ErrorView | null>(null);
  readonly applied = output<string>();
  readonly cancelled = output<void>();
  protected readonly message = signal('');
  protected readonly hasChanges = computed(() => this.preview().diff.patch.trim().length > 0 || this.preview().diff.files.length > 0);
}
