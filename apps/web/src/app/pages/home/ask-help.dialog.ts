import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { describeError, type ErrorView } from '../../core/api/errors';
import { Dialog } from '../../shared/dialog';
import { ErrorBox } from '../../shared/error-box';
import { FocusOnInit } from '../../shared/focus-on-init';
import { HomeApi } from './home.api';

/** "Ask for remote help": a message to the network's admins (they get a notification). */
@Component({
  selector: 'clan-ask-help-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Dialog, ErrorBox, FocusOnInit, FormsModule],
  template: `
    <clan-dialog [heading]="'Ask for help in ' + networkName()" (closed)="closed.emit()">
      @if (sent(); as sentence) {
        <div class="alert alert-info" role="status" data-testid="home-help-sent">
          <p>{{ sentence }}</p>
        </div>
        <div class="dialog-actions">
          <button type="button" class="btn btn-primary" clanFocusOnInit (click)="closed.emit()">Done</button>
        </div>
      } @else {
        <form class="form" data-testid="home-help-form" (ngSubmit)="send()">
          <clan-error [error]="error()" />
          <div class="field">
            <label for="help-message">What do you need help with?</label>
            <textarea
              id="help-message"
              name="message"
              rows="4"
              maxlength="1000"
              required
              data-testid="home-help-message"
              placeholder="For example: the photos do not sync to my phone any more."
              clanFocusOnInit
              [(ngModel)]="message"
            ></textarea>
            <small class="hint">{{ adminsHint() }}</small>
          </div>
          <div class="dialog-actions">
            <button type="button" class="btn" (click)="closed.emit()">Cancel</button>
            <button type="submit" class="btn btn-primary" data-testid="home-help-send" [disabled]="sending() || !message.trim()">
              {{ sending() ? 'Sending…' : 'Send' }}
            </button>
          </div>
        </form>
      }
    </clan-dialog>
  `,
})
export class AskHelpDialog {
  readonly networkId = input.required<string>();
  readonly networkName = input.required<string>();
  readonly admins = input<string[]>([]);
  readonly closed = output<void>();

  private readonly api = inject(HomeApi);
  protected message = '';
  protected readonly sending = signal(false);
  protected readonly sent = signal<string | null>(null);
  protected readonly error = signal<ErrorView | null>(null);

  protected adminsHint(): string {
    const names = this.admins();
    const who = names.length ? names.join(', ') : "the panel's admin";
    return `${who} will read it and can connect to help you.`;
  }

  protected async send(): Promise<void> {
    if (!this.message.trim() || this.sending()) return;
    this.sending.set(true);
    this.error.set(null);
    try {
      this.sent.set(await this.api.askForHelp(this.networkId(), this.message.trim()));
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.sending.set(false);
    }
  }
}
