import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { describeError, type ErrorView } from '../../core/api/errors';
import { Confirm } from '../../core/ui/confirm';
import { Notifier } from '../../core/ui/notifier';
import { CopyBox } from '../../shared/copy-box';
import { Dialog } from '../../shared/dialog';
import { ErrorBox } from '../../shared/error-box';
import { FocusOnInit } from '../../shared/focus-on-init';
import { Icon } from '../../shared/icon';
import { MeshApi, type CreatedInviteView, type CreateInviteRequest, type InviteView } from './network-mesh.api';
import { agentUpCommand } from './network-mesh-agent';
import { svgDataUrl } from './network-mesh-files';

export const INVITE_PRESETS: readonly { hours: number; label: string }[] = [
  { hours: 1, label: '1 h' },
  { hours: 24, label: '24 h' },
  { hours: 168, label: '7 days' },
];

/** The API's limit (INVITE_MAX_HOURS): 30 days. */
export const INVITE_MAX_HOURS = 720;

const STATUS_BADGE: Record<InviteView['status'], string> = {
  pending: 'badge-info',
  used: 'badge-ok',
  expired: 'badge-muted',
  cancelled: 'badge-muted',
};

/** The API's default expiry, sent when the field is emptied. */
export const INVITE_DEFAULT_HOURS = 24;

/** The request for the invite form's values; empty optional fields are left out. The API checks the hours (whole, 1–720). */
export function inviteRequest(form: { deviceName: string; note: string; hours: number | null; relayOnly: boolean }): CreateInviteRequest {
  const hours = form.hours !== null && Number.isFinite(form.hours) ? form.hours : INVITE_DEFAULT_HOURS;
  const body: CreateInviteRequest = { expiresInHours: hours, relayOnly: form.relayOnly };
  const deviceName = form.deviceName.trim();
  if (deviceName) body.deviceName = deviceName;
  const note = form.note.trim();
  if (note) body.note = note;
  return body;
}

/** Invites of the network (Member.Manage): the invite dialog and the list with cancel. */
@Component({
  selector: 'clan-mesh-invites',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, DatePipe, Dialog, ErrorBox, CopyBox, FocusOnInit, Icon],
  template: `
    <section class="panel" aria-labelledby="mesh-invites-title" data-testid="mesh-invites">
      <h2 id="mesh-invites-title" class="panel-header">
        Invites <span class="muted">({{ pending().length }} pending)</span>
        <span class="panel-header-actions">
          <button type="button" class="btn btn-small btn-primary" data-testid="mesh-invite-open" (click)="open()">
            <clan-icon name="plus" /> Invite a device
          </button>
        </span>
      </h2>
      <p class="muted small">
        An invite is a link that lets one device join, once, before it expires. The person opens it on the device; where the browser can,
        the device makes its own key and the panel never sees the private one.
      </p>
      <clan-error [error]="error()" />
      <div class="table-wrap">
        <table class="table table-cards table-compact">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Note</th>
              <th scope="col">Status</th>
              <th scope="col">Expires</th>
              <th scope="col"><span class="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            @for (invite of invites(); track invite.id) {
              <tr [attr.data-testid]="'invite-row-' + invite.id">
                <td data-label="Device">
                  {{ invite.usedByDevice ?? invite.deviceName ?? '(any name)' }}
                  @if (invite.relayOnly) {
                    <span class="badge badge-muted">phone</span>
                  }
                </td>
                <td data-label="Note">{{ invite.note || '—' }}</td>
                <td data-label="Status">
                  <span [class]="'badge ' + badge[invite.status]" [attr.data-testid]="'invite-status-' + invite.id">{{
                    invite.status
                  }}</span>
                  @if (invite.usedAt) {
                    <span class="muted small"> {{ invite.usedAt | date: 'yyyy-MM-dd HH:mm' }}</span>
                  }
                </td>
                <td data-label="Expires" class="nowrap">{{ invite.expiresAt | date: 'yyyy-MM-dd HH:mm' }}</td>
                <td class="actions">
                  @if (invite.status === 'pending') {
                    <button
                      type="button"
                      class="btn btn-small btn-danger-outline"
                      [attr.data-testid]="'invite-cancel-' + invite.id"
                      [disabled]="busy()"
                      (click)="cancel(invite)"
                    >
                      Cancel
                    </button>
                  }
                </td>
              </tr>
            } @empty {
              <tr class="empty-row">
                <td colspan="5">{{ loading() ? 'Loading invites…' : 'No invites yet.' }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    </section>

    @if (dialogOpen()) {
      <clan-dialog [heading]="created() ? 'Invite link' : 'Invite a device'" (closed)="close()">
        @if (created(); as c) {
          <div data-testid="invite-created">
            <div class="alert alert-warn" role="alert">
              This link is shown <strong>only once</strong>: the panel keeps only a hash of it. Send it to the person now; it works once,
              until {{ c.invite.expiresAt | date: 'yyyy-MM-dd HH:mm' }}.
            </div>
            <p class="subhead">Link</p>
            <clan-copy-box [value]="c.url" label="invite link" testId="invite-url" />
            <img
              class="qr"
              [src]="qrUrl(c.qrSvg)"
              width="200"
              height="200"
              alt="QR code of the invite link, for a phone's camera"
              data-testid="invite-qr"
            />
            @if (!c.invite.relayOnly) {
              <p class="subhead">A computer or server: with the agent</p>
              <clan-copy-box [value]="agentCommand(c.url)" label="agent command" testId="invite-agent-command" />
              <p class="hint" data-testid="invite-agent-hint">
                Run it on the device (Linux, with <code>clanctl</code> installed): it makes its own key, joins, and follows the mesh live,
                so blocking or removing a device reaches it at once. Phones use the link or its QR code instead.
              </p>
            }
            @if (c.nixLink) {
              <p class="subhead">The network's <code>nix://</code> link</p>
              <clan-copy-box [value]="c.nixLink" label="nix link" testId="invite-nix-link" />
            }
            <div class="dialog-actions">
              <button type="button" class="btn btn-primary" data-testid="invite-done" (click)="close()">Done</button>
            </div>
          </div>
        } @else {
          <form class="form" (ngSubmit)="create()">
            <div class="field">
              <label for="invite-device-name">Suggested device name <span class="muted">(optional)</span></label>
              <input
                id="invite-device-name"
                name="deviceName"
                data-testid="invite-device-name"
                maxlength="63"
                autocomplete="off"
                autocapitalize="none"
                spellcheck="false"
                placeholder="e.g. anna-phone"
                clanFocusOnInit
                [(ngModel)]="deviceName"
              />
            </div>
            <div class="field">
              <label for="invite-note">Note <span class="muted">(optional)</span></label>
              <input id="invite-note" name="note" data-testid="invite-note" maxlength="120" placeholder="Anna's phone" [(ngModel)]="note" />
            </div>
            <div class="field">
              <label for="invite-hours">Expires after (hours)</label>
              <div class="inline-form">
                <input
                  id="invite-hours"
                  name="hours"
                  type="number"
                  min="1"
                  [max]="maxHours"
                  step="1"
                  data-testid="invite-hours"
                  [(ngModel)]="hours"
                />
                <span class="segmented" role="group" aria-label="Expiry presets">
                  @for (p of presets; track p.hours) {
                    <button
                      type="button"
                      class="btn btn-small"
                      [attr.aria-pressed]="hours() === p.hours"
                      [attr.data-testid]="'invite-preset-' + p.hours"
                      (click)="hours.set(p.hours)"
                    >
                      {{ p.label }}
                    </button>
                  }
                </span>
              </div>
            </div>
            <div class="field">
              <label class="check">
                <input type="checkbox" name="relayOnly" data-testid="invite-phone" [(ngModel)]="relayOnly" />
                Phone (relay only)
              </label>
              <p class="hint">A small config that talks to the panel's relay only, so it fits the QR code of the WireGuard phone apps.</p>
            </div>
            <clan-error [error]="dialogError()" />
            <div class="dialog-actions">
              <button type="button" class="btn" (click)="close()">Cancel</button>
              <button type="submit" class="btn btn-primary" data-testid="invite-create" [disabled]="busy()">
                {{ busy() ? 'Creating…' : 'Create invite link' }}
              </button>
            </div>
          </form>
        }
      </clan-dialog>
    }
  `,
})
export class MeshInvitesPanel {
  readonly networkId = input.required<string>();
  /** Bumped by the Mesh tab on every refresh: the list follows (an invite gets used meanwhile). */
  readonly refresh = input(0);
  /** An invite was created (the tab may want to refresh too). */
  readonly changed = output<void>();

