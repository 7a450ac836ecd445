import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { ClanApi } from '../../core/api/clan-api';
import { AuthService } from '../../core/auth/auth.service';
import { describeError, type ErrorView } from '../../core/api/errors';
import { FocusOnInit } from '../../shared/focus-on-init';
import { ErrorBox } from '../../shared/error-box';
import { isChecking } from '../../layout/network-system-choice';

/** First run: the panel has no users yet; this creates the host admin and signs them in. */
@Component({
  selector: 'clan-setup-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ErrorBox, FocusOnInit],
  template: `
    <main class="auth-page">
      <div class="auth-card">
        <div class="auth-brand"><span class="brand-mark" aria-hidden="true">c</span>LAN panel</div>
        <h1>Welcome — let's set up this host</h1>
        <p class="muted">
          Create the <strong>host admin</strong>: the account that manages this panel, creates networks and invites people. This page is
          shown only once.
        </p>
        @if (nixpkgsProblem(); as why) {
          <div class="alert alert-info" data-testid="setup-demo-offer">
            <p>
              This host cannot reach nixpkgs, so NixOS machines cannot build here yet. Next, create a network with the
              <strong>demo system (not NixOS)</strong>: a tiny test system, so you can still try building, booting, the console, health
              checks and rollback.
            </p>
            <p class="small muted">{{ why }}</p>
          </div>
        }
        <form class="form" (ngSubmit)="submit()">
          <div class="field">
            <label for="setup-username">Username</label>
            <input
              id="setup-username"
              name="username"
              data-testid="setup-username"
              required
              autocomplete="username"
              autocapitalize="none"
              spellcheck="false"
              clanFocusOnInit
              [(ngModel)]="username"
            />
          </div>
          <div class="field">
            <label for="setup-display">Display name <span class="muted">(optional)</span></label>
            <input id="setup-display" name="displayName" autocomplete="name" [(ngModel)]="displayName" />
          </div>
          <div class="field">
            <label for="setup-password">Password</label>
            <input
              id="setup-password"
              name="password"
              data-testid="setup-password"
              required
              autocomplete="new-password"
              aria-describedby="setup-password-hint"
              [type]="showPassword() ? 'text' : 'password'"
              [(ngModel)]="password"
            />
            <small id="setup-password-hint" class="hint">A long passphrase is best; you can add a second factor (TOTP) later.</small>
            <label class="check">
              <input type="checkbox" name="show" [checked]="showPassword()" (change)="showPassword.set(!showPassword())" />
              Show password
            </label>
          </div>
          <clan-error [error]="error()" />
          <button type="submit" class="btn btn-primary btn-block" data-testid="setup-submit" [disabled]="busy()">
            {{ busy() ? 'Creating…' : 'Create host admin' }}
          </button>
        </form>
      </div>
    </main>
  `,
})
export class SetupPage {
  protected readonly username = signal('');
  protected readonly displayName = signal('');
  protected readonly password = signal('');
  protected readonly showPassword = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  /** Why NixOS machines cannot build on this host (nixpkgs unreachable) while the demo system can, or null. */
  protected readonly nixpkgsProblem = signal<string | null>(null);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly api = inject(ClanApi);

  private destroyed = false;

  constructor() {
    inject(DestroyRef).onDestroy(() => (this.destroyed = true));
    void this.checkNixpkgs();
  }

  private async checkNixpkgs(attempt = 0): Promise<void> {
    try {
      const { nixpkgs, demoSystem } = (await this.api.health()).components;
      if (isChecking(nixpkgs)) {
        if (attempt < 15 && !this.destroyed) setTimeout(() => void this.checkNixpkgs(attempt + 1), 2000);
      } else if (nixpkgs.status !== 'ok' && demoSystem.status === 'ok') this.nixpkgsProblem.set(nixpkgs.message ?? nixpkgs.detail);
    } catch {
      // Health is advice here; setup works without it.
    }
  }

  protected async submit(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.auth.setup({
        username: this.username().trim(),
        password: this.password(),
        ...(this.displayName().trim() ? { displayName: this.displayName().trim() } : {}),
      });
      await this.router.navigateByUrl(this.auth.signedIn() ? '/' : '/login');
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
