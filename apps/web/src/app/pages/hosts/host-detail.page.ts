import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ViewEncapsulation,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { Title } from '@angular/platform-browser';
import { Router, RouterLink } from '@angular/router';
import type { MetricsRange } from '@clan/contracts';
import { FleetApi } from './fleet.api';
import { describeError, type ErrorView } from '../../core/api/errors';
import type { HostMachineView, HostView } from '../../core/api/fleet-types';
import { Confirm } from '../../core/ui/confirm';
import { Notifier } from '../../core/ui/notifier';
import { HOST_CHARTS, MetricsPanel } from '../../shared/chart/metrics-panel';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { TaskProgress } from '../../shared/task-progress';
import { ROLE_TEXT, formatBytes, hostStateText, vmStateText } from './host-format';
import { HostMeters } from './host-meters';
import { HostVersions } from './host-versions';
import { HOSTS_STYLES } from './hosts.styles';
import { MoveMachineDialog } from './move-machine.dialog';
import { RenameHostDialog } from './rename-host.dialog';

const REFRESH_MS = 30_000;

/** One host of the fleet: its state, load, machines, software and charts; drain, rename, remove. */
@Component({
  selector: 'clan-host-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  styles: [HOSTS_STYLES],
  imports: [
    RouterLink,
    DatePipe,
    ErrorBox,
    Icon,
    TaskProgress,
    MetricsPanel,
    HostMeters,
    HostVersions,
    MoveMachineDialog,
    RenameHostDialog,
  ],
  template: `
    <div class="page-head">
      <div>
        <p class="crumb"><a routerLink="/host">Host</a> / <a routerLink="/hosts">Hosts</a></p>
        <h1>
          <clan-icon name="host" />
          {{ host()?.name ?? 'Host' }}
          @if (host(); as h) {
            <span [class]="'badge ' + (h.role === 'panel' ? 'badge-info' : 'badge-muted')" [attr.title]="roleText[h.role].help">{{
              roleText[h.role].label
            }}</span>
            <span [class]="'badge badge-' + state()?.tone" data-testid="host-state" [attr.data-state]="h.state">{{ state()?.label }}</span>
            @if (h.draining) {
              <span class="badge badge-warn" data-testid="host-draining">draining</span>
            }
          }
        </h1>
      </div>
      @if (host(); as h) {
        <div class="host-actions" role="group" aria-label="Host actions">
          <button type="button" class="btn" [disabled]="loading()" (click)="load()" aria-label="Refresh">
            <clan-icon name="refresh" />
          </button>
          @if (h.draining) {
            <button type="button" class="btn" data-testid="host-undrain" [disabled]="busy()" (click)="stopDraining()">Stop draining</button>
          } @else {
            <button
              type="button"
              class="btn"
              data-testid="host-drain"
              [disabled]="busy() || h.state === 'offline'"
              [attr.title]="
                h.state === 'offline'
                  ? 'The host is offline: its machines cannot be copied off it until it is back.'
                  : 'Move every machine to other hosts, one at a time'
              "
              (click)="drain()"
            >
              Drain…
            </button>
          }
          <button type="button" class="btn" data-testid="host-rename" [disabled]="busy()" (click)="renaming.set(true)">Rename…</button>
          <button
            type="button"
            class="btn btn-danger-outline"
            data-testid="host-remove"
            [disabled]="busy() || removeBlocker() !== null"
            [attr.title]="removeBlocker() ?? 'Forget this host'"
            (click)="remove()"
          >
            Remove…
          </button>
        </div>
      }
    </div>
    <clan-error [error]="error()" />

    @if (host(); as h) {
      @if (h.state === 'offline') {
        <p class="alert alert-danger" role="status" data-testid="host-offline-alert">
          {{ h.name }} is offline ({{ state()?.detail }}). Its machines are not reachable until it is back; their tasks wait for it.
        </p>
      } @else if (h.draining && !drainTaskId()) {
        <p class="alert alert-warn" role="status">
          {{ h.name }} is draining: it takes no new machines, and its machines are moved to other hosts (the task bar shows the progress).
        </p>
      }
      @if (drainTaskId(); as id) {
        <clan-task-progress [taskId]="id" (taskEnded)="load()" (dismissed)="drainTaskId.set(null)" />
      }

      <div class="grid-2">
        <section class="panel" aria-labelledby="host-load-title" data-testid="host-capacity">
          <h2 id="host-load-title" class="panel-header">Capacity and load</h2>
          <clan-host-meters [host]="h" />
          <dl class="props host-props">
            <dt>Size</dt>
            <dd>
              @if (h.capacity; as c) {
                {{ c.cpus }} {{ c.cpus === 1 ? 'CPU' : 'CPUs' }} · {{ bytes(c.memoryBytes) }} memory · {{ bytes(c.diskBytes) }} disk
              } @else {
                <span class="muted">not reported yet</span>
              }
            </dd>
            <dt>Last heartbeat</dt>
            <dd>{{ h.lastSeenAt ? (h.lastSeenAt | date: 'd MMM y, HH:mm:ss') : 'never' }}</dd>
            <dt>Mesh address</dt>
            <dd>
              @if (h.meshAddress) {
                <code>{{ h.meshAddress }}</code>
              } @else {
                <span class="muted">none yet</span>
              }
            </dd>
            <dt>Added</dt>
            <dd>{{ h.createdAt | date: 'd MMM y' }}</dd>
          </dl>
        </section>
        <section class="panel" aria-labelledby="host-versions-title">
          <h2 id="host-versions-title" class="panel-header">Software</h2>
          <clan-host-versions [versions]="h.versions" />
        </section>
      </div>

      <section class="panel" aria-labelledby="host-machines-title" data-testid="host-machines">
        <h2 id="host-machines-title" class="panel-header">
          Machines on {{ h.name }} <span class="badge badge-muted">{{ h.machines.length }}</span>
        </h2>
        <div class="table-wrap">
          <table class="table table-compact table-cards">
            <thead>
              <tr>
                <th scope="col">Machine</th>
                <th scope="col">State</th>
                <th scope="col"><span class="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              @for (m of h.machines; track m.networkId + '/' + m.machine) {
                @let vm = vmText(m.vmState);
                <tr [attr.data-testid]="'host-machine-' + m.networkName + '-' + m.machine">
                  <td data-label="Machine">
                    <a [routerLink]="['/networks', m.networkId, 'machines', m.machine]">{{ m.networkName }} / {{ m.machine }}</a>
                  </td>
                  <td data-label="State">
                    <span [class]="'badge badge-' + vm.tone">{{ vm.label }}</span>
                  </td>
                  <td class="actions">
                    <button
                      type="button"
                      class="btn btn-small"
                      [attr.data-testid]="'host-machine-move-' + m.networkName + '-' + m.machine"
                      (click)="moving.set(m)"
                    >
                      Move…
                    </button>
                  </td>
                </tr>
              } @empty {
                <tr class="empty-row">
                  <td colspan="3" data-testid="host-machines-empty">No machines on this host.</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      </section>

      @if (loadMetrics(); as load) {
        <clan-metrics-panel heading="Host metrics" [charts]="charts" [load]="load" testId="host-detail-metrics" />
      }
    } @else if (loading()) {
      <p class="muted">Loading the host…</p>
    }

    @if (moving(); as m) {
      <clan-move-machine-dialog [networkId]="m.networkId" [machine]="m.machine" (moved)="load()" (closed)="moving.set(null)" />
    }
    @if (renaming() && host(); as h) {
      <clan-rename-host-dialog [host]="h" [takenNames]="names()" (renamed)="renamed($event)" (closed)="renaming.set(false)" />
    }
  `,
})
export class HostDetailPage {
  /** Bound from the route. */
  readonly hostId = input.required<string>();

