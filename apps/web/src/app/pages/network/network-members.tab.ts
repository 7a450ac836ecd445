import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { HOST_ADMIN_ROLE, NETWORK_ROLES, NetworkRole, ROLE_RANK } from '@clan/contracts';
import { ClanApi } from '../../core/api/clan-api';
import type { MemberView } from '../../core/api/api-types';
import { describeError, type ErrorView } from '../../core/api/errors';
import { AuthService } from '../../core/auth/auth.service';
import { Session } from '../../core/auth/session';
import { NetworkStore } from '../../core/networks/network-store';
import { Confirm } from '../../core/ui/confirm';
import { Notifier } from '../../core/ui/notifier';
import { ErrorBox } from '../../shared/error-box';
import { NetworkContext } from './network-context';
import { NetworkPersonInvites } from './network-person-invites.panel';

const ROLE_HELP: Record<NetworkRole, string> = {
  [NetworkRole.Owner]: 'everything, including deleting the network',
  [NetworkRole.Admin]: 'members, machines, backups and consoles',
  [NetworkRole.Member]: 'sees the network and its backups',
  [NetworkRole.Viewer]: 'sees the network',
};

@Component({
  selector: 'clan-network-members-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ErrorBox, NetworkPersonInvites],
  template: `
    <clan-error [error]="error()" />
    <section class="panel" aria-labelledby="members-title">
      <h2 id="members-title" class="panel-header">
        Members <span class="muted">({{ members().length }})</span>
      </h2>
      <div class="table-wrap">
        <table class="table table-cards">
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Role</th>
              @if (context.canManageMembers()) {
                <th scope="col"><span class="sr-only">Actions</span></th>
              }
            </tr>
          </thead>
          <tbody>
            @for (member of members(); track member.userId) {
              <tr [attr.data-testid]="'member-row-' + member.username">
                <td data-label="User">
                  <strong>{{ nameOf(member) }}</strong>
                  @if (nameOf(member) !== member.username) {
                    <span class="muted"> {{ member.username }}</span>
                  }
                  @if (member.userId === session.user()?.id) {
                    &ngsp;<span class="badge badge-muted">you</span>
                  }
                </td>
                <td data-label="Role">
                  @if (context.canManageMembers() && canChange(member)) {
                    <label class="sr-only" [for]="'role-' + member.userId">Role of {{ nameOf(member) }}</label>
                    <select
                      [id]="'role-' + member.userId"
                      [attr.data-testid]="'member-role-' + member.username"
                      [value]="member.role"
                      [disabled]="busy()"
                      (change)="changeRole(member, $event)"
                    >
                      @for (role of grantable(); track role) {
                        <option [value]="role" [selected]="role === member.role">
                          {{ role }}
                        </option>
                      }
                    </select>
                  } @else {
                    <span class="badge badge-muted">{{ member.role }}</span>
                  }
                </td>
                @if (context.canManageMembers()) {
                  <td class="actions">
                    @if (canChange(member)) {
                      <button
                        type="button"
                        class="btn btn-small btn-danger-outline"
                        [attr.data-testid]="'member-remove-' + member.username"
                        [disabled]="busy()"
                        (click)="remove(member)"
                      >
                        Remove
                      </button>
                    }
                  </td>
                }
              </tr>
            } @empty {
              <tr class="empty-row">
                <td colspan="3">
                  {{ loading() ? 'Loading members…' : 'No members.' }}
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    </section>
    @if (context.canManageMembers()) {
      @if (context.networkId(); as networkId) {
        <clan-network-person-invites [networkId]="networkId" [roles]="grantable()" [help]="help" />
      }
      <section class="panel" aria-labelledby="add-member-title">
        <h2 id="add-member-title" class="panel-header">Add member</h2>
        <form class="inline-form wrap" (ngSubmit)="add()">
          <div class="field">
            <label for="member-username">Username</label>
            <input
              id="member-username"
              name="username"
              data-testid="member-username"
              required
              autocapitalize="none"
              spellcheck="false"
              autocomplete="off"
              [(ngModel)]="newUsername"
            />
          </div>
          <div class="field">
            <label for="member-role">Role</label>
            <select id="member-role" name="role" data-testid="member-role" [(ngModel)]="newRole">
              @for (role of grantable(); track role) {
                <option [value]="role">{{ role }} — {{ help[role] }}</option>
              }
            </select>
          </div>
          <button type="submit" class="btn btn-primary" data-testid="member-add" [disabled]="busy() || !newUsername().trim()">Add</button>
        </form>
        <p class="muted small">For someone who already has an account on this panel. Someone new? Use “Invite a person”.</p>
      </section>
    }
  `,
})
export class NetworkMembersTab {
  protected readonly context = inject(NetworkContext);
  protected readonly session = inject(Session);
  protected readonly help = ROLE_HELP;
  protected readonly nameOf = (m: MemberView) => m.displayName?.trim() || m.username;
  protected readonly members = signal<MemberView[]>([]);
  protected readonly loading = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly newUsername = signal('');
  protected readonly newRole = signal<NetworkRole>(NetworkRole.Member);
  private readonly api = inject(ClanApi);
  private readonly auth = inject(AuthService);
  private readonly store = inject(NetworkStore);
  private readonly confirm = inject(Confirm);
  private readonly notifier = inject(Notifier);
  private readonly router = inject(Router);

