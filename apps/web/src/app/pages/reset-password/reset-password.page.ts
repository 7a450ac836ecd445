import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { ErrorCode } from '@clan/contracts';
import { ClanApi } from '../../core/api/clan-api';
import type { PasswordResetPreviewView } from '../../core/api/api-types';
import { describeError, type ErrorView } from '../../core/api/errors';
import { ErrorBox } from '../../shared/error-box';
import { FocusOnInit } from '../../shared/focus-on-init';

/**
 * `/reset-password/:token` (public): the person a host admin made a reset
 * link for chooses a new password, once. Then they sign in as usual.
 */
@Component({
  selector: 'clan-reset-password-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ErrorBox, FocusOnInit],
  template: `
    <main class="auth-page">
      <div class="auth-card" data-testid="reset-password-page">
        <div class="auth-brand"><span class="brand-mark" aria-hidden="true">c</span>LAN panel</div>
        @if (loading()) {
          <h1>New password</h1>
          <p class="muted" role="status">Reading the link…</p>
        } @else if (problem(); as p) {
          <h1>This link cannot be used</h1>
          <div class="alert alert-danger" role="alert" data-testid="reset-problem">
            <p>{{ p }}</p>
          </div>
          <p><a routerLink="/login">Go to sign-in</a></p>
        } @else if (done(); as username) {
          <h1>Password changed</h1>
          <p data-testid="reset-done">
            Sign in as <strong>{{ username }}</strong> with your new password.
          </p>
          <div class="form-actions">
            <a class="btn btn-primary" routerLink="/login">Sign in</a>
          </div>
        } @else if (preview(); as p) {
          <h1>New password for {{ p.displayName || p.username }}</h1>
          <form class="form" (ngSubmit)="save()">
            <input type="text" name="username" autocomplete="username" [value]="p.username" hidden />
            <div class="field">
              <label for="reset-password">New password</label>
              <input
                id="reset-password"
                name="password"
                type="password"
                data-testid="reset-password"
                clanFocusOnInit
                required
                minlength="10"
                autocomplete="new-password"
                [(ngModel)]="password"
              />
              <p class="hint">At least 10 characters. You will be signed out everywhere else.</p>
            </div>
            <clan-error [error]="error()" />
            <div class="form-actions">
              <button type="submit" class="btn btn-primary" data-testid="reset-save" [disabled]="busy() || !password()">
                {{ busy() ? 'Saving…' : 'Set password' }}
              </button>
            </div>
          </form>
        }
      </div>
    </main>
  `,
})
export class ResetPasswordPage {
  readonly token = input.required<string>();
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly preview = signal<PasswordResetPreviewView | null>(null);
  protected readonly problem = signal<string | null>(null);
  protected readonly done = signal<string | null>(null);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly password = signal('');
  private readonly api = inject(ClanApi);

  constructor() {
    effect(() => {
      const token = this.token();
      untracked(() => void this.load(token));
    });
  }

  protected async save(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      this.done.set((await this.api.usePasswordReset(this.token(), this.password())).username);
    } catch (error) {
      const view = describeError(error);
      if (view.status === 410 || view.code === ErrorCode.Gone) this.problem.set(view.message);
      else this.error.set(view);
    } finally {
      this.busy.set(false);
    }
  }

  private async load(token: string): Promise<void> {
    this.loading.set(true);
    try {
      this.preview.set(await this.api.previewPasswordReset(token));
    } catch (error) {
      this.problem.set(describeError(error).message);
    } finally {
      this.loading.set(false);
    }
  }
}
