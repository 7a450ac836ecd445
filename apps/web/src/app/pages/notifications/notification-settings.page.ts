import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Icon } from '../../shared/icon';
import { NotificationTargetsPanel } from './notification-targets.panel';

/** Host-level delivery targets (host admins): every network's notifications and the host-wide ones. */
@Component({
  selector: 'clan-notification-settings-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, Icon, NotificationTargetsPanel],
  template: `
    <div class="page-head">
      <div>
        <p class="crumb"><a routerLink="/notifications">Notifications</a></p>
        <h1><clan-icon name="bell" /> Delivery settings</h1>
      </div>
    </div>
    <p class="muted">
      Host-level targets receive the notifications of every network (narrow them to some networks, kinds or a minimum severity). Each
      network's owners can add their own targets on the network's Notifications tab.
    </p>
    <clan-notification-targets [networkId]="null" />
  `,
})
export class NotificationSettingsPage {}