  private readonly api = inject(FleetApi);
  private readonly confirm = inject(Confirm);
  private readonly notifier = inject(Notifier);
  private readonly router = inject(Router);
  protected readonly roleText = ROLE_TEXT;
  protected readonly charts = HOST_CHARTS;

  protected readonly host = signal<HostView | null>(null);
  /** Every host's name, so a rename cannot take one that is used. */
  protected readonly names = signal<string[]>([]);
  protected readonly loading = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly drainTaskId = signal<string | null>(null);
  protected readonly moving = signal<HostMachineView | null>(null);
  protected readonly renaming = signal(false);
  private readonly now = signal(Date.now());

  protected readonly state = computed(() => {
    const h = this.host();
    return h ? hostStateText(h, this.now()) : null;
  });
  protected readonly removeBlocker = computed(() => {
    const h = this.host();
    if (!h) return 'Loading…';
    if (h.role === 'panel') return 'The panel’s own host cannot be removed.';
    if (h.machines.length) return `Move its ${h.machines.length === 1 ? 'machine' : h.machines.length + ' machines'} off first (Drain).`;
    return null;
  });
  /** A new loader per host, so the charts load again when the page shows another one. */
  protected readonly loadMetrics = computed(() => {
    const hostId = this.hostId();
    return (range: MetricsRange) => this.api.hostMetricsOf(hostId, range);
  });

