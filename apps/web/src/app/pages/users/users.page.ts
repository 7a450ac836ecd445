import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { ClanApi } from '../../core/api/clan-api';
import type { OneTimeLinkView, UserSummaryView } from '../../core/api/api-types';
import { describeError, type ErrorView } from '../../core/api/errors';
import { Session } from '../../core/auth/session';
import { Confirm } from '../../core/ui/confirm';
import { Notifier } from '../../core/ui/notifier';
import { timeAgo } from '../../core/vm/vm-rules';
import { CopyBox } from '../../shared/copy-box';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { UserCreateDialog } from './user-create.dialog';

/** The name people see: the display name, else the username. */
export function nameOf(user: { displayName?: string | null; username: string }): string {
  return user.displayName?.trim() || user.username;
}

/** "never" for someone who has not signed in yet, else how long ago. */
export function lastSignIn(iso: string | null, now = Date.now()): string {
  return iso ? timeAgo(iso, now) : 'never';
}

interface ResetLink {
  user: UserSummaryView;
  link: OneTimeLinkView;
}

/**
 * `/users` (host admins): everyone who can sign in to this panel. Create an
 * account, disable or re-enable it, make a password-reset link, make or
 * remove a host admin, delete. The API keeps the last host admin and refuses
 * to disable yourself; the page says why in its words.
 */
@Component({
  selector: 'clan-users-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CopyBox, ErrorBox, Icon, UserCreateDialog],
  styles: `
    .user-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      justify-content: flex-end;
    }
    @media (max-width: 760px) {
      .user-actions {
        justify-content: flex-start;
      }
    }
  `,
  template: `
    <div class="page-head">
      <div>
        <p class="crumb">Host</p>
        <h1><clan-icon name="user" /> Users</h1>
      </div>
      <button type="button" class="btn btn-primary" data-testid="user-create" (click)="creating.set(true)">
        <clan-icon name="plus" /> New user
      </button>
    </div>
    <p class="muted">
      Everyone who can sign in to this panel. To bring in family or friends, the easier way is “Invite a person” on a network's Members tab:
      they choose their own username and password.
    </p>

    @if (reset(); as r) {
      <section class="panel panel-highlight" aria-labelledby="reset-title" data-testid="reset-link">
        <h2 id="reset-title" class="panel-header">Password-reset link for {{ name(r.user) }}</h2>
        <div class="alert alert-warn" role="alert">
          Send this link to {{ name(r.user) }} now. It is shown <strong>only once</strong>, works once, and stops working in 24 hours.
        </div>
        <clan-copy-box [value]="r.link.url" label="password-reset link" testId="reset-link-url" />
        <div class="form-actions">
          <button type="button" class="btn btn-primary" data-testid="reset-link-done" (click)="reset.set(null)">I have sent it</button>
        </div>
      </section>
    }

    <clan-error [error]="error()" />

    <section class="panel" aria-labelledby="users-title">
      <h2 id="users-title" class="panel-header">
        Users <span class="muted">({{ users().length }})</span>
      </h2>
      <div class="table-wrap">
        <table class="table table-cards">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Username</th>
              <th scope="col">Host admin</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">Status</th>
              <th scope="col"><span class="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            @for (user of users(); track user.id) {
              <tr [attr.data-testid]="'user-row-' + user.username">
                <td data-label="Name">
                  <strong>{{ name(user) }}</strong>
                  @if (user.id === me()) {
                    <span class="badge badge-muted">you</span>
                  }
                </td>
                <td data-label="Username">
                  <code>{{ user.username }}</code>
                </td>
                <td data-label="Host admin">
                  @if (user.isHostAdmin) {
                    <span class="badge badge-info">host admin</span>
                  } @else {
                    <span class="muted">no</span>
                  }
                </td>
                <td data-label="Last sign-in" [attr.title]="user.lastLoginAt ?? 'never signed in'">{{ lastSignIn(user.lastLoginAt) }}</td>
                <td data-label="Status">
                  @if (user.disabled) {
                    <span class="badge badge-danger" data-testid="user-status">disabled</span>
                  } @else {
                    <span class="badge badge-ok" data-testid="user-status">active</span>
                  }
                </td>
                <td class="actions">
                  <div class="user-actions">
                    <button
                      type="button"
                      class="btn btn-small"
                      [attr.data-testid]="'user-reset-' + user.username"
                      [disabled]="busy()"
                      (click)="resetPassword(user)"
                    >
                      Reset password
                    </button>
                    @if (user.id !== me()) {
                      <button
                        type="button"
                        class="btn btn-small"
                        [attr.data-testid]="'user-toggle-disabled-' + user.username"
                        [disabled]="busy()"
                        (click)="toggleDisabled(user)"
                      >
                        {{ user.disabled ? 'Re-enable' : 'Disable' }}
                      </button>
                    }
                    <button
                      type="button"
                      class="btn btn-small"
                      [attr.data-testid]="'user-toggle-admin-' + user.username"
                      [disabled]="busy()"
                      (click)="toggleHostAdmin(user)"
                    >
                      {{ user.isHostAdmin ? 'Remove host admin' : 'Make host admin' }}
                    </button>
                    @if (user.id !== me()) {
                      <button
                        type="button"
                        class="btn btn-small btn-danger-outline"
                        [attr.data-testid]="'user-delete-' + user.username"
                        [disabled]="busy()"
                        (click)="remove(user)"
                      >
                        Delete
                      </button>
                    }
                  </div>
                </td>
              </tr>
            } @empty {
              <tr class="empty-row">
                <td colspan="6">{{ loading() ? 'Loading users…' : 'No users.' }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    </section>

    @if (creating()) {
      <clan-user-create-dialog (closed)="creating.set(false)" (created)="created($event)" />
    }
  `,
})
export class UsersPage {
  private readonly api = inject(ClanApi);
  private readonly confirm = inject(Confirm);
  private readonly notifier = inject(Notifier);
  private readonly session = inject(Session);

