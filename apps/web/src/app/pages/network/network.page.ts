import { ChangeDetectionStrategy, Component, effect, inject, input, untracked } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { Session } from '../../core/auth/session';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { NetworkContext } from './network-context';

@Component({
  selector: 'clan-network-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive, ErrorBox, Icon],
  providers: [NetworkContext],
  template: `
    <div class="page-head">
      <div>
        <p class="crumb">
          @if (session.isHostAdmin()) {
            <a routerLink="/host">Host</a> / Networks
          } @else {
            <a routerLink="/home">Home</a> / Networks
          }
        </p>
        <h1>
          <clan-icon name="network" />
          {{ context.network()?.name ?? 'Network' }}
          @if (context.role(); as role) {
            <span class="badge badge-muted">{{ role === 'host-admin' ? 'host admin' : role }}</span>
          }
        </h1>
      </div>
    </div>
    <clan-error [error]="context.error()" />
    <nav class="tabs" aria-label="Network sections">
      <a routerLink="summary" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="tab-summary">Summary</a>
      <a routerLink="machines" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="tab-machines">Machines</a>
      <a routerLink="history" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="tab-history">Configuration history</a>
      <a routerLink="raw" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="tab-raw"
        >Raw editor <span class="muted small">(advanced)</span></a
      >
      <a routerLink="members" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="tab-members">Members</a>
      <a routerLink="mesh" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="tab-mesh">Mesh</a>
      <a routerLink="backups" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="tab-backups">Backups</a>
      <a routerLink="updates" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="tab-updates">Updates</a>
      <a routerLink="marketplace" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="tab-marketplace">Marketplace apps</a>
      @if (context.canReadAudit()) {
        <a routerLink="audit" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="tab-audit">Audit</a>
      }
      @if (context.canManage()) {
        <a routerLink="notifications" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="tab-notifications"
          >Notifications</a
        >
      }
    </nav>
    <div class="tab-body">
      <router-outlet />
    </div>
  `,
})
export class NetworkPage {
  /** Bound from the route parameter. */
  readonly networkId = input.required<string>();
  protected readonly context = inject(NetworkContext);
  protected readonly session = inject(Session);

  constructor() {
    const title = inject(Title);
    effect(() => {
      const id = this.networkId();
      untracked(() => void this.context.load(id));
    });
    effect(() => {
      const name = this.context.network()?.name;
      if (name) title.setTitle(`${name} · cLAN panel`);
    });
  }
}
