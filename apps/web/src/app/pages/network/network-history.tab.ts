import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { ConfigHistory } from '../../shared/config-history';
import { NetworkContext } from './network-context';

@Component({
  selector: 'clan-network-history-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ConfigHistory],
  template: `
    @if (context.networkId(); as id) {
      <clan-config-history [networkId]="id" [canRevert]="context.canConfigure()" />
    }
  `,
})
export class NetworkHistoryTab {
  protected readonly context = inject(NetworkContext);
}
