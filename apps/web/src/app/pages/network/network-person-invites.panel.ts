import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { NetworkRole } from '@clan/contracts';
import { ClanApi } from '../../core/api/clan-api';
import type { CreatedPersonInviteView, PersonInviteView } from '../../core/api/api-types';
import { describeError, type ErrorView } from '../../core/api/errors';
import { Confirm } from '../../core/ui/confirm';
import { Notifier } from '../../core/ui/notifier';
import { CopyBox } from '../../shared/copy-box';
import { Dialog } from '../../shared/dialog';
import { ErrorBox } from '../../shared/error-box';
import { FocusOnInit } from '../../shared/focus-on-init';
import { Icon } from '../../shared/icon';

/** The invites worth listing: pending ones, and what happened to recent others. */
export function visibleInvites(invites: readonly PersonInviteView[]): PersonInviteView[] {
  return invites.filter((i) => i.status === 'pending' || i.status === 'used').slice(0, 20);
}

/**
 * "Invite a person" on the Members tab: a one-time link with which someone
 * creates their own account and joins this network with a role (optionally
 * going on to enrol a first device). The link is shown once; pending invites
 * are listed with a Revoke button.
 */
@Component({
  selector: 'clan-network-person-invites',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, DatePipe, CopyBox, Dialog, ErrorBox, FocusOnInit, Icon],
  template: `
    <section class="panel" aria-labelledby="invite-person-title">
      <h2 id="invite-person-title" class="panel-header">Invite a person</h2>
      <p class="muted">
        Make a link for someone who has no account yet: they choose their own username and password and join this network with the role you
        pick. The link works once.
      </p>
      <div class="form-actions">
        <button type="button" class="btn btn-primary" data-testid="invite-person" (click)="open()">
          <clan-icon name="plus" /> Invite a person
        </button>
      </div>
      <clan-error [error]="listError()" />
      @if (shown().length) {
        <div class="table-wrap">
          <table class="table table-cards">
            <thead>
              <tr>
                <th scope="col">For</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">By</th>
                <th scope="col"><span class="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              @for (invite of shown(); track invite.id) {
                <tr [attr.data-testid]="'person-invite-' + invite.id">
                  <td data-label="For">
                    {{ invite.displayName || 'anyone with the link' }}
                    @if (invite.note) {
                      <span class="muted"> — {{ invite.note }}</span>
                    }
                  </td>
                  <td data-label="Role">
                    <span class="badge badge-muted">{{ invite.role }}</span>
                  </td>
                  <td data-label="Status">
                    @if (invite.status === 'used') {
                      joined as <strong>{{ invite.usedByUsername }}</strong>
                    } @else {
                      pending until {{ invite.expiresAt | date: 'yyyy-MM-dd HH:mm' }}
                    }
                  </td>
                  <td data-label="By">{{ invite.createdByName }}</td>
                  <td class="actions">
                    @if (invite.status === 'pending') {
                      <button
                        type="button"
                        class="btn btn-small btn-danger-outline"
                        [attr.data-testid]="'invite-revoke-' + invite.id"
                        [disabled]="busy()"
                        (click)="revoke(invite)"
                      >
                        Revoke
                      </button>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    </section>

    @if (dialogOpen()) {
      <clan-dialog heading="Invite a person" (closed)="close()">
        @if (created(); as c) {
          <div data-testid="invite-created">
            <div class="alert alert-warn" role="alert">
              Send this link to {{ c.invite.displayName || 'the person' }} now (a message, an e-mail). It is shown
              <strong>only once</strong>, works once, and stops working on {{ c.invite.expiresAt | date: 'yyyy-MM-dd HH:mm' }}.
            </div>
            <clan-copy-box [value]="c.url" label="invitation link" testId="invite-link" />
            <div class="dialog-actions">
              <button type="button" class="btn btn-primary" data-testid="invite-done" (click)="close()">Done</button>
            </div>
          </div>
        } @else {
          <form class="form" (ngSubmit)="create()">
            <div class="field">
              <label for="invite-person-name">Their name</label>
              <input
                id="invite-person-name"
                name="displayName"
                data-testid="invite-person-name"
                clanFocusOnInit
                maxlength="128"
                placeholder="e.g. Grandma Rose"
                autocomplete="off"
                [(ngModel)]="displayName"
              />
              <p class="hint">Optional: suggested to them; they can change it.</p>
            </div>
            <div class="field">
              <label for="invite-role">Role in this network</label>
              <select id="invite-role" name="role" data-testid="invite-role" [(ngModel)]="role">
                @for (r of roles(); track r) {
                  <option [value]="r">{{ r }} — {{ help()[r] }}</option>
                }
              </select>
            </div>
            <label class="check">
              <input type="checkbox" name="enrolDevice" data-testid="invite-enrol-device" [(ngModel)]="enrolDevice" />
              Also let them add their first device to the network's private connection
            </label>
            <clan-error [error]="error()" />
            <div class="dialog-actions">
              <button type="button" class="btn" (click)="close()">Cancel</button>
              <button type="submit" class="btn btn-primary" data-testid="invite-create" [disabled]="busy()">
                {{ busy() ? 'Making the link…' : 'Make invitation link' }}
              </button>
            </div>
          </form>
        }
      </clan-dialog>
    }
  `,
})
export class NetworkPersonInvites {
  readonly networkId = input.required<string>();
  /** The roles the caller may hand out (at or below their own). */
  readonly roles = input.required<readonly NetworkRole[]>();
  readonly help = input.required<Record<NetworkRole, string>>();

