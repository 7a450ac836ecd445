import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ClanApi } from '../../core/api/clan-api';
import type { UserSummaryView } from '../../core/api/api-types';
import { describeError, type ErrorView } from '../../core/api/errors';
import { Dialog } from '../../shared/dialog';
import { ErrorBox } from '../../shared/error-box';
import { FocusOnInit } from '../../shared/focus-on-init';

/** The host admin's "New user" dialog: username, name, a first password, host admin or not. */
@Component({
  selector: 'clan-user-create-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, Dialog, ErrorBox, FocusOnInit],
  template: `
    <clan-dialog heading="New user" (closed)="closed.emit()">
      <form class="form" (ngSubmit)="create()">
        <div class="field">
          <label for="new-user-username">Username</label>
          <input
            id="new-user-username"
            name="username"
            data-testid="new-user-username"
            clanFocusOnInit
            required
            autocapitalize="none"
            spellcheck="false"
            autocomplete="off"
            [(ngModel)]="username"
          />
          <p class="hint">3–64 characters: lowercase letters, digits, “-”, “_” or “.”. They sign in with it.</p>
        </div>
        <div class="field">
          <label for="new-user-name">Name</label>
          <input id="new-user-name" name="displayName" data-testid="new-user-display-name" maxlength="128" [(ngModel)]="displayName" />
          <p class="hint">What others see, e.g. “Grandma Rose”. Optional.</p>
        </div>
        <div class="field">
          <label for="new-user-password">First password</label>
          <input
            id="new-user-password"
            name="password"
            type="password"
            data-testid="new-user-password"
            required
            minlength="10"
            autocomplete="new-password"
            [(ngModel)]="password"
          />
          <p class="hint">At least 10 characters. Tell it to them in person; they can change it under Account.</p>
        </div>
        <label class="check">
          <input type="checkbox" name="isHostAdmin" data-testid="new-user-host-admin" [(ngModel)]="isHostAdmin" />
          Host admin (every privilege on this panel)
        </label>
        <clan-error [error]="error()" />
        <div class="dialog-actions">
          <button type="button" class="btn" (click)="closed.emit()">Cancel</button>
          <button
            type="submit"
            class="btn btn-primary"
            data-testid="new-user-submit"
            [disabled]="busy() || !username().trim() || !password()"
          >
            {{ busy() ? 'Creating…' : 'Create user' }}
          </button>
        </div>
      </form>
    </clan-dialog>
  `,
})
export class UserCreateDialog {
  readonly closed = output<void>();
  readonly created = output<UserSummaryView>();
  protected readonly username = signal('');
  protected readonly displayName = signal('');
  protected readonly password = signal('');
  protected readonly isHostAdmin = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  private readonly api = inject(ClanApi);

  protected async create(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const user = await this.api.createUser({
        username: this.username().trim(),
        password: this.password(),
        displayName: this.displayName().trim() || undefined,
        isHostAdmin: this.isHostAdmin(),
      });
      this.created.emit(user);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
