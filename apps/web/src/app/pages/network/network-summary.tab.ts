import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { type MetricsRange, NETWORK_SYSTEM_LABELS, NetworkSystem } from '@clan/contracts';
import { ClanApi } from '../../core/api/clan-api';
import { describeError, type ErrorView } from '../../core/api/errors';
import { Session } from '../../core/auth/session';
import { NetworkStore } from '../../core/networks/network-store';
import { Confirm } from '../../core/ui/confirm';
import { Notifier } from '../../core/ui/notifier';
import { MetricsPanel, VM_CHARTS } from '../../shared/chart/metrics-panel';
import { ErrorBox } from '../../shared/error-box';
import { NetworkContext } from './network-context';
import { NetworkRepoPanel } from './network-repo.panel';

@Component({
  selector: 'clan-network-summary-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, FormsModule, ErrorBox, RouterLink, NetworkRepoPanel, MetricsPanel],
  template: `
    @if (context.network(); as network) {
      <div class="grid-2">
        <section class="panel" aria-labelledby="net-summary-title">
          <h2 id="net-summary-title" class="panel-header">Summary</h2>
          <dl class="props">
            <dt>Name</dt>
            <dd>
              <code>{{ network.name }}</code>
            </dd>
            <dt>Description</dt>
            <dd>
              @if (editing()) {
                <form class="inline-form" (ngSubmit)="saveDescription()">
                  <label class="sr-only" for="net-description">Description</label>
                  <input id="net-description" name="description" maxlength="500" [(ngModel)]="description" />
                  <button type="submit" class="btn btn-small btn-primary" [disabled]="busy()">Save</button>
                  <button type="button" class="btn btn-small" (click)="editing.set(false)">Cancel</button>
                </form>
              } @else {
                {{ network.description || '—' }}
                @if (context.canManage()) {
                  <button type="button" class="link-btn" (click)="startEdit()">Edit</button>
                }
              }
            </dd>
            <dt>Machines run</dt>
            <dd>
              <span data-testid="network-system-label" [class]="network.system === 'demo' ? 'badge badge-warn badge-keep-case' : ''">{{
                network.systemLabel
              }}</span>
              @if (context.canManage()) {
                <button type="button" class="link-btn" data-testid="network-system-switch" [disabled]="busy()" (click)="switchSystem()">
                  Switch to {{ network.system === 'demo' ? labels.nixos : labels.demo }}
                </button>
              }
            </dd>
            <dt>DNS zone</dt>
            <dd>
              <code>{{ network.name }}.clan</code>
            </dd>
            <dt>Created</dt>
            <dd>{{ network.createdAt | date: 'yyyy-MM-dd HH:mm' }}</dd>
            <dt>Members</dt>
            <dd>{{ network.memberCount }}</dd>
          </dl>
          <clan-error [error]="error()" />
        </section>
        <section class="panel" aria-labelledby="net-machines-title">
          <h2 id="net-machines-title" class="panel-header">Machines</h2>
          @if (machines(); as list) {
            @if (list.items.length) {
              <p>
                <strong>{{ list.items.length }}</strong> {{ list.items.length === 1 ? 'machine' : 'machines' }}:
                @for (machine of list.items; track machine.name; let last = $last) {
                  <a [routerLink]="['../machines', machine.name]">{{ machine.name }}</a>{{ last ? '' : ', ' }}
                }
              </p>
            } @else if (list.loaded && !list.error) {
              <p><strong>No machines yet.</strong></p>
              @if (network.system === 'demo') {
                <p class="muted">
                  Declare one; the panel builds and runs it as a virtual machine with the demo system (not NixOS, no apps).
                </p>
              } @else {
                <p class="muted">Declare one with its apps; the panel builds and runs it as a NixOS virtual machine.</p>
              }
            } @else if (list.error) {
              <p class="muted">{{ list.error }}</p>
            }
          }
          <div class="panel-links">
            <a routerLink="../machines">All machines</a>
            @if (context.canConfigure()) {
              <a routerLink="../machines/new">+ New machine</a>
            }
          </div>
        </section>
        <clan-network-repo-panel [networkId]="network.id" [networkName]="network.name" [username]="session.user()?.username ?? ''" />
      </div>
      @if (loadMetrics(); as load) {
        <clan-metrics-panel
          heading="Metrics — all machines together"
          [charts]="charts"
          [load]="load"
          note="CPU is a share of the machines’ vCPUs together; memory, disk and network are their sums."
          testId="network-metrics"
        />
      }
      @if (context.canManage()) {
        <section class="panel panel-danger" aria-labelledby="net-danger-title">
          <h2 id="net-danger-title" class="panel-header">Delete network</h2>
          <p class="muted">Removes the network and its memberships. This cannot be undone.</p>
          <button type="button" class="btn btn-danger" data-testid="network-delete" [disabled]="busy()" (click)="deleteNetwork()">
            Delete “{{ network.name }}”
          </button>
        </section>
      }
    } @else if (!context.error()) {
      <p class="muted">Loading…</p>
    }
  `,
})
export class NetworkSummaryTab {
  protected readonly context = inject(NetworkContext);
  protected readonly session = inject(Session);
  protected readonly editing = signal(false);
  protected readonly description = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  private readonly api = inject(ClanApi);
  private readonly store = inject(NetworkStore);
  protected readonly machines = computed(() => {
    const id = this.context.networkId();
    return id ? this.store.machinesOf(id) : undefined;
  });
  protected readonly charts = VM_CHARTS;
  protected readonly loadMetrics = computed(() => {
    const id = this.context.networkId();
    return id ? (range: MetricsRange) => this.api.networkMetrics(id, range) : null;
  });
  private readonly confirm = inject(Confirm);
  private readonly notifier = inject(Notifier);
  private readonly router = inject(Router);