  constructor() {
    const title = inject(Title);
    effect(() => {
      this.hostId();
      untracked(() => {
        this.host.set(null);
        this.drainTaskId.set(null);
        void this.load();
      });
    });
    effect(() => title.setTitle(`${this.host()?.name ?? 'Host'} · Hosts · cLAN panel`));
    const timer = setInterval(() => void this.load(), REFRESH_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  protected bytes(n: number): string {
    return formatBytes(n);
  }

  protected vmText(state: string) {
    return vmStateText(state);
  }

  async load(): Promise<void> {
    const hostId = this.hostId();
    this.loading.set(true);
    try {
      const [host, all] = await Promise.all([this.api.host(hostId), this.api.hosts().catch(() => null)]);
      if (hostId !== this.hostId()) return;
      this.host.set(host);
      if (all) this.names.set(all.map((h) => h.name));
      this.now.set(Date.now());
      this.error.set(null);
    } catch (error) {
      if (hostId === this.hostId()) this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }

  protected async drain(): Promise<void> {
    const h = this.host();
    if (!h) return;
    const count = h.machines.length;
    const yes = await this.confirm.ask({
      title: `Drain ${h.name}?`,
      message:
        `${h.name} stops taking new machines, and ` +
        (count
          ? `${count === 1 ? 'its machine moves' : `every one of its ${count} machines moves`} to another host, one at a time: ` +
            'each is stopped, its disks are copied, and it starts again on the other host, so each is unavailable for a few minutes. '
          : 'it has no machines to move. ') +
        'Stop draining at any time; machines already moved stay where they are.',
      confirmLabel: 'Drain',
    });
    if (!yes) return;
    await this.act(async () => {
      const { taskId } = await this.api.drainHost(h.id);
      this.drainTaskId.set(taskId);
      this.host.set({ ...h, draining: true });
    });
  }

  protected async stopDraining(): Promise<void> {
    const h = this.host();
    if (!h) return;
    await this.act(async () => {
      this.host.set(await this.api.updateHost(h.id, { draining: false }));
      this.notifier.ok(`${h.name} takes new machines again.`);
    });
  }

  protected async remove(): Promise<void> {
    const h = this.host();
    if (!h || this.removeBlocker()) return;
    const yes = await this.confirm.ask({
      title: `Remove ${h.name}?`,
      message:
        `The panel forgets ${h.name} and places no machines on it. ` +
        (h.state === 'online' ? 'Its node software keeps running until you uninstall it there. ' : '') +
        'To use the computer again later, add it as a new host.',
      confirmLabel: 'Remove host',
      danger: true,
    });
    if (!yes) return;
    await this.act(async () => {
      await this.api.removeHost(h.id);
      this.notifier.ok(`Host ${h.name} removed.`);
      await this.router.navigate(['/hosts']);
    });
  }

  protected renamed(host: HostView): void {
    this.host.set(host);
    this.renaming.set(false);
    this.notifier.ok(`Host renamed to ${host.name}.`);
    void this.load();
  }

  private async act(work: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await work();
    } catch (error) {
      // 409: the host has machines, or is already draining — the API's sentence says which.
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