  private readonly api = inject(MeshApi);
  private readonly confirm = inject(Confirm);
  private readonly notifier = inject(Notifier);

  protected readonly presets = INVITE_PRESETS;
  protected readonly maxHours = INVITE_MAX_HOURS;
  protected readonly badge = STATUS_BADGE;
  protected readonly invites = signal<InviteView[]>([]);
  protected readonly pending = computed(() => this.invites().filter((i) => i.status === 'pending'));
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly dialogOpen = signal(false);
  protected readonly dialogError = signal<ErrorView | null>(null);
  /** The one answer that carries the link; cleared when the dialog closes, never stored elsewhere. */
  protected readonly created = signal<CreatedInviteView | null>(null);
  protected readonly deviceName = signal('');
  protected readonly note = signal('');
  protected readonly hours = signal<number | null>(INVITE_DEFAULT_HOURS);
  protected readonly relayOnly = signal(false);

  constructor() {
    effect(() => {
      const id = this.networkId();
      this.refresh();
      untracked(() => void this.load(id));
    });
  }

  protected agentCommand(url: string): string {
    return agentUpCommand(url);
  }

  protected qrUrl(svg: string): string {
    return svgDataUrl(svg);
  }

  protected open(): void {
    this.created.set(null);
    this.dialogError.set(null);
    this.deviceName.set('');
    this.note.set('');
    this.hours.set(INVITE_DEFAULT_HOURS);
    this.relayOnly.set(false);
    this.dialogOpen.set(true);
  }

  protected close(): void {
    this.dialogOpen.set(false);
    this.created.set(null);
  }

  protected async create(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.dialogError.set(null);
    try {
      const body = inviteRequest({ deviceName: this.deviceName(), note: this.note(), hours: this.hours(), relayOnly: this.relayOnly() });
      this.created.set(await this.api.createInvite(this.networkId(), body));
      this.changed.emit();
      await this.load(this.networkId());
    } catch (error) {
      this.dialogError.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async cancel(invite: InviteView): Promise<void> {
    const what = invite.deviceName ? `the invite for “${invite.deviceName}”` : 'this invite';
    const yes = await this.confirm.ask({
      title: 'Cancel invite',
      message: `Cancel ${what}? The link stops working at once.`,
      confirmLabel: 'Cancel invite',
      danger: true,
    });
    if (!yes) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.api.cancelInvite(this.networkId(), invite.id);
      this.notifier.ok('Invite cancelled.');
      await this.load(this.networkId());
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(networkId: string): Promise<void> {
    try {
      const invites = await this.api.invites(networkId);
      if (this.networkId() === networkId) this.invites.set(invites);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }
}
