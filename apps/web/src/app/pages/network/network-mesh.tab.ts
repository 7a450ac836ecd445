import { ChangeDetectionStrategy, Component, DOCUMENT, DestroyRef, computed, effect, inject, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { describeError, type ErrorView } from '../../core/api/errors';
import { Confirm } from '../../core/ui/confirm';
import { Notifier } from '../../core/ui/notifier';
import { Dialog } from '../../shared/dialog';
import { ErrorBox } from '../../shared/error-box';
import { FocusOnInit } from '../../shared/focus-on-init';
import { Icon } from '../../shared/icon';
import { ProgressBar } from '../../shared/progress-bar';
import { NetworkContext } from './network-context';
import { MeshApi, type CreateDeviceRequest, type MeshPeerView, type MeshRemovalView, type MeshView } from './network-mesh.api';
import { cutNotice, type CutNotice } from './network-mesh-agent';
import { MeshAgentCell } from './network-mesh-agent.cell';
import { configFileName, downloadText, svgDataUrl } from './network-mesh-files';
import { ago, formatBytes, handshakeText, onlineState, removalProgress } from './network-mesh-format';
import { knownGroups } from './network-mesh-groups';
import { MeshGroupsDialog } from './network-mesh-groups.dialog';
import { MeshInvitesPanel } from './network-mesh-invites.panel';
import { MeshRulesPanel } from './network-mesh-rules.panel';

/** How often the tab re-reads the mesh while the page is visible (online state, removal pick-up). */
export const MESH_REFRESH_MS = 10_000;

const KIND_BADGE: Record<MeshPeerView['kind'], string> = { device: 'badge-info', machine: 'badge-muted', host: 'badge-ok' };

/** The create-device request from the form; optional fields only when filled. */
export function deviceRequest(form: { name: string; publicKey: string; endpoint: string; relayOnly: boolean }): CreateDeviceRequest {
  const body: CreateDeviceRequest = { name: form.name.trim() };
  const publicKey = form.publicKey.trim();
  if (publicKey) body.publicKey = publicKey;
  const endpoint = form.endpoint.trim();
  if (endpoint) body.endpoint = endpoint;
  if (form.relayOnly) body.relayOnly = true;
  return body;
}

@Component({
  selector: 'clan-network-mesh-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormsModule,
    Dialog,
    ErrorBox,
    FocusOnInit,
    Icon,
    ProgressBar,
    MeshAgentCell,
    MeshGroupsDialog,
    MeshInvitesPanel,
    MeshRulesPanel,
  ],
  styles: `
    .mesh-dot[data-state='online'] {
      background: var(--ok);
    }
    .mesh-dot[data-state='offline'] {
      background: var(--danger);
    }
    .mesh-removal + .mesh-removal {
      margin-top: 12px;
    }
    .mesh-removal .progress {
      max-width: 320px;
    }
    /* A blocked device stays listed, greyed, with its Unblock button at full strength. */
    tr.mesh-blocked td:not(.actions) {
      opacity: 0.55;
    }
    /* Two buttons a row on a desktop rather than a table wider than the page. */
    td.mesh-actions {
      min-width: 150px;
      white-space: normal;
    }
    .mesh-actions .btn {
      margin: 2px;
    }
    .mesh-status {
      min-width: 8.5em;
    }
    .mesh-groups-edit {
      margin-left: 6px;
    }
    .mesh-cut-summary {
      margin-left: 4px;
    }
    .mesh-cut p {
      margin: 0 0 4px;
    }
    .mesh-cut .btn {
      margin-top: 4px;
    }
  `,
  template: `
    <div data-testid="mesh-tab">
      <section class="panel" aria-labelledby="mesh-title">
        <h2 id="mesh-title" class="panel-header">
          Mesh VPN
          <span class="panel-header-actions">
            <button type="button" class="btn btn-small" data-testid="mesh-refresh" [disabled]="loading()" (click)="refresh()">
              <clan-icon name="refresh" /> Refresh
            </button>
          </span>
        </h2>
        <clan-error [error]="error()" />
        @if (mesh(); as m) {
          <dl class="props" data-testid="mesh-ranges">
            <dt>IPv4 range</dt>
            <dd>
              <code>{{ m.ipv4Cidr }}</code>
            </dd>
            <dt>IPv6 prefix</dt>
            <dd>
              <code>{{ m.ipv6Prefix }}</code>
            </dd>
            <dt>Names</dt>
            <dd>
              <code>&lt;device&gt;.{{ context.network()?.name ?? 'network' }}.clan</code>
            </dd>
            <dt>Revision</dt>
            <dd>{{ m.revision }}</dd>
            <dt>Host interface</dt>
            <dd data-testid="mesh-host">
              @if (m.host; as h) {
                <code>{{ h.interfaceName }}</code> · port {{ h.listenPort }}
                @if (h.endpoint) {
                  · devices dial <code>{{ h.endpoint }}</code>
                }
                @if (h.error) {
                  <span class="badge badge-danger">not running</span>
                } @else if (h.appliedRevision < m.revision) {
                  <span class="badge badge-warn">applying revision {{ m.revision }}</span>
                } @else {
                  <span class="badge badge-ok">up to date</span>
                }
              } @else {
                <span class="muted">none: the panel host runs no interface in this network</span>
              }
            </dd>
          </dl>
          @if (m.host?.error; as problem) {
            <div class="alert alert-danger" role="alert" data-testid="mesh-host-error">
              <p><strong>The host's mesh interface is not running.</strong> {{ problem }}</p>
              <p class="alert-meta">Devices without their own endpoint cannot reach each other until it runs; online state is unknown.</p>
            </div>
          } @else if (!m.host) {
            <div class="alert alert-info" role="status" data-testid="mesh-host-none">
              Without the host's interface the panel cannot see handshakes (online state is unknown) and devices without an endpoint have no
              relay.
            </div>
          }
        } @else if (loading()) {
          <p class="muted">Loading the mesh…</p>
        }
      </section>

      @if (removals().length) {
        <section class="panel" aria-labelledby="mesh-removals-title" data-testid="mesh-removals">
          <h2 id="mesh-removals-title" class="panel-header">Removals and who has picked them up</h2>
          <p class="muted small">
            A removed key stops working on a peer once that peer has the new configuration. Peers that are offline keep trusting it until
            they sync.
          </p>
          @for (r of removals(); track r.name + r.revokedAt) {
            <div class="mesh-removal" [attr.data-testid]="'mesh-removal-' + r.name">
              <p>
                <strong>{{ r.name }}</strong> <span class="muted">({{ r.kind }}) removed {{ agoText(r.revokedAt) }}</span> —
                <span [attr.data-testid]="'mesh-removal-text-' + r.name">{{ progressOf(r).text }}</span>
              </p>
              <clan-progress
                [value]="progressOf(r).percent"
                [tone]="progressOf(r).done ? 'ok' : 'info'"
                [label]="'Peers updated after removing ' + r.name"
                [attr.data-testid]="'mesh-removal-progress-' + r.name"
              />
              @if (progressOf(r).waiting.length) {
                <p class="small" [attr.data-testid]="'mesh-removal-waiting-' + r.name">
                  Still trusting its key until they sync: <strong>{{ progressOf(r).waiting.join(', ') }}</strong>
                </p>
              }
            </div>
          }
        </section>
      }

      <section class="panel" aria-labelledby="mesh-peers-title">
        <h2 id="mesh-peers-title" class="panel-header">
          Peers <span class="muted">({{ active().length }})</span>
          @if (context.canManageMembers()) {
            <span class="panel-header-actions">
              <button type="button" class="btn btn-small btn-primary" data-testid="mesh-add-device" (click)="openAdd()">
                <clan-icon name="plus" /> Add device
              </button>
            </span>
          }
        </h2>
        @if (cut(); as c) {
          <div class="alert mesh-cut" [class.alert-info]="c.complete" [class.alert-warn]="!c.complete" role="status" data-testid="mesh-cut">
            <p>
              <strong>{{ c.title }}</strong>
              @if (c.summary) {
                <span class="mesh-cut-summary" data-testid="mesh-cut-summary">{{ c.summary }}</span>
              }
            </p>
            @if (c.pending.length) {
              <p class="small" data-testid="mesh-cut-pending">
                Not confirmed yet (online, the panel keeps sending it): <strong>{{ c.pending.join(', ') }}</strong>
              </p>
            }
            @if (c.offline.length) {
              <p class="small" data-testid="mesh-cut-offline">
                Offline, get it first thing when they reconnect: <strong>{{ c.offline.join(', ') }}</strong>
              </p>
            }
            <button type="button" class="btn btn-small" data-testid="mesh-cut-dismiss" (click)="cut.set(null)">Dismiss</button>
          </div>
        }
        <div class="table-wrap">
          <table class="table table-cards" data-testid="mesh-peers">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Addresses</th>
                <th scope="col" title="Handshakes with the host's interface, and the traffic through it">Status</th>
                <th scope="col">Agent</th>
                <th scope="col">Groups</th>
                @if (context.canManageMembers()) {
                  <th scope="col"><span class="sr-only">Actions</span></th>
                }
              </tr>
            </thead>
            <tbody>
              @for (peer of active(); track peer.publicKey) {
                <tr [attr.data-testid]="'mesh-peer-row-' + peer.name" [class.mesh-blocked]="peer.blocked">
                  <td data-label="Name">
                    <strong>{{ peer.name }}</strong>
                    @if (peer.blocked) {
                      <span
                        class="badge badge-danger"
                        [attr.data-testid]="'mesh-blocked-' + peer.name"
                        [title]="'Blocked ' + agoText(peer.blockedAt) + ': out of the mesh until unblocked.'"
                        >blocked</span
                      >
                    }
                    @if (peer.pendingSync) {
                      <span
                        class="badge badge-warn"
                        [attr.data-testid]="'mesh-pending-' + peer.name"
                        title="Still on an older configuration: until it syncs it may still trust removed peers."
                        >pending sync</span
                      >
                    }
                    @if (peer.relay) {
                      <span class="badge badge-muted">relay</span>
                    }
                    @if (peer.relayOnly) {
                      <span class="badge badge-muted">relay only</span>
                    }
                  </td>
                  <td data-label="Kind">
                    <span [class]="'badge ' + kindBadge[peer.kind]">{{ peer.kind }}</span>
                  </td>
                  <td data-label="Addresses" class="mono small">{{ peer.ipv4 }}<br />{{ peer.ipv6 }}</td>
                  <td data-label="Status" class="mesh-status" [attr.data-testid]="'mesh-peer-status-' + peer.name">
                    <span class="status-dot mesh-dot" [attr.data-state]="stateOf(peer)" aria-hidden="true"></span>
                    <span class="sr-only">{{ stateOf(peer) }}, </span>{{ handshake(peer) }}
                    @if (peer.rxBytes !== null || peer.txBytes !== null) {
                      <br /><span class="muted small nowrap" [attr.data-testid]="'mesh-traffic-' + peer.name"
                        >rx {{ bytes(peer.rxBytes) }} · tx {{ bytes(peer.txBytes) }}</span
                      >
                    }
                  </td>
                  <td data-label="Agent">
                    @if (peer.kind === 'device' || peer.agent) {
                      <clan-mesh-agent-cell [peer]="peer" [revision]="revision()" [now]="now()" [namesByKey]="namesByKey()" />
                    } @else {
                      <span class="muted" title="Machines get their config with every deploy.">—</span>
                    }
                  </td>
                  <td data-label="Groups" [attr.data-testid]="'mesh-groups-' + peer.name">
                    @if (peer.groups.length) {
                      <span class="badge-list">
                        @for (g of peer.groups; track g) {
                          <span class="badge badge-info">{{ g }}</span>
                        }
                      </span>
                    } @else {
                      <span class="muted">—</span>
                    }
                    @if (context.canManageMembers() && peer.kind !== 'host') {
                      <button
                        type="button"
                        class="btn btn-small mesh-groups-edit"
                        [attr.data-testid]="'mesh-groups-edit-' + peer.name"
                        [attr.aria-label]="'Edit the groups of ' + peer.name"
                        [disabled]="busy()"
                        (click)="groupsFor.set(peer)"
                      >
                        Edit
                      </button>
                    }
                  </td>
                  @if (context.canManageMembers()) {
                    <td class="actions mesh-actions">
                      @if (peer.kind === 'device' && peer.blocked) {
                        <button
                          type="button"
                          class="btn btn-small btn-primary"
                          [attr.data-testid]="'mesh-unblock-' + peer.name"
                          [disabled]="busy()"
                          (click)="unblock(peer)"
                        >
                          Unblock
                        </button>
                      } @else if (peer.kind === 'device') {
                        <button
                          type="button"
                          class="btn btn-small"
                          [attr.data-testid]="'mesh-config-' + peer.name"
                          [title]="peer.panelHoldsKey ? configTitle.withKey : configTitle.placeholder"
                          [disabled]="busy()"
                          (click)="downloadConfig(peer)"
                        >
                          Config
                        </button>
                        @if (peer.panelHoldsKey) {
                          <button
                            type="button"
                            class="btn btn-small"
                            [attr.data-testid]="'mesh-qr-' + peer.name"
                            [disabled]="busy()"
                            (click)="showQr(peer)"
                          >
                            QR code
                          </button>
                        }
                        <button
                          type="button"
                          class="btn btn-small btn-danger-outline"
                          [attr.data-testid]="'mesh-block-' + peer.name"
                          [disabled]="busy()"
                          (click)="block(peer)"
                        >
                          Block
                        </button>
                      }
                      @if (peer.kind === 'device') {
                        <button
                          type="button"
                          class="btn btn-small btn-danger-outline"
                          [attr.data-testid]="'mesh-remove-' + peer.name"
                          [disabled]="busy()"
                          (click)="remove(peer)"
                        >
                          Remove
                        </button>
                      }
                    </td>
                  }
                </tr>
              } @empty {
                <tr class="empty-row">
                  <td colspan="7">{{ loading() ? 'Loading peers…' : 'No peers yet: add a device or invite one.' }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        @if (revoked().length) {
          <details class="revoked">
            <summary>Removed ({{ revoked().length }})</summary>
            <ul>
              @for (peer of revoked(); track peer.publicKey) {
                <li [attr.data-testid]="'mesh-revoked-' + peer.name">
                  <strong>{{ peer.name }}</strong> <span class="muted">{{ peer.kind }}, removed {{ agoText(peer.revokedAt) }}</span>
                </li>
              }
            </ul>
          </details>
        }
      </section>

      @if (context.canManageMembers()) {
        @if (context.networkId(); as id) {
          <clan-mesh-invites [networkId]="id" [refresh]="tick()" (changed)="refresh()" />
        }
      }
      @if (context.networkId(); as id) {
        <clan-mesh-rules
          [networkId]="id"
          [canManage]="context.canManageMembers()"
          [knownGroups]="groups()"
          [machineGroups]="machineGroups()"
        />
      }
    </div>

    @if (addOpen()) {
      <clan-dialog heading="Add device" (closed)="addOpen.set(false)">
        <form class="form" (ngSubmit)="addDevice()">
          <div class="field">
            <label for="mesh-device-name">Name</label>
            <input
              id="mesh-device-name"
              name="name"
              data-testid="mesh-device-name"
              required
              maxlength="63"
              autocomplete="off"
              autocapitalize="none"
              spellcheck="false"
              clanFocusOnInit
              aria-describedby="mesh-device-name-hint"
              [(ngModel)]="newName"
            />
            <small id="mesh-device-name-hint" class="hint"
              >Lower-case letters, digits and dashes; it becomes
              <code>{{ newName() || 'name' }}.{{ context.network()?.name }}.clan</code>.</small
            >
          </div>
          <div class="field">
            <label for="mesh-device-key">Its own public key <span class="muted">(optional)</span></label>
            <input
              id="mesh-device-key"
              name="publicKey"
              data-testid="mesh-device-key"
              maxlength="44"
              autocomplete="off"
              spellcheck="false"
              class="mono"
              aria-describedby="mesh-device-key-hint"
              [(ngModel)]="newKey"
            />
            <small id="mesh-device-key-hint" class="hint"
              >From <code>wg genkey | tee private.key | wg pubkey</code> on the device: the panel then never sees its private key. Empty:
              the panel makes the pair.</small
            >
          </div>
          <div class="field">
            <label for="mesh-device-endpoint">Endpoint <span class="muted">(optional)</span></label>
            <input
              id="mesh-device-endpoint"
              name="endpoint"
              data-testid="mesh-device-endpoint"
              maxlength="262"
              autocomplete="off"
              placeholder="203.0.113.7:51820"
              [(ngModel)]="newEndpoint"
            />
            <small class="hint">Where other peers can reach it (<code>host:port</code>); leave empty when they cannot.</small>
          </div>
          <div class="field">
            <label class="check">
              <input type="checkbox" name="relayOnly" data-testid="mesh-device-relay-only" [(ngModel)]="newRelayOnly" />
              Phone (relay only): a small config that fits a QR code
            </label>
          </div>
          <clan-error [error]="addError()" />
          <div class="dialog-actions">
            <button type="button" class="btn" (click)="addOpen.set(false)">Cancel</button>
            <button type="submit" class="btn btn-primary" data-testid="mesh-device-create" [disabled]="busy() || !newName().trim()">
              {{ busy() ? 'Adding…' : 'Add device' }}
            </button>
          </div>
        </form>
      </clan-dialog>
    }

    @if (groupsFor(); as p) {
      @if (context.networkId(); as id) {
        <clan-mesh-groups-dialog
          [networkId]="id"
          [peer]="p"
          [known]="groups()"
          (saved)="groupsSaved($event)"
          (closed)="groupsFor.set(null)"
        />
      }
    }

    @if (qr(); as q) {
      <clan-dialog [heading]="'QR code of ' + q.name" (closed)="qr.set(null)">
        <div class="alert alert-warn" role="status">This code holds the device's private key: show it only to that device.</div>
        <p class="muted small">
          Scan it with the {{ layerTitle() }} app{{ layerTitle() === 'WireGuard' ? ' (Add tunnel → Scan from QR code)' : '' }}.
        </p>
        <img
          class="qr"
          [src]="q.url"
          width="200"
          height="200"
          [alt]="'QR code of the ' + layerTitle() + ' configuration of ' + q.name"
          data-testid="mesh-qr-image"
        />
        <div class="dialog-actions">
          <button type="button" class="btn btn-primary" (click)="qr.set(null)">Done</button>
        </div>
      </clan-dialog>
    }
  `,
})
export class NetworkMeshTab {
  protected readonly context = inject(NetworkContext);
  private readonly api = inject(MeshApi);
  private readonly confirm = inject(Confirm);
  private readonly notifier = inject(Notifier);
  private readonly doc = inject(DOCUMENT);

