import { ChangeDetectionStrategy, Component, effect, inject, input, untracked } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { Session } from '../../core/auth/session';
import { NetworkStore } from '../../core/networks/network-store';
import { DriftBadge } from '../../shared/drift-badge';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { NetworkContext } from '../network/network-context';
import { STATE_TEXT } from '../../core/vm/vm-rules';
import { MachineHost } from '../hosts/machine-host';
import { MachineContext } from './machine-context';
import { MachineVm } from './machine-vm';

@Component({
  selector: 'clan-machine-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive, ErrorBox, Icon, DriftBadge, MachineHost],
  providers: [NetworkContext, MachineContext, MachineVm],
  template: `
    <div class="page-head">
      <div>
        <p class="crumb">
          @if (session.isHostAdmin()) {
            <a routerLink="/host">Host</a>
          } @else {
            <a routerLink="/home">Home</a>
          }
          /
          <a [routerLink]="['/networks', networkId()]">{{ context.network.network()?.name ?? 'Network' }}</a>
          / <a [routerLink]="['/networks', networkId(), 'machines']">Machines</a>
        </p>
        <h1>
          <clan-icon name="machine" />
          {{ machine() }}
          @if (context.machine(); as m) {
            <span class="badge badge-muted" title="Administration">{{ m.adminMode }}</span>
            <clan-drift-badge [drift]="context.drift()" />
          }
          @if (vm.vm(); as v) {
            <span [class]="'badge badge-' + stateText[v.state].tone" title="Virtual machine" data-testid="vm-state-header">{{
              stateText[v.state].label
            }}</span>
          }
        </h1>
      </div>
      <clan-machine-host />
    </div>
    <clan-error [error]="context.network.error() ?? context.error()" />
    <nav class="tabs" aria-label="Machine sections">
      <a routerLink="summary" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="machine-tab-summary">Summary</a>
      <a routerLink="config" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="machine-tab-config">Configuration</a>
      <a routerLink="generations" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="machine-tab-generations"
        >Generations</a
      >
      <a routerLink="history" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="machine-tab-history">History</a>
      <a routerLink="console" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="machine-tab-console">Console</a>
      <a routerLink="logs" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="machine-tab-logs">Logs</a>
    </nav>
    <div class="tab-body">
      <router-outlet />
    </div>
  `,
})
export class MachinePage {
  /** Bound from the route parameters. */
  readonly networkId = input.required<string>();
  readonly machine = input.required<string>();
  protected readonly context = inject(MachineContext);
  protected readonly vm = inject(MachineVm);
  protected readonly session = inject(Session);
  protected readonly stateText = STATE_TEXT;

  constructor() {
    const title = inject(Title);
    const store = inject(NetworkStore);
    effect(() => {
      const networkId = this.networkId();
      const machine = this.machine();
      untracked(() => {
        if (this.context.network.networkId() !== networkId) void this.context.network.load(networkId);
        void this.context.load(networkId, machine);
        void this.vm.load(networkId, machine);
        store.ensureMachines(networkId);
      });
    });
    // A VM task of this machine ended (a build, a deployment): the header's drift badge asks again,
    // so it never says "not deployed" beside a machine that now runs in sync.
    let seenChanges = this.vm.changes();
    effect(() => {
      const changes = this.vm.changes();
      if (changes === seenChanges) return;
      seenChanges = changes;
      untracked(() => void this.context.reload());
    });
    effect(() => {
      const network = this.context.network.network()?.name;
      title.setTitle(`${this.machine()}${network ? ` · ${network}` : ''} · cLAN panel`);
    });
  }
}
