import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { ErrorCode } from '@clan/contracts';
import { AuthService } from '../../core/auth/auth.service';
import { safeReturnUrl } from '../../core/auth/return-url';
import { describeError, isApiError, type ErrorView } from '../../core/api/errors';
import { FocusOnInit } from '../../shared/focus-on-init';
import { ErrorBox } from '../../shared/error-box';

type Step = 'password' | 'totp' | 'recovery';

@Component({
  selector: 'clan-login-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ErrorBox, FocusOnInit],
  template: `
    <main class="auth-page">
      <div class="auth-card">
        <div class="auth-brand"><span class="brand-mark" aria-hidden="true">c</span>LAN panel</div>
        <h1>{{ step() === 'password' ? 'Sign in' : 'Two-factor check' }}</h1>
        @if (auth.unreachable(); as problem) {
          <div class="alert alert-warn" role="alert" data-testid="login-unreachable">
            The panel is not answering right now: {{ problem }}
          </div>
        }
        @if (expired() && step() === 'password' && !error()) {
          <div class="alert alert-info" role="status">Your session ended. Sign in again to continue.</div>
        }
        <form class="form" (ngSubmit)="submit()">
          @if (step() === 'password') {
            <div class="field">
              <label for="login-username">Username</label>
              <input
                id="login-username"
                name="username"
                data-testid="login-username"
                required
                autocomplete="username"
                autocapitalize="none"
                spellcheck="false"
                clanFocusOnInit
                [(ngModel)]="username"
              />
            </div>
            <div class="field">
              <label for="login-password">Password</label>
              <input
                id="login-password"
                name="password"
                type="password"
                data-testid="login-password"
                required
                autocomplete="current-password"
                [(ngModel)]="password"
              />
            </div>
          } @else if (step() === 'totp') {
            <p class="muted">
              Enter the 6-digit code from your authenticator app for
              <strong>{{ username() }}</strong>.
            </p>
            <div class="field">
              <label for="login-totp">Authentication code</label>
              <input
                clanFocusOnInit
                id="login-totp"
                name="totpCode"
                data-testid="login-totp"
                required
                inputmode="numeric"
                autocomplete="one-time-code"
                pattern="[0-9 ]{6,8}"
                maxlength="8"
                [(ngModel)]="totpCode"
              />
            </div>
            <button type="button" class="link-btn" data-testid="login-use-recovery" (click)="switchTo('recovery')">
              Lost your device? Use a recovery code
            </button>
          } @else {
            <p class="muted">Enter one of the recovery codes you saved when you set up two-factor sign-in. Each code works once.</p>
            <div class="field">
              <label for="login-recovery">Recovery code</label>
              <input
                clanFocusOnInit
                id="login-recovery"
                name="recoveryCode"
                data-testid="login-recovery"
                required
                autocomplete="off"
                autocapitalize="none"
                spellcheck="false"
                [(ngModel)]="recoveryCode"
              />
            </div>
            <button type="button" class="link-btn" (click)="switchTo('totp')">Use an authenticator code instead</button>
          }
          <clan-error [error]="error()" />
          <div class="form-actions">
            @if (step() !== 'password') {
              <button type="button" class="btn" (click)="restart()">Back</button>
            }
            <button type="submit" class="btn btn-primary btn-grow" data-testid="login-submit" [disabled]="busy() || !canSubmit()">
              {{ busy() ? 'Signing in…' : step() === 'password' ? 'Sign in' : 'Verify' }}
            </button>
          </div>
        </form>
      </div>
    </main>
  `,
})
export class LoginPage {
  /** Bound from the query string by the router. */
  readonly returnUrl = input<string>();
  readonly expired = input<string>();

  protected readonly step = signal<Step>('password');
  protected readonly username = signal('');
  protected readonly password = signal('');
  protected readonly totpCode = signal('');
  protected readonly recoveryCode = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly canSubmit = computed(() => {
    switch (this.step()) {
      case 'password':
        return this.username().trim() !== '' && this.password() !== '';
      case 'totp':
        return this.totpCode().trim() !== '';
      default:
        return this.recoveryCode().trim() !== '';
    }
  });
  protected readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected async submit(): Promise<void> {
    if (this.busy() || !this.canSubmit()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.auth.login({
        username: this.username().trim(),
        password: this.password(),
        ...(this.step() === 'totp' ? { totpCode: this.totpCode().replace(/\s+/g, '') } : {}),
        ...(this.step() === 'recovery' ? { recoveryCode: this.recoveryCode().trim() } : {}),
      });
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    } catch (error) {
      if (this.step() === 'password' && isApiError(error, ErrorCode.TotpRequired)) {
        this.switchTo('totp');
      } else {
        this.error.set(describeError(error));
      }
    } finally {
      this.busy.set(false);
    }
  }

  protected switchTo(step: Step): void {
    this.step.set(step);
    this.error.set(null);
    this.totpCode.set('');
    this.recoveryCode.set('');
  }

  protected restart(): void {
    this.step.set('password');
    this.password.set('');
    this.error.set(null);
  }
}
