import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Privilege, type MetricsRange } from '@clan/contracts';
import { ClanApi } from '../../core/api/clan-api';
import type { ComponentHealthView, HealthView } from '../../core/api/api-types';
import { describeError, type ErrorView } from '../../core/api/errors';
import { NetworkStore } from '../../core/networks/network-store';
import { Session } from '../../core/auth/session';
import { TaskStore } from '../../core/tasks/task-store';
import { TaskViewer } from '../../core/tasks/task-viewer.service';
import type { HostVmView } from '../../core/api/vm-types';
import { HOST_CHARTS, MetricsPanel } from '../../shared/chart/metrics-panel';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { NewNetworkDialog } from '../../layout/new-network-dialog';
import { HostVmsPanel } from './host-vms.panel';

const COMPONENTS: {
  key: keyof HealthView['components'];
  label: string;
  role: string;
}[] = [
  {
    key: 'database',
    label: 'Database',
    role: 'PostgreSQL: users, networks, tasks, audit log',
  },
  { key: 'redis', label: 'Redis', role: 'Task queues and live events' },
  {
    key: 'libvirt',
    label: 'libvirt',
    role: 'Runs machines as virtual machines',
  },
  { key: 'nix', label: 'Nix', role: 'Builds machine configurations' },
  { key: 'clanFlake', label: 'cLAN flake', role: 'What NixOS machines are built from (shipped with the panel, or CLAN_FLAKE_URL)' },
  { key: 'nixpkgs', label: 'nixpkgs', role: 'The packages NixOS machines are built from (CLAN_NIXPKGS)' },
  { key: 'demoSystem', label: 'Demo system', role: 'A tiny test system (not NixOS) for networks on hosts without nixpkgs' },
  { key: 'audit', label: 'Audit log', role: 'Who changed what, and from where (kept on disk while the database is away)' },
];

/** The components without which no machine builds or runs. */
const MACHINE_RUNTIME = new Set<string>(['libvirt', 'nix']);

@Component({
  selector: 'clan-host-summary-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorBox, Icon, RouterLink, DatePipe, MetricsPanel, HostVmsPanel, NewNetworkDialog],
  template: `
    <div class="page-head">
      <div>
        <p class="crumb">Host</p>
        <h1><clan-icon name="host" /> Host summary</h1>
      </div>
      <div class="toolbar">
        <button type="button" class="btn" (click)="load()" [disabled]="loading()"><clan-icon name="refresh" /> Refresh</button>
        @if (session.isHostAdmin()) {
          <button type="button" class="btn btn-primary" data-testid="run-diagnostics" [disabled]="starting()" (click)="runDiagnostics()">
            {{ starting() ? 'Starting…' : 'Run diagnostics' }}
          </button>
        }
      </div>
    </div>
    <clan-error [error]="error()" />

    @if (noNetworks()) {
      <section class="panel" aria-labelledby="first-network-title" data-testid="first-network">
        <h2 id="first-network-title" class="panel-header">Create your first network</h2>
        <p class="muted">
          A network is one group's machines, members and private mesh. Its machines run NixOS, or the demo system when this host cannot
          reach nixpkgs, so you can still try building, booting, the console and rollback.
        </p>
        <button type="button" class="btn btn-primary" data-testid="first-network-create" (click)="creatingNetwork.set(true)">
          New network
        </button>
      </section>
    }
    @if (creatingNetwork()) {
      <clan-new-network-dialog (closed)="creatingNetwork.set(false)" />
    }

    @if (health()?.domainType?.warning; as warning) {
      <p class="alert alert-warn" role="status" data-testid="domain-type-warning">{{ warning }}</p>
    }
    <div class="grid-2">
      <section class="panel" aria-labelledby="health-title">
        <h2 id="health-title" class="panel-header">
          Health
          @if (health(); as h) {
            <span [class]="'badge badge-' + (h.status === 'ok' ? 'ok' : 'warn')" data-testid="health-status">{{ h.status }}</span>
          }
        </h2>
        @if (health(); as h) {
          <ul class="status-list">
            @for (c of components(); track c.key) {
              <li [attr.data-testid]="'health-' + c.key">
                <span [class]="'badge badge-' + toneOf(c.health)">{{ c.health.status }}</span>
                <span class="status-name">{{ c.label }}</span>
                <span class="status-detail">{{ c.health.detail }}</span>
                <span class="status-role muted">{{ c.role }}</span>
                @if (c.health.status !== 'ok' && c.health.message) {
                  <span class="status-advice small" [attr.data-testid]="'health-' + c.key + '-message'">{{ c.health.message }}</span>
                }
              </li>
            }
          </ul>
          <p class="muted small">
            @if (someUnavailable()) {
              Machines cannot be built or run while libvirt or Nix is unavailable.
            } @else if (h.components.nixpkgs.status !== 'ok' && h.components.demoSystem.status === 'ok') {
              NixOS machines cannot build without nixpkgs; networks with the demo system still can.
            }
            Checked {{ checkedAt() | date: 'HH:mm:ss' }}.
          </p>
        } @else if (loading()) {
          <p class="muted">Checking components…</p>
        }
      </section>

      <section class="panel" aria-labelledby="host-info-title">
        <h2 id="host-info-title" class="panel-header">Panel</h2>
        <dl class="props">
          <dt>Version</dt>
          <dd>{{ health()?.version ?? '—' }}</dd>
          <dt>Networks</dt>
          <dd>{{ networks.networks().length }}</dd>
          @if (hostVms(); as vms) {
            <dt>Virtual machines</dt>
            <dd data-testid="host-vm-count">{{ vms.length }} ({{ runningCount() }} running)</dd>
          }
          <dt>Running tasks</dt>
          <dd>{{ tasks.active().length }}</dd>
          <dt>Signed in as</dt>
          <dd>
            {{ session.user()?.username }}
            @if (session.isHostAdmin()) {
              <span class="badge badge-info">host admin</span>
            }
          </dd>
        </dl>
        <div class="panel-links">
          <a routerLink="/account">Account &amp; two-factor</a>
          <a routerLink="/tokens">API tokens</a>
          @if (session.isHostAdmin()) {
            <a routerLink="/audit">Audit log</a>
          }
        </div>
      </section>
    </div>
    @if (session.isHostAdmin()) {
      <section class="panel" aria-labelledby="host-support-title" data-testid="host-support">
        <h2 id="host-support-title" class="panel-header">Remote support</h2>
        <p class="muted small">A recorded shell on the host, the host’s system journal, and the recordings of every terminal session.</p>
        <div class="panel-links">
          <a routerLink="/host/terminal" data-testid="host-support-terminal">Host shell</a>
          <a routerLink="/host/logs" data-testid="host-support-logs">Host logs</a>
          <a routerLink="/recordings">Terminal recordings</a>
        </div>
      </section>
    }
    @if (canAudit()) {
      <clan-metrics-panel heading="Host metrics" [charts]="charts" [load]="loadMetrics" testId="host-metrics" />
      <clan-host-vms-panel (loaded)="hostVms.set($event)" />
    }
  `,
  styles: `
    .status-advice {
      grid-column: 1 / -1;
      overflow-wrap: anywhere;
      padding-top: 4px;
    }
  `,
})
export class HostSummaryPage {
  protected readonly session = inject(Session);
  protected readonly networks = inject(NetworkStore);
  protected readonly tasks = inject(TaskStore);
  private readonly api = inject(ClanApi);
  private readonly viewer = inject(TaskViewer);

