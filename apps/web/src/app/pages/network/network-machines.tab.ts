import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { CatalogStore } from '../../core/config/catalog-store';
import { NetworkStore } from '../../core/networks/network-store';
import { DriftBadge } from '../../shared/drift-badge';
import { Icon } from '../../shared/icon';
import { NetworkContext } from './network-context';

@Component({
  selector: 'clan-network-machines-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, Icon, DriftBadge],
  template: `
    <section class="panel" aria-labelledby="machines-title">
      <h2 id="machines-title" class="panel-header">
        Machines <span class="muted">({{ list()?.items?.length ?? 0 }})</span>
        <span class="panel-header-actions">
          <button type="button" class="btn btn-small" (click)="reload()" [disabled]="list()?.loading">
            <clan-icon name="refresh" /> Refresh
          </button>
          @if (context.canConfigure()) {
            <a class="btn btn-small btn-primary" data-testid="new-machine" routerLink="../machines/new"
              ><clan-icon name="plus" /> New machine</a
            >
          }
        </span>
      </h2>
      @if (list()?.error; as error) {
        <div class="alert alert-danger" role="alert" data-testid="error-message">
          <p>{{ error }}</p>
        </div>
      }
      @if (list()?.items?.length) {
        <div class="table-wrap">
          <table class="table table-cards">
            <thead>
              <tr>
                <th scope="col">Machine</th>
                <th scope="col">Apps</th>
                <th scope="col">Administration</th>
                <th scope="col">Network layer</th>
                <th scope="col">Resources</th>
                <th scope="col">Deployment</th>
              </tr>
            </thead>
            <tbody>
              @for (machine of list()?.items ?? []; track machine.name) {
                <tr [attr.data-testid]="'machine-row-' + machine.name">
                  <td data-label="Machine">
                    <a [routerLink]="['../machines', machine.name]"><clan-icon name="machine" /> {{ machine.name }}</a>
                  </td>
                  <td data-label="Apps">
                    <span class="badge-list">
                      @for (app of machine.apps; track app) {
                        <span class="badge badge-info">{{ appTitle(app) }}</span>
                      } @empty {
                        <span class="muted">none</span>
                      }
                    </span>
                  </td>
                  <td data-label="Administration">{{ machine.adminMode }}</td>
                  <td data-label="Network layer">{{ machine.networkLayer }}</td>
                  <td data-label="Resources" class="nowrap">
                    {{ machine.resources.vcpus }} vCPU · {{ machine.resources.memoryMiB }} MiB · {{ machine.resources.stateDiskGiB }} GiB
                  </td>
                  <td data-label="Deployment"><clan-drift-badge [drift]="machine.drift" /></td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      } @else if (list()?.loaded && !list()?.error) {
        <div class="empty-state" data-testid="machines-empty">
          <p><strong>No machines yet.</strong></p>
          <p class="muted">
            A machine is a NixOS virtual machine declared in this network’s configuration: you pick its apps and settings, every change is a
            commit you can review and revert.
          </p>
          @if (context.canConfigure()) {
            <a class="btn btn-primary" routerLink="../machines/new"><clan-icon name="plus" /> New machine</a>
          } @else {
            <p class="muted small">Network admins add machines.</p>
          }
        </div>
      } @else if (!list()?.error) {
        <p class="muted">Loading machines…</p>
      }
    </section>
  `,
})
export class NetworkMachinesTab {
  protected readonly context = inject(NetworkContext);
  private readonly store = inject(NetworkStore);
  private readonly catalog = inject(CatalogStore);
  protected readonly list = computed(() => {
    const id = this.context.networkId();
    return id ? this.store.machinesOf(id) : undefined;
  });

  constructor() {
    void this.catalog.load();
    effect(() => {
      const id = this.context.networkId();
      if (id) untracked(() => void this.store.loadMachines(id));
    });
  }

  protected reload(): void {
    const id = this.context.networkId();
    if (id) void this.store.loadMachines(id);
  }

  protected appTitle(key: string): string {
    return this.catalog.app(key)?.title ?? key;
  }
}