  protected readonly kindBadge = KIND_BADGE;
  protected readonly configTitle = {
    withKey: 'Download the wg-quick file (it holds the private key)',
    placeholder: 'The device made its own key: the file has {{PRIVATE_KEY}} where the device puts it',
  };
  protected readonly mesh = signal<MeshView | null>(null);
  protected readonly loading = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  /** When the mesh was last read: handshake ages are relative to it (and move on with every refresh). */
  protected readonly now = signal(Date.now());
  /** Bumped on every refresh; the invites list follows it. */
  protected readonly tick = signal(0);

  /** The network's mesh layer: its name, and the config form files are downloaded in (its first). */
  protected readonly layerTitle = computed(() => this.mesh()?.layer.title ?? 'WireGuard');
  protected readonly active = computed(() => (this.mesh()?.peers ?? []).filter((p) => !p.revoked));
  protected readonly revoked = computed(() => (this.mesh()?.peers ?? []).filter((p) => p.revoked));
  protected readonly removals = computed(() => this.mesh()?.removals ?? []);
  protected readonly revision = computed(() => this.mesh()?.revision ?? 0);
  /** Groups already used in the network: suggestions for the groups dialog and the rules editor. */
  protected readonly groups = computed(() => knownGroups(this.active()));
  /** Each machine's groups, so the rules summary knows which machines a `to.groups` reaches. */
  protected readonly machineGroups = computed(() =>
    Object.fromEntries(this.active().flatMap((p) => (p.kind === 'machine' ? [[p.name, p.groups] as const] : []))),
  );
  protected readonly namesByKey = computed(() => new Map((this.mesh()?.peers ?? []).map((p) => [p.publicKey, p.name] as const)));
  /** What the last removal, block or unblock reached (the API's summary), until dismissed. */
  protected readonly cut = signal<CutNotice | null>(null);
  protected readonly groupsFor = signal<MeshPeerView | null>(null);