  protected readonly shown = signal<PersonInviteView[]>([]);
  protected readonly dialogOpen = signal(false);
  protected readonly created = signal<CreatedPersonInviteView | null>(null);
  protected readonly displayName = signal('');
  protected readonly role = signal<NetworkRole>(NetworkRole.Member);
  protected readonly enrolDevice = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly listError = signal<ErrorView | null>(null);
  private readonly api = inject(ClanApi);
  private readonly confirm = inject(Confirm);
  private readonly notifier = inject(Notifier);

  constructor() {
    effect(() => {
      const id = this.networkId();
      untracked(() => void this.load(id));
    });
  }

  protected open(): void {
    this.created.set(null);
    this.error.set(null);
    this.displayName.set('');
    this.enrolDevice.set(false);
    const roles = this.roles();
    this.role.set(roles.includes(NetworkRole.Member) ? NetworkRole.Member : roles[roles.length - 1]);
    this.dialogOpen.set(true);
  }

  protected close(): void {
    this.dialogOpen.set(false);
    this.created.set(null); // the link is never kept after the dialog closes
  }

  protected async create(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const created = await this.api.invitePerson(this.networkId(), {
        role: this.role(),
        displayName: this.displayName().trim() || undefined,
        enrolDevice: this.enrolDevice() || undefined,
      });
      this.created.set(created);
      await this.load(this.networkId());
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async revoke(invite: PersonInviteView): Promise<void> {
    const yes = await this.confirm.ask({
      title: 'Revoke invitation',
      message: `Revoke the invitation${invite.displayName ? ` for ${invite.displayName}` : ''}? Its link stops working at once.`,
      confirmLabel: 'Revoke',
      danger: true,
    });
    if (!yes) return;
    this.busy.set(true);
    this.listError.set(null);
    try {
      await this.api.revokePersonInvite(this.networkId(), invite.id);
      this.notifier.ok('Invitation revoked.');
      await this.load(this.networkId());
    } catch (error) {
      this.listError.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(networkId: string): Promise<void> {
    try {
      const invites = await this.api.personInvites(networkId);
      if (this.networkId() !== networkId) return;
      this.shown.set(visibleInvites(invites));
    } catch (error) {
      this.listError.set(describeError(error));
    }
  }
}
