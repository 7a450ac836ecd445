import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import type { MetricsRange } from '@clan/contracts';
import { ClanApi } from '../../core/api/clan-api';
import type { WriteResult } from '../../core/api/config-types';
import { describeError, type ErrorView } from '../../core/api/errors';
import { CatalogStore } from '../../core/config/catalog-store';
import { ADMIN_MODE_TEXT } from '../../core/config/control-modes';
import { isPlainObject, leaves } from '../../core/config/json-path';
import { NetworkStore } from '../../core/networks/network-store';
import { Notifier } from '../../core/ui/notifier';
import { MetricsPanel, VM_CHARTS } from '../../shared/chart/metrics-panel';
import { DriftBadge } from '../../shared/drift-badge';
import { ErrorBox } from '../../shared/error-box';
import { PreviewDialog } from '../../shared/preview-dialog';
import { MachineAppCredentialsPanel } from './machine-app-credentials.panel';
import { MachineContext } from './machine-context';
import { MachineGuestPanel } from './machine-guest.panel';
import { MachineSerialPanel } from './machine-serial.panel';
import { MachineVmPanel } from './machine-vm.panel';

@Component({
  selector: 'clan-machine-summary-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    DriftBadge,
    ErrorBox,
    PreviewDialog,
    MachineVmPanel,
    MachineGuestPanel,
    MachineSerialPanel,
    MetricsPanel,
    MachineAppCredentialsPanel,
  ],
  template: `
    @if (context.machine(); as m) {
      <clan-machine-vm-panel />
      <clan-machine-guest-panel />
      <div class="grid-2">
        <section class="panel" aria-labelledby="machine-summary-title">
          <h2 id="machine-summary-title" class="panel-header">Summary</h2>
          <dl class="props" data-testid="machine-summary">
            <dt>Name</dt>
            <dd>
              <code>{{ m.name }}</code>
              <span class="muted small">{{ m.name }}.{{ context.network.network()?.name ?? '…' }}.clan</span>
            </dd>
            <dt>Administration</dt>
            <dd>
              <span class="badge badge-muted">{{ m.adminMode }}</span>
              <span class="muted small">{{ modeText() }}</span>
            </dd>
            <dt>Local admins</dt>
            <dd>{{ m.localAdmins.length ? m.localAdmins.join(', ') : '—' }}</dd>
            <dt>Network layer</dt>
            <dd>{{ effective()['networkLayer'] ?? '—' }}</dd>
            <dt>System</dt>
            <dd>{{ effective()['system'] ?? '—' }}</dd>
            <dt>Resources</dt>
            <dd>
              @if (resources(); as r) {
                {{ r['vcpus'] }} vCPU · {{ r['memoryMiB'] }} MiB memory · {{ r['stateDiskGiB'] }} GiB state disk
              } @else {
                —
              }
            </dd>
            <dt>Deployment</dt>
            <dd>
              <clan-drift-badge [drift]="context.drift()" />
              <span class="muted small">
                configured <code>{{ short(m.revision) }}</code>, running <code>{{ short(m.deployedRevision) }}</code>
              </span>
            </dd>
            <dt>Local overrides</dt>
            <dd>
              {{ overrideCount() === 0 ? 'none' : overrideCount() + (overrideCount() === 1 ? ' setting' : ' settings') }}
              <a routerLink="../config" class="small">configuration</a>
            </dd>
          </dl>
        </section>
        <section class="panel" aria-labelledby="machine-apps-title">
          <h2 id="machine-apps-title" class="panel-header">Apps</h2>
          @if (apps().length) {
            <ul class="app-summary">
              @for (app of apps(); track app.key) {
                <li [attr.data-testid]="'machine-app-' + app.key">
                  <strong>{{ app.title }}</strong>
                  @if (!app.active) {
                    &ngsp;<span class="badge badge-muted">off</span>
                  }
                  @if (app.ports) {
                    &ngsp;<span class="muted small">{{ app.ports }}</span>
                  }
                </li>
              }
            </ul>
          } @else {
            <p class="muted">No apps. Add some on the <a routerLink="../config">Configuration</a> tab.</p>
          }
          @if (context.network.canConfigure() && apps().length) {
            <clan-machine-app-credentials />
          }
        </section>
      </div>
      @if (loadMetrics(); as load) {
        <clan-metrics-panel heading="Metrics" [charts]="charts" [load]="load" testId="machine-metrics" />
      }
      @if (context.network.canConsole()) {
        <clan-machine-serial-panel />
      }
      @if (context.network.canConfigure()) {
        <section class="panel panel-danger" aria-labelledby="machine-danger-title">
          <h2 id="machine-danger-title" class="panel-header">Remove machine</h2>
          <p class="muted">
            Removes {{ m.name }} from the network’s configuration, with its local overrides (one commit, which can be reverted).
          </p>
          <clan-error [error]="error()" />
          <button type="button" class="btn btn-danger" data-testid="machine-delete" [disabled]="busy()" (click)="previewDelete()">
            Remove “{{ m.name }}”…
          </button>
        </section>
      }
    } @else if (!context.error()) {
      <p class="muted">Loading…</p>
    }
    @if (preview(); as p) {
      <clan-preview-dialog
        [heading]="'Remove ' + (context.name() ?? '') + '?'"
        intro="This commit removes the machine from configs.json:"
        [preview]="p"
        applyLabel="Remove machine"
        [danger]="true"
        [busy]="busy()"
        [error]="error()"
        (applied)="remove($event)"
        (cancelled)="preview.set(null)"
      />
    }
  `,
})
export class MachineSummaryTab {
  protected readonly context = inject(MachineContext);
  private readonly catalog = inject(CatalogStore);
  private readonly api = inject(ClanApi);
  private readonly store = inject(NetworkStore);
  private readonly notifier = inject(Notifier);
  private readonly router = inject(Router);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly preview = signal<WriteResult | null>(null);

