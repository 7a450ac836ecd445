import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { NetworkRole } from '@clan/contracts';
import { ClanApi } from '../../core/api/clan-api';
import type { PersonInvitePreviewView } from '../../core/api/api-types';
import { describeError, type ErrorView, linkProblem } from '../../core/api/errors';
import { AuthService } from '../../core/auth/auth.service';
import { Session } from '../../core/auth/session';
import { ErrorBox } from '../../shared/error-box';
import { FocusOnInit } from '../../shared/focus-on-init';

/** What each role lets the person do, in their words. */
export const ROLE_WORDS: Record<NetworkRole, string> = {
  [NetworkRole.Owner]: 'an owner: you can change everything in it',
  [NetworkRole.Admin]: 'an admin: you can manage its members, machines and backups',
  [NetworkRole.Member]: 'a member: you can use it and see its backups',
  [NetworkRole.Viewer]: 'a viewer: you can see it',
};

/** Words for a link that cannot be used; the API's own sentence names whom to ask. */
export function invitationProblem(error: ErrorView): { title: string; message: string } {
  return linkProblem(error, {
    invalid: 'This invitation link is not valid',
    gone: 'This invitation can no longer be used',
    unreadable: 'The invitation could not be read',
  });
}

/** A username suggestion from a name: "Grandma Rose" → "grandma.rose". */
export function suggestUsername(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim()
    .replace(/\s+/g, '.')
    .replace(/[^a-z0-9._-]/g, '')
    .slice(0, 64);
}

/**
 * `/invite/:token` (public): the person someone invited creates their own
 * account here. The link is the credential; creating the account joins the
 * network with the invite's role and signs them in, then they land on their
 * home page (or go on to enrol a first device).
 */
@Component({
  selector: 'clan-invite-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, DatePipe, ErrorBox, FocusOnInit],
  styles: `
    .invite-card {
      width: min(480px, 100%);
    }
  `,
  template: `
    <main class="auth-page">
      <div class="auth-card invite-card" data-testid="invite-page">
        <div class="auth-brand"><span class="brand-mark" aria-hidden="true">c</span>LAN panel</div>
        @if (loading()) {
          <h1>Invitation</h1>
          <p class="muted" role="status">Reading the invitation…</p>
        } @else if (problem(); as p) {
          <h1>{{ p.title }}</h1>
          <div class="alert alert-danger" role="alert" data-testid="invite-problem">
            <p>{{ p.message }}</p>
          </div>
        } @else if (preview(); as p) {
          <h1 data-testid="invite-heading">{{ p.inviter }} invites you to {{ p.network }}</h1>
          <p>
            You will be {{ roleWords[p.role] }}. Choose a username and a password for your own account on this panel.
            @if (p.enrolDevice) {
              Afterwards you can add this device to the network's private connection.
            }
          </p>
          <form class="form" (ngSubmit)="accept()">
            <div class="field">
              <label for="invite-display-name">Your name</label>
              <input
                id="invite-display-name"
                name="displayName"
                data-testid="invite-display-name"
                maxlength="128"
                autocomplete="name"
                [(ngModel)]="displayName"
                (ngModelChange)="nameChanged($event)"
              />
              <p class="hint">What others in the network see.</p>
            </div>
            <div class="field">
              <label for="invite-username">Username</label>
              <input
                id="invite-username"
                name="username"
                data-testid="invite-username"
                clanFocusOnInit
                required
                autocapitalize="none"
                spellcheck="false"
                autocomplete="username"
                [(ngModel)]="username"
                (ngModelChange)="usernameTouched = true"
              />
              <p class="hint">You sign in with it: 3–64 lowercase letters, digits, “-”, “_” or “.”.</p>
            </div>
            <div class="field">
              <label for="invite-password">Password</label>
              <input
                id="invite-password"
                name="password"
                type="password"
                data-testid="invite-password"
                required
                minlength="10"
                autocomplete="new-password"
                [(ngModel)]="password"
              />
              <p class="hint">At least 10 characters. A few words you will remember work well.</p>
            </div>
            <clan-error [error]="error()" />
            <div class="form-actions">
              <button
                type="submit"
                class="btn btn-primary"
                data-testid="invite-accept"
                [disabled]="busy() || !username().trim() || password().length === 0"
              >
                {{ busy() ? 'Creating your account…' : 'Create my account' }}
              </button>
            </div>
          </form>
          <p class="muted small" data-testid="invite-expiry">The link works once, until {{ p.expiresAt | date: 'yyyy-MM-dd HH:mm' }}.</p>
          <p class="muted small" data-testid="invite-ca">
            After joining, install the network's certificate from your home page, so your browser trusts the network's own addresses.
          </p>
        }
      </div>
    </main>
  `,
})
export class InvitePage {
  /** The route's `:token` (component input binding). */
  readonly token = input.required<string>();
  protected readonly roleWords = ROLE_WORDS;
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly preview = signal<PersonInvitePreviewView | null>(null);
  protected readonly problem = signal<{ title: string; message: string } | null>(null);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly displayName = signal('');
  protected readonly username = signal('');
  protected readonly password = signal('');
  protected usernameTouched = false;
  private readonly api = inject(ClanApi);
  private readonly session = inject(Session);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  constructor() {
    effect(() => {
      const token = this.token();
      untracked(() => void this.load(token));
    });
  }

  protected nameChanged(name: string): void {
    if (!this.usernameTouched) this.username.set(suggestUsername(name));
  }

  protected async accept(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const answer = await this.api.acceptPersonInvite(this.token(), {
        username: this.username().trim(),
        password: this.password(),
        displayName: this.displayName().trim() || undefined,
      });
      this.session.start(answer.user, answer.csrfToken, []);
      await this.auth.refresh();
      await this.router.navigateByUrl(answer.next);
    } catch (error) {
      const view = describeError(error);
      if (view.status === 410) this.problem.set(invitationProblem(view));
      else this.error.set(view);
    } finally {
      this.busy.set(false);
    }
  }

  private async load(token: string): Promise<void> {
    this.loading.set(true);
    this.problem.set(null);
    try {
      const preview = await this.api.previewPersonInvite(token);
      this.preview.set(preview);
      if (preview.displayName) {
        this.displayName.set(preview.displayName);
        this.username.set(suggestUsername(preview.displayName));
      }
    } catch (error) {
      this.problem.set(invitationProblem(describeError(error)));
    } finally {
      this.loading.set(false);
    }
  }
}