  /** A member may only grant roles at or below their own (the API enforces this too). */
  protected readonly grantable = computed(() => {
    const role = this.context.role();
    if (!role || role === HOST_ADMIN_ROLE) return NETWORK_ROLES;
    return NETWORK_ROLES.filter((r) => ROLE_RANK[r] <= ROLE_RANK[role]);
  });

  constructor() {
    effect(() => {
      const id = this.context.networkId();
      if (id) untracked(() => void this.load(id));
    });
  }

  protected canChange(member: MemberView): boolean {
    const role = this.context.role();
    if (!role || role === HOST_ADMIN_ROLE) return true;
    return ROLE_RANK[member.role] <= ROLE_RANK[role];
  }

  protected async add(): Promise<void> {
    const id = this.context.networkId();
    const username = this.newUsername().trim();
    if (!id || !username) return;
    await this.run(async () => {
      await this.api.addMember(id, username, this.newRole());
      this.newUsername.set('');
      this.notifier.ok(`${username} added as ${this.newRole()}.`);
    });
  }

  protected async changeRole(member: MemberView, event: Event): Promise<void> {
    const select = event.target as HTMLSelectElement;
    const role = select.value as NetworkRole;
    const id = this.context.networkId();
    if (!id || role === member.role) return;
    const yes = await this.confirm.ask({
      title: 'Change role',
      message: `Change ${this.nameOf(member)}'s role from ${member.role} to ${role}?`,
      confirmLabel: 'Change role',
    });
    if (!yes) {
      select.value = member.role;
      return;
    }
    await this.run(async () => {
      await this.api.changeMemberRole(id, member.userId, role);
      this.notifier.ok(`${this.nameOf(member)} is now ${role}.`);
    });
    select.value = this.members().find((m) => m.userId === member.userId)?.role ?? member.role;
  }

  protected async remove(member: MemberView): Promise<void> {
    const id = this.context.networkId();
    if (!id) return;
    const self = member.userId === this.session.user()?.id;
    const yes = await this.confirm.ask({
      title: 'Remove member',
      message: self
        ? `Remove yourself from ${this.context.network()?.name ?? 'this network'}? You will lose access to it.`
        : `Remove ${this.nameOf(member)} from ${this.context.network()?.name ?? 'this network'}?`,
      confirmLabel: 'Remove',
      danger: true,
    });
    if (!yes) return;
    if (self) {
      await this.leave(id);
      return;
    }
    await this.run(async () => {
      await this.api.removeMember(id, member.userId);
      this.notifier.ok(`${this.nameOf(member)} removed.`);
    });
  }

  /** Removing yourself ends your access (unless host admin): refresh what we may see, then go home. */
  private async leave(networkId: string): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.api.removeMember(networkId, this.session.user()?.id ?? '');
      this.notifier.ok(`You left ${this.context.network()?.name ?? 'the network'}.`);
      await Promise.all([this.auth.refresh(), this.store.load()]);
      if (this.session.isHostAdmin()) await this.load(networkId);
      else await this.router.navigate(['/host']);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  /** Runs a change, then reloads members — and our own memberships, since the change may concern us. */
  private async run(change: () => Promise<void>): Promise<void> {
    const id = this.context.networkId();
    if (!id) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await change();
      await Promise.all([this.load(id), this.auth.refresh(), this.store.load()]);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(networkId: string): Promise<void> {
    this.loading.set(true);
    try {
      const members = await this.api.members(networkId);
      if (this.context.networkId() === networkId) this.members.set(members);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }
}