  protected readonly charts = VM_CHARTS;
  /** A new loader per machine, so the charts load again when the page shows another one. */
  protected readonly loadMetrics = computed(() => {
    const networkId = this.context.network.networkId();
    const name = this.context.name();
    return networkId && name ? (range: MetricsRange) => this.api.machineMetrics(networkId, name, range) : null;
  });
  protected readonly effective = computed(() => this.context.machine()?.effective ?? {});
  protected readonly resources = computed(() => {
    const r = this.effective()['resources'];
    return isPlainObject(r) ? r : null;
  });
  protected readonly modeText = computed(() => ADMIN_MODE_TEXT[this.context.machine()?.adminMode ?? ''] ?? '');
  protected readonly overrideCount = computed(() => leaves(this.context.machine()?.overrides ?? {}).length);
  protected readonly apps = computed(() => {
    const applications = this.effective()['applications'];
    if (!isPlainObject(applications)) return [];
    return Object.entries(applications).map(([key, options]) => {
      const app = this.catalog.app(key);
      const enable = isPlainObject(options) ? options['enable'] : undefined;
      return {
        key,
        title: app?.title ?? key,
        active: enable !== false,
        ports: (app?.ports ?? []).map((p) => `${p.port}/${p.protocol}`).join(', '),
      };
    });
  });

  constructor() {
    void this.catalog.load();
  }

  protected short(sha: string | null | undefined): string {
    return sha ? sha.slice(0, 7) : '—';
  }

  protected async previewDelete(): Promise<void> {
    const networkId = this.context.network.networkId();
    const name = this.context.name();
    if (!networkId || !name) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      // Based on the machine as shown: a change by someone else since answers 409 instead of being deleted unseen.
      this.preview.set(await this.api.deleteMachine(networkId, name, { dryRun: true, baseRevision: this.context.machine()?.head }));
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async remove(message: string): Promise<void> {
    const networkId = this.context.network.networkId();
    const name = this.context.name();
    if (!networkId || !name) return;
    this.busy.set(true);
    try {
      await this.api.deleteMachine(networkId, name, { message, baseRevision: this.context.machine()?.head });
      this.preview.set(null);
      this.notifier.ok(`Machine “${name}” removed.`);
      await this.store.loadMachines(networkId);
      await this.router.navigate(['/networks', networkId, 'machines']);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
