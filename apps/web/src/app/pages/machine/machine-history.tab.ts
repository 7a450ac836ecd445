import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { ConfigHistory } from '../../shared/config-history';
import { MachineContext } from './machine-context';

export type HistoryScope = 'network' | 'local' | 'overrides';

/** The repository file of each layer (the API's repo-state names them the same way). */
export function historyPaths(machine: string): Record<HistoryScope, string> {
  return { network: 'configs.json', local: `overrides/${machine}.nix`, overrides: `overrides/${machine}.json` };
}

/**
 * The commits behind this machine. configs.json holds every machine of the
 * network, so its history also lists changes to the others; the local layer
 * is the overrides set in the panel (overrides/<name>.json, as on the Config
 * tab); the Nix module is the machine's own overrides/<name>.nix, written
 * when the machine is created and then the owner's.
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
          Network layer
        </button>
        <button
          type="button"
          class="btn btn-small"
          data-testid="history-scope-local"
          [attr.aria-pressed]="scope() === 'local'"
          (click)="scope.set('local')"
        >
          Nix module
        </button>
        <button
          type="button"
          class="btn btn-small"
          data-testid="history-scope-overrides"
          [attr.aria-pressed]="scope() === 'overrides'"
          (click)="scope.set('overrides')"
        >
          Local layer
        </button>
      </div>
      <p class="muted small" data-testid="history-scope-file">
        File: <code>{{ path() }}</code>
      </p>
      <clan-config-history
        [networkId]="networkId"
        [path]="path()"
        [heading]="headings[scope()]"
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
  protected readonly scope = signal<HistoryScope>('network');
  /** The files the layers live in: the machine's Nix module the new-machine wizard writes, and the overrides made in the panel. */
  protected readonly paths = computed(() => historyPaths(this.context.name() ?? ''));
  protected readonly path = computed(() => this.paths()[this.scope()]);
  protected readonly headings: Record<HistoryScope, string> = {
    network: 'Network layer history',
    local: 'Nix module history',
    overrides: 'Local layer history',
  };
}