  protected readonly addOpen = signal(false);
  protected readonly addError = signal<ErrorView | null>(null);
  protected readonly newName = signal('');
  protected readonly newKey = signal('');
  protected readonly newEndpoint = signal('');
  protected readonly newRelayOnly = signal(false);
  protected readonly qr = signal<{ name: string; url: string } | null>(null);

  constructor() {
    effect(() => {
      const id = this.context.networkId();
      if (id) untracked(() => void this.load(id));
    });
    this.startAutoRefresh();
  }

  protected stateOf(peer: MeshPeerView) {
    return onlineState(peer);
  }

  protected handshake(peer: MeshPeerView): string {
    // The host's own row: its interface runs or not; it has no handshake with itself.
    if (peer.kind === 'host' && peer.online !== null) return peer.online ? 'interface running' : 'interface not running';
    return handshakeText(peer, this.now());
  }

  protected bytes(n: number | null): string {
    return formatBytes(n);
  }

  protected agoText(iso: string | null): string {
    return ago(iso, this.now());
  }

  protected progressOf(removal: MeshRemovalView) {
    return removalProgress(removal);
  }

  refresh(): void {
    const id = this.context.networkId();
    if (id) void this.load(id);
  }

  protected openAdd(): void {
    this.newName.set('');
    this.newKey.set('');
    this.newEndpoint.set('');
    this.newRelayOnly.set(false);
    this.addError.set(null);
    this.addOpen.set(true);
  }