  protected readonly users = signal<UserSummaryView[]>([]);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly creating = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  /** The one answer that carries a reset link; cleared when dismissed. */
  protected readonly reset = signal<ResetLink | null>(null);
  protected readonly me = computed(() => this.session.user()?.id ?? null);
  protected readonly name = nameOf;
  protected readonly lastSignIn = (iso: string | null) => lastSignIn(iso);

  constructor() {
    void this.load();
  }

  protected async created(user: UserSummaryView): Promise<void> {
    this.creating.set(false);
    this.notifier.ok(`${nameOf(user)} can now sign in as ${user.username}.`);
    await this.load();
  }

  protected async resetPassword(user: UserSummaryView): Promise<void> {
    const yes = await this.confirm.ask({
      title: 'Reset password',
      message: `Make a one-time link with which ${nameOf(user)} sets a new password? Their current password keeps working until they use it.`,
      confirmLabel: 'Make link',
    });
    if (!yes) return;
    await this.run(async () => {
      this.reset.set({ user, link: await this.api.passwordResetLink(user.id) });
    });
  }

  protected async toggleDisabled(user: UserSummaryView): Promise<void> {
    const disable = !user.disabled;
    if (disable) {
      const yes = await this.confirm.ask({
        title: 'Disable user',
        message: `Disable ${nameOf(user)}? They are signed out everywhere, cannot sign in, and their API tokens stop working until you re-enable them.`,
        confirmLabel: 'Disable',
        danger: true,
      });
      if (!yes) return;
    }
    await this.run(async () => {
      await this.api.updateUser(user.id, { disabled: disable });
      this.notifier.ok(disable ? `${nameOf(user)} is disabled.` : `${nameOf(user)} can sign in again.`);
    });
  }

  protected async toggleHostAdmin(user: UserSummaryView): Promise<void> {
    const make = !user.isHostAdmin;
    const yes = await this.confirm.ask({
      title: make ? 'Make host admin' : 'Remove host admin',
      message: make
        ? `Make ${nameOf(user)} a host admin? They get every privilege on this panel: all networks, users, the host shell.`
        : `Remove ${nameOf(user)}'s host admin role? They keep their network roles.`,
      confirmLabel: make ? 'Make host admin' : 'Remove host admin',
      danger: make,
    });
    if (!yes) return;
    await this.run(async () => {
      await this.api.updateUser(user.id, { isHostAdmin: make });
      this.notifier.ok(make ? `${nameOf(user)} is a host admin.` : `${nameOf(user)} is no longer a host admin.`);
    });
  }

  protected async remove(user: UserSummaryView): Promise<void> {
    const yes = await this.confirm.ask({
      title: 'Delete user',
      message: `Delete ${nameOf(user)} (${user.username})? They lose access to every network; the audit log keeps what they did, under their name.`,
      confirmLabel: 'Delete',
      danger: true,
    });
    if (!yes) return;
    await this.run(async () => {
      await this.api.deleteUser(user.id);
      if (this.reset()?.user.id === user.id) this.reset.set(null);
      this.notifier.ok(`${nameOf(user)} deleted.`);
    });
  }

  private async run(change: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await change();
      await this.load();
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(): Promise<void> {
    this.loading.set(true);
    try {
      this.users.set(await this.api.users());
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }
}
