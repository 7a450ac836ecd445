import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { NotificationTargetType } from '@clan/contracts';
import { describeError, type ErrorView } from '../../core/api/errors';
import { NetworkStore } from '../../core/networks/network-store';
import { NotificationsApi, type TargetView } from '../../core/notifications/notifications-api';
import { Dialog } from '../../shared/dialog';
import { ErrorBox } from '../../shared/error-box';
import { FocusOnInit } from '../../shared/focus-on-init';
import { emptyForm, formOf, type TargetForm, toCreateRequest, toUpdateRequest, TYPE_LABEL } from './target-form';

/**
 * Add or edit a target. Secret fields are write-only: the panel only says
 * whether one is stored ("set"); leaving the field empty keeps it.
 */
@Component({
  selector: 'clan-target-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Dialog, ErrorBox, FormsModule, FocusOnInit],
  template: `
    <clan-dialog [heading]="target() ? 'Edit “' + target()!.name + '”' : 'New notification target'" [wide]="true" (closed)="closed.emit()">
      <form class="form" (ngSubmit)="save()" data-testid="target-form">
        @if (!target()) {
          <fieldset class="field">
            <legend>Type</legend>
            <div class="segmented" role="radiogroup" aria-label="Target type">
              @for (type of types; track type) {
                <label class="check">
                  <input
                    type="radio"
                    name="type"
                    [value]="type"
                    [checked]="form().type === type"
                    [attr.data-testid]="'target-type-' + type"
                    (change)="setType(type)"
                  />
                  {{ typeLabel[type] }}
                </label>
              }
            </div>
          </fieldset>
        }
        <div class="field">
          <label for="target-name">Name</label>
          <input
            id="target-name"
            name="name"
            data-testid="target-name"
            required
            maxlength="100"
            clanFocusOnInit
            [(ngModel)]="form().name"
          />
        </div>

        @switch (form().type) {
          @case ('webhook') {
            <div class="field">
              <label for="webhook-url">URL</label>
              <input
                id="webhook-url"
                name="url"
                type="url"
                data-testid="webhook-url"
                required
                maxlength="2000"
                placeholder="https://…"
                [(ngModel)]="form().webhook.url"
              />
              <small class="hint">The panel POSTs JSON here (docs/notifications.md); redirects are not followed.</small>
            </div>
            <div class="grid-2">
              <div class="field">
                <label for="webhook-header">Secret header <span class="muted">(optional)</span></label>
                <input
                  id="webhook-header"
                  name="headerName"
                  data-testid="webhook-header-name"
                  maxlength="64"
                  placeholder="Authorization"
                  [(ngModel)]="form().webhook.headerName"
                />
              </div>
              <div class="field">
                <label for="webhook-header-value">Header value</label>
                <input
                  id="webhook-header-value"
                  name="headerSecret"
                  type="password"
                  autocomplete="new-password"
                  data-testid="webhook-header-secret"
                  maxlength="2000"
                  [placeholder]="placeholder(target()?.webhook?.headerSecretSet)"
                  [(ngModel)]="form().webhook.headerSecret.value"
                />
                @if (target()?.webhook?.headerSecretSet) {
                  <label class="check small"
                    ><input type="checkbox" name="clearHeader" [(ngModel)]="form().webhook.headerSecret.clear" /> Remove it</label
                  >
                }
              </div>
            </div>
            <div class="field">
              <label for="webhook-signing">Signing secret <span class="muted">(optional)</span></label>
              <input
                id="webhook-signing"
                name="signingSecret"
                type="password"
                autocomplete="new-password"
                data-testid="webhook-signing-secret"
                maxlength="200"
                [placeholder]="placeholder(target()?.webhook?.signingSecretSet)"
                [(ngModel)]="form().webhook.signingSecret.value"
              />
              <small class="hint">Requests then carry <code>X-Clan-Signature-256</code>: an HMAC-SHA256 of the timestamp and body.</small>
              @if (target()?.webhook?.signingSecretSet) {
                <label class="check small"
                  ><input type="checkbox" name="clearSigning" [(ngModel)]="form().webhook.signingSecret.clear" /> Remove it</label
                >
              }
            </div>
          }
          @case ('ntfy') {
            <div class="grid-2">
              <div class="field">
                <label for="ntfy-server">Server</label>
                <input
                  id="ntfy-server"
                  name="server"
                  type="url"
                  data-testid="ntfy-server"
                  maxlength="2000"
                  [(ngModel)]="form().ntfy.server"
                />
              </div>
              <div class="field">
                <label for="ntfy-topic">Topic</label>
                <input
                  id="ntfy-topic"
                  name="topic"
                  data-testid="ntfy-topic"
                  required
                  maxlength="64"
                  pattern="[-_A-Za-z0-9]+"
                  [(ngModel)]="form().ntfy.topic"
                />
                <small class="hint">On a public server the topic name is the password: pick one nobody guesses.</small>
              </div>
            </div>
            <div class="field">
              <label for="ntfy-token">Access token <span class="muted">(optional)</span></label>
              <input
                id="ntfy-token"
                name="token"
                type="password"
                autocomplete="new-password"
                data-testid="ntfy-token"
                maxlength="200"
                [placeholder]="placeholder(target()?.ntfy?.tokenSet)"
                [(ngModel)]="form().ntfy.token.value"
              />
              @if (target()?.ntfy?.tokenSet) {
                <label class="check small"
                  ><input type="checkbox" name="clearToken" [(ngModel)]="form().ntfy.token.clear" /> Remove it</label
                >
              }
            </div>
          }
          @case ('email') {
            <div class="grid-2">
              <div class="field">
                <label for="email-host">SMTP server</label>
                <input id="email-host" name="host" data-testid="email-host" required maxlength="253" [(ngModel)]="form().email.host" />
              </div>
              <div class="field">
                <label for="email-port">Port</label>
                <input
                  id="email-port"
                  name="port"
                  type="number"
                  min="1"
                  max="65535"
                  data-testid="email-port"
                  required
                  [(ngModel)]="form().email.port"
                />
              </div>
            </div>
            <label class="check"
              ><input type="checkbox" name="secure" data-testid="email-secure" [(ngModel)]="form().email.secure" /> TLS from the start
              (usually port 465); otherwise STARTTLS when offered</label
            >
            <div class="grid-2">
              <div class="field">
                <label for="email-user">User <span class="muted">(optional)</span></label>
                <input
                  id="email-user"
                  name="username"
                  autocomplete="off"
                  data-testid="email-username"
                  maxlength="200"
                  [(ngModel)]="form().email.username"
                />
              </div>
              <div class="field">
                <label for="email-password">Password</label>
                <input
                  id="email-password"
                  name="password"
                  type="password"
                  autocomplete="new-password"
                  data-testid="email-password"
                  maxlength="500"
                  [placeholder]="placeholder(target()?.email?.passwordSet)"
                  [(ngModel)]="form().email.password.value"
                />
                @if (target()?.email?.passwordSet) {
                  <label class="check small"
                    ><input type="checkbox" name="clearPassword" [(ngModel)]="form().email.password.clear" /> Remove it</label
                  >
                }
              </div>
            </div>
            <div class="grid-2">
              <div class="field">
                <label for="email-from">From</label>
                <input
                  id="email-from"
                  name="from"
                  data-testid="email-from"
                  required
                  maxlength="254"
                  placeholder="cLAN panel &lt;panel@example.org&gt;"
                  [(ngModel)]="form().email.from"
                />
              </div>
              <div class="field">
                <label for="email-to">To</label>
                <input
                  id="email-to"
                  name="to"
                  data-testid="email-to"
                  required
                  placeholder="anna@example.org, ben@example.org"
                  [(ngModel)]="form().email.to"
                />
              </div>
            </div>
          }
        }

        <fieldset class="field">
          <legend>Which notifications</legend>
          <div class="grid-2">
            <div class="field">
              <label for="target-severity">At least</label>
              <select id="target-severity" name="minSeverity" data-testid="target-min-severity" [(ngModel)]="form().minSeverity">
                <option value="info">Info (everything)</option>
                <option value="warning">Warning</option>
                <option value="critical">Critical only</option>
              </select>
            </div>
            <div class="field">
              <label for="target-kinds">Kinds <span class="muted">(empty: all)</span></label>
              <input
                id="target-kinds"
                name="kinds"
                data-testid="target-kinds"
                list="target-known-kinds"
                placeholder="backup.*"
                [(ngModel)]="form().kinds"
              />
              <datalist id="target-known-kinds">
                @for (kind of knownKinds(); track kind) {
                  <option [value]="kind"></option>
                }
              </datalist>
            </div>
          </div>
          @if (hostLevel()) {
            <label class="check"
              ><input type="checkbox" name="allNetworks" data-testid="target-all-networks" [(ngModel)]="form().allNetworks" /> Every network
              (and host-wide notifications)</label
            >
            @if (!form().allNetworks) {
              <div class="badge-list" data-testid="target-networks">
                @for (network of networks.sorted(); track network.id) {
                  <label class="check">
                    <input
                      type="checkbox"
                      [name]="'net-' + network.id"
                      [checked]="form().networkIds.includes(network.id)"
                      (change)="toggleNetwork(network.id)"
                    />
                    {{ network.name }}
                  </label>
                }
              </div>
            }
          }
          <label class="check"
            ><input type="checkbox" name="enabled" data-testid="target-enabled" [(ngModel)]="form().enabled" /> Enabled</label
          >
        </fieldset>

        <clan-error [error]="error()" />
        <div class="dialog-actions">
          <button type="button" class="btn" (click)="closed.emit()">Cancel</button>
          <button type="submit" class="btn btn-primary" data-testid="target-save" [disabled]="busy() || !form().name.trim()">
            {{ busy() ? 'Saving…' : target() ? 'Save' : 'Add target' }}
          </button>
        </div>
      </form>
    </clan-dialog>
  `,
})
export class TargetDialog implements OnInit {
  /** null: host-level targets; else the network's. */
  readonly networkId = input<string | null>(null);
  /** The target to edit; null to add one. */
  readonly target = input<TargetView | null>(null);
  readonly knownKinds = input<string[]>([]);
  readonly saved = output<TargetView>();
  readonly closed = output<void>();

  protected readonly types: NotificationTargetType[] = ['webhook', 'ntfy', 'email'];
  protected readonly typeLabel = TYPE_LABEL;
  protected readonly networks = inject(NetworkStore);
  protected readonly form = signal<TargetForm>(emptyForm());
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly hostLevel = computed(() => this.networkId() === null);
  private readonly api = inject(NotificationsApi);

  ngOnInit(): void {
    const t = this.target();
    if (t) this.form.set(formOf(t));
  }

  protected placeholder(isSet: boolean | undefined): string {
    return isSet ? 'set — leave empty to keep' : 'not set';
  }

  protected setType(type: NotificationTargetType): void {
    this.form.update((f) => ({ ...f, type }));
  }

  protected toggleNetwork(id: string): void {
    this.form.update((f) => ({
      ...f,
      networkIds: f.networkIds.includes(id) ? f.networkIds.filter((n) => n !== id) : [...f.networkIds, id],
    }));
  }

  protected async save(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const t = this.target();
      const f = this.form();
      const result = t
        ? await this.api.updateTarget(this.networkId(), t.id, toUpdateRequest(f, this.hostLevel()))
        : await this.api.createTarget(this.networkId(), toCreateRequest(f, this.hostLevel()));
      this.saved.emit(result);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