  protected async addDevice(): Promise<void> {
    const id = this.context.networkId();
    if (!id || this.busy()) return;
    this.busy.set(true);
    this.addError.set(null);
    try {
      const body = deviceRequest({
        name: this.newName(),
        publicKey: this.newKey(),
        endpoint: this.newEndpoint(),
        relayOnly: this.newRelayOnly(),
      });
      const device = await this.api.createDevice(id, body);
      this.addOpen.set(false);
      this.notifier.ok(
        device.panelHoldsKey
          ? `${device.name} added at ${device.ipv4}. Download its config or show its QR code from the table.`
          : `${device.name} added at ${device.ipv4} with its own key.`,
      );
      await this.load(id);
    } catch (error) {
      this.addError.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async downloadConfig(peer: MeshPeerView): Promise<void> {
    await this.run(async (id) => {
      const format = this.mesh()?.layer.configFormats[0];
      const text = await this.api.deviceConfig(id, peer.name, format);
      downloadText(this.doc, configFileName(peer.name, format), text);
    });
  }

  protected async showQr(peer: MeshPeerView): Promise<void> {
    await this.run(async (id) => {
      const svg = await this.api.deviceQr(id, peer.name);
      this.qr.set({ name: peer.name, url: svgDataUrl(svg) });
    });
  }

  protected async remove(peer: MeshPeerView): Promise<void> {
    const others = this.active().filter((p) => p.name !== peer.name).length;
    const yes = await this.confirm.ask({
      title: `Remove ${peer.name}`,
      message:
        `Remove the device “${peer.name}” (${peer.ipv4 ?? 'no address'}) from the mesh? Its key is revoked, its address freed, and ` +
        `the ${others} other ${others === 1 ? 'peer gets' : 'peers get'} a configuration without it (devices with the agent at once). ` +
        'Peers that are offline keep trusting the key until they sync; this page shows who has picked up the change.',
      confirmLabel: `Remove ${peer.name}`,
      danger: true,
    });
    if (!yes) return;
    await this.run(async (id) => {
      const change = await this.api.revokeDevice(id, peer.name);
      this.cut.set(cutNotice(peer.name, 'removed', change.cut));
      await this.load(id);
    });
  }

  protected async block(peer: MeshPeerView): Promise<void> {
    const yes = await this.confirm.ask({
      title: `Block ${peer.name}`,
      message:
        `Block the device “${peer.name}”? It is out of the mesh at once, everywhere: the host and every connected device drop its key ` +
        'now, devices that are offline as soon as they reconnect. It keeps its address, key and groups, so this can be undone with Unblock.',
      confirmLabel: `Block ${peer.name}`,
      danger: true,
    });
    if (!yes) return;
    await this.run(async (id) => {
      const change = await this.api.blockDevice(id, peer.name);
      this.cut.set(cutNotice(peer.name, 'blocked', change.cut));
      await this.load(id);
    });
  }

  protected async unblock(peer: MeshPeerView): Promise<void> {
    await this.run(async (id) => {
      const change = await this.api.unblockDevice(id, peer.name);
      this.cut.set(cutNotice(peer.name, 'unblocked', change.cut));
      await this.load(id);
    });
  }

  protected async groupsSaved(peer: MeshPeerView): Promise<void> {
    this.groupsFor.set(null);
    this.notifier.ok(peer.groups.length ? `Groups of ${peer.name}: ${peer.groups.join(', ')}.` : `${peer.name} is in no group now.`);
    const id = this.context.networkId();
    if (id) await this.load(id);
  }

  private async run(action: (networkId: string) => Promise<void>): Promise<void> {
    const id = this.context.networkId();
    if (!id || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await action(id);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(networkId: string): Promise<void> {
    this.loading.set(true);
    try {
      const mesh = await this.api.mesh(networkId);
      if (this.context.networkId() !== networkId) return;
      this.mesh.set(mesh);
      this.now.set(Date.now());
      this.error.set(null);
      this.tick.update((n) => n + 1);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }

  /** Every MESH_REFRESH_MS while the page is visible, and at once when it becomes visible again. */
  private startAutoRefresh(): void {
    const timer = setInterval(() => {
      if (!this.doc.hidden && !this.busy()) this.refresh();
    }, MESH_REFRESH_MS);
    const onVisible = () => {
      if (!this.doc.hidden) this.refresh();
    };
    this.doc.addEventListener('visibilitychange', onVisible);
    inject(DestroyRef).onDestroy(() => {
      clearInterval(timer);
      this.doc.removeEventListener('visibilitychange', onVisible);
    });
  }
}
