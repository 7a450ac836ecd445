import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { ConfigHistory } from '../../shared/config-history';
import { MachineContext } from './machine-context';

/**
 * The commits behind this machine. configs.json holds every machine of the
 * network, so its history also lists changes to the others; the local layer
 * has a file of its own.
 */
@Component({
  selector: 'clan-machine-history-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ConfigHistory],
  template: `
    @if (context.network.networkId(); as networkId) {
      <div class="segmented history-scope" role="group" aria-label="Which layer">
        <button
          type="button"
          class="btn btn-small"
          data-testid="history-scope-network"
          [attr.aria-pressed]="scope() === 'network'"
          (click)="scope.set('network')"
        >
          Network layer (configs.json)
        </button>
        <button
          type="button"
          class="btn btn-small"
          data-testid="history-scope-local"
          [attr.aria-pressed]="scope() === 'local'"
          (click)="scope.set('local')"
        >
          Local layer ({{ overridesPath() }})
        </button>
      </div>
      <clan-config-history
        [networkId]="networkId"
        [path]="path()"
        [heading]="scope() === 'network' ? 'Network layer history' : 'Local layer history'"
        [note]="
          scope() === 'network' ? 'configs.json declares every machine of the network, so this also lists changes to the others.' : ''
        "
        [canRevert]="context.network.canConfigure()"
        [revision]="revision()"
        (reverted)="context.reload()"
      />
    }
  `,
})
export class MachineHistoryTab {
  /** `?revision=` (from the generations tab): that commit is shown at once. */
  readonly revision = input<string | undefined>(undefined);
  protected readonly context = inject(MachineContext);
  protected readonly scope = signal<'network' | 'local'>('network');
  protected readonly overridesPath = computed(() => `overrides/${this.context.name() ?? ''}.json`);
  protected readonly path = computed(() => (this.scope() === 'network' ? 'configs.json' : this.overridesPath()));
}
