import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NetworkContext } from '../network/network-context';
import { NotificationTargetsPanel } from './notification-targets.panel';

/** A network's own delivery targets (Network.Manage): only this network's notifications. */
@Component({
  selector: 'clan-network-notifications-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [NotificationTargetsPanel],
  template: `
    @if (context.networkId(); as id) {
      @if (context.canManage()) {
        <clan-notification-targets [networkId]="id" />
      } @else {
        <p class="muted" data-testid="targets-need-manage">Only the network's owners manage where its notifications are sent.</p>
      }
    }
  `,
})
export class NetworkNotificationsTab {
  protected readonly context = inject(NetworkContext);
}