  constructor() {
    effect(() => {
      const id = this.context.networkId();
      this.editing.set(false);
      if (id) untracked(() => this.store.ensureMachines(id));
    });
  }

  protected startEdit(): void {
    this.description.set(this.context.network()?.description ?? '');
    this.editing.set(true);
  }

  protected async saveDescription(): Promise<void> {
    const id = this.context.networkId();
    if (!id) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.api.updateNetwork(id, this.description().trim());
      this.editing.set(false);
      await Promise.all([this.context.load(id), this.store.load()]);
      this.notifier.ok('Description saved.');
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected readonly labels = NETWORK_SYSTEM_LABELS;

  protected async switchSystem(): Promise<void> {
    const network = this.context.network();
    if (!network) return;
    const next = network.system === NetworkSystem.Demo ? NetworkSystem.Nixos : NetworkSystem.Demo;
    const yes = await this.confirm.ask({
      title: `Switch to ${NETWORK_SYSTEM_LABELS[next]}`,
      message:
        next === NetworkSystem.Demo
          ? `The machines of “${network.name}” build the demo system from their next build on: a tiny test system that boots, has a console and health checks, but is not NixOS and runs no apps.`
          : `The machines of “${network.name}” build NixOS from their next build on. That needs nixpkgs to be reachable from this host.`,
      confirmLabel: 'Switch',
    });
    if (!yes) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.api.setNetworkSystem(network.id, next);
      await Promise.all([this.context.load(network.id), this.store.load()]);
      this.notifier.ok(`“${network.name}” now builds ${NETWORK_SYSTEM_LABELS[next]}.`);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async deleteNetwork(): Promise<void> {
    const network = this.context.network();
    if (!network) return;
    const yes = await this.confirm.ask({
      title: 'Delete network',
      message: `Delete “${network.name}” and all its memberships? This cannot be undone.`,
      confirmLabel: 'Delete network',
      danger: true,
    });
    if (!yes) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.api.deleteNetwork(network.id);
      await this.store.load();
      this.notifier.ok(`Network “${network.name}” deleted.`);
      await this.router.navigate(['/host']);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