  protected readonly health = signal<HealthView | null>(null);
  /** Sys.Audit (host admins): host metrics and the host's VMs. */
  protected readonly canAudit = computed(() => this.session.can(Privilege.SysAudit));
  protected readonly charts = HOST_CHARTS;
  protected readonly loadMetrics = (range: MetricsRange) => this.api.hostMetrics(range);
  protected readonly hostVms = signal<HostVmView[] | null>(null);
  protected readonly runningCount = computed(
    () => (this.hostVms() ?? []).filter((vm) => vm.state === 'running' || vm.state === 'blocked').length,
  );
  protected readonly checkedAt = signal<Date | null>(null);
  protected readonly loading = signal(false);
  protected readonly starting = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly components = computed(() => {
    const health = this.health();
    if (!health) return [];
    // A panel older than the web app may not report every component: show what it reports.
    return COMPONENTS.flatMap((c) => {
      const h = health.components[c.key];
      return h ? [{ ...c, health: h }] : [];
    });
  });

  protected readonly someUnavailable = computed(() =>
    this.components().some((c) => MACHINE_RUNTIME.has(c.key) && c.health.status === 'unavailable'),
  );
  /** Right after the first run: nothing to manage yet, so say where to start. */
  protected readonly noNetworks = computed(
    () => this.session.isHostAdmin() && this.networks.loaded() && this.networks.networks().length === 0,
  );
  protected readonly creatingNetwork = signal(false);

  constructor() {
    void this.load();
  }

  protected toneOf(health: ComponentHealthView): string {
    return health.status === 'ok' ? 'ok' : health.status === 'down' ? 'danger' : 'muted';
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    try {
      this.health.set(await this.api.health());
      this.checkedAt.set(new Date());
      this.error.set(null);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }

  protected async runDiagnostics(): Promise<void> {
    this.starting.set(true);
    this.error.set(null);
    try {
      const { taskId } = await this.api.runDiagnostics();
      this.viewer.open(taskId);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.starting.set(false);
    }
  }
}
