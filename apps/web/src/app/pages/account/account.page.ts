import { ChangeDetectionStrategy, Component, computed, inject, signal, type WritableSignal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { ClanApi } from '../../core/api/clan-api';
import type { TotpEnrolmentView } from '../../core/api/api-types';
import { describeError, type ErrorView } from '../../core/api/errors';
import { AuthService } from '../../core/auth/auth.service';
import { Session } from '../../core/auth/session';
import { Notifier } from '../../core/ui/notifier';
import { CopyBox } from '../../shared/copy-box';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';

/** The API's QR code is an SVG document; as a data: URL it renders in <img> with no HTML injection. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

@Component({
  selector: 'clan-account-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, CopyBox, ErrorBox, Icon],
  template: `
    <div class="page-head">
      <div>
        <p class="crumb">Account</p>
        <h1>
          <clan-icon name="user" />
          {{ session.user()?.displayName || session.user()?.username }}
        </h1>
      </div>
    </div>

    <div class="grid-2">
      <section class="panel" aria-labelledby="password-title">
        <h2 id="password-title" class="panel-header">Change password</h2>
        <form class="form" (ngSubmit)="changePassword()">
          <input type="text" name="username" autocomplete="username" [value]="session.user()?.username ?? ''" hidden />
          <div class="field">
            <label for="current-password">Current password</label>
            <input
              id="current-password"
              name="current"
              type="password"
              required
              autocomplete="current-password"
              [(ngModel)]="currentPassword"
            />
          </div>
          <div class="field">
            <label for="new-password">New password</label>
            <input id="new-password" name="new" type="password" required autocomplete="new-password" [(ngModel)]="newPassword" />
          </div>
          <div class="field">
            <label for="repeat-password">Repeat new password</label>
            <input
              id="repeat-password"
              name="repeat"
              type="password"
              required
              autocomplete="new-password"
              [attr.aria-invalid]="mismatch()"
              aria-describedby="repeat-hint"
              [(ngModel)]="repeatPassword"
            />
            @if (mismatch()) {
              <small id="repeat-hint" class="hint hint-error">The two new passwords differ.</small>
            }
          </div>
          <p class="hint" data-testid="password-tokens-note">
            Changing your password signs you out everywhere else, but your API tokens keep working. To end them too, use
            <a routerLink="/tokens">Revoke all my tokens</a>.
          </p>
          <clan-error [error]="passwordError()" />
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" [disabled]="busy() || mismatch() || !currentPassword() || !newPassword()">
              Change password
            </button>
          </div>
        </form>
      </section>

      <section class="panel" aria-labelledby="totp-title">
        <h2 id="totp-title" class="panel-header">
          Two-factor sign-in (TOTP)
          <span [class]="'badge ' + (totpOn() ? 'badge-ok' : 'badge-muted')">{{ totpOn() ? 'on' : 'off' }}</span>
        </h2>

        @if (recoveryCodes(); as codes) {
          <div class="alert alert-warn" role="alert">
            Two-factor sign-in is on. Save these recovery codes somewhere safe — each signs you in once if you lose your device. They are
            shown
            <strong>only now</strong>.
          </div>
          <ul class="recovery-codes" data-testid="recovery-codes">
            @for (code of codes; track code) {
              <li>
                <code>{{ code }}</code>
              </li>
            }
          </ul>
          <div class="form-actions">
            <clan-copy-box [value]="codes.join('\\n')" label="all recovery codes" [hideValue]="true" />
            <button type="button" class="btn btn-primary" (click)="recoveryCodes.set(null)">I have saved them</button>
          </div>
        } @else if (enrolment(); as e) {
          <ol class="steps">
            <li>Scan this code with an authenticator app (Aegis, Google Authenticator, 1Password…).</li>
          </ol>
          <img class="qr" [src]="qrUrl()" width="200" height="200" alt="QR code holding your TOTP secret" data-testid="totp-qr" />
          <p class="muted small">Can't scan? Enter this secret by hand:</p>
          <clan-copy-box [value]="e.secret" label="TOTP secret" testId="totp-secret" />
          <form class="inline-form wrap" (ngSubmit)="verify()">
            <div class="field">
              <label for="totp-code">Code from the app</label>
              <input
                id="totp-code"
                name="code"
                data-testid="totp-code"
                required
                inputmode="numeric"
                autocomplete="one-time-code"
                maxlength="8"
                [(ngModel)]="code"
              />
            </div>
            <button type="submit" class="btn btn-primary" data-testid="totp-verify" [disabled]="busy() || !code().trim()">Turn on</button>
            <button type="button" class="btn" (click)="enrolment.set(null)">Cancel</button>
          </form>
        } @else if (totpOn()) {
          <p>Signing in asks for a code from your authenticator app.</p>
          <form class="inline-form wrap" (ngSubmit)="disable()">
            <div class="field">
              <label for="totp-disable-password">Password, to turn it off</label>
              <input
                id="totp-disable-password"
                name="password"
                type="password"
                required
                autocomplete="current-password"
                [(ngModel)]="disablePassword"
              />
            </div>
            <button type="submit" class="btn btn-danger-outline" [disabled]="busy() || !disablePassword()">Turn off</button>
          </form>
        } @else {
          <p>Protect your account with a second step: a 6-digit code from an app on your phone.</p>
          <button type="button" class="btn btn-primary" data-testid="totp-enrol" [disabled]="busy()" (click)="enrol()">
            Set up two-factor sign-in
          </button>
        }
        <clan-error [error]="totpError()" />
      </section>
    </div>
  `,
})
export class AccountPage {
  protected readonly session = inject(Session);
  private readonly api = inject(ClanApi);
  private readonly auth = inject(AuthService);
  private readonly notifier = inject(Notifier);

  protected readonly busy = signal(false);
  protected readonly currentPassword = signal('');
  protected readonly newPassword = signal('');
  protected readonly repeatPassword = signal('');
  protected readonly passwordError = signal<ErrorView | null>(null);
  protected readonly mismatch = computed(() => this.repeatPassword() !== '' && this.repeatPassword() !== this.newPassword());

  protected readonly enrolment = signal<TotpEnrolmentView | null>(null);
  protected readonly qrUrl = computed(() => svgDataUrl(this.enrolment()?.qrSvg ?? ''));
  protected readonly code = signal('');
  protected readonly recoveryCodes = signal<string[] | null>(null);
  protected readonly disablePassword = signal('');
  protected readonly totpError = signal<ErrorView | null>(null);
  private readonly totpJustEnabled = signal<boolean | null>(null);
  protected readonly totpOn = computed(() => this.totpJustEnabled() ?? this.session.user()?.totpEnabled === true);

  protected async changePassword(): Promise<void> {
    await this.busyWhile(this.passwordError, async () => {
      await this.api.changePassword(this.currentPassword(), this.newPassword());
      this.currentPassword.set('');
      this.newPassword.set('');
      this.repeatPassword.set('');
      this.notifier.ok('Password changed.');
    });
  }

  protected async enrol(): Promise<void> {
    await this.busyWhile(this.totpError, async () => {
      this.code.set('');
      this.enrolment.set(await this.api.enrolTotp());
    });
  }

  protected async verify(): Promise<void> {
    await this.busyWhile(this.totpError, async () => {
      const { recoveryCodes } = await this.api.verifyTotp(this.code().replace(/\s+/g, ''));
      this.enrolment.set(null);
      this.recoveryCodes.set(recoveryCodes);
      this.totpJustEnabled.set(true);
      void this.auth.refresh().then(() => this.totpJustEnabled.set(null));
    });
  }

  protected async disable(): Promise<void> {
    await this.busyWhile(this.totpError, async () => {
      await this.api.disableTotp(this.disablePassword());
      this.disablePassword.set('');
      this.totpJustEnabled.set(false);
      this.notifier.ok('Two-factor sign-in turned off.');
      void this.auth.refresh().then(() => this.totpJustEnabled.set(null));
    });
  }

  private async busyWhile(errors: WritableSignal<ErrorView | null>, work: () => Promise<void>): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    errors.set(null);
    try {
      await work();
    } catch (error) {
      errors.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
