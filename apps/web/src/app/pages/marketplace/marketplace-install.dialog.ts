import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { Privilege } from '@clan/contracts';
import { Session } from '../../core/auth/session';
import { NetworkStore } from '../../core/networks/network-store';
import { Dialog } from '../../shared/dialog';
import type { MarketplaceEntryView } from './marketplace.api';

/**
 * "Install on machine…" for a built-in app: pick a network and a machine, then
 * the machine's Configuration tab opens with this app chosen in "Add an app"
 * (the schema-generated form, preview and save are that tab's).
 */
@Component({
  selector: 'clan-marketplace-install-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Dialog, FormsModule],
  template: `
    <clan-dialog [heading]="'Install ' + entry().title + ' on a machine'" (closed)="closed.emit()">
      <form class="form mkt-form-grid" (ngSubmit)="open()" data-testid="mkt-install-form">
        @if (!store.loaded()) {
          <p class="muted">Loading your networks…</p>
        } @else if (!networks().length) {
          <p data-testid="mkt-install-none">
            You cannot change machines in any network. A network admin (or someone with the Machine.Config privilege) installs apps.
          </p>
        } @else {
          <div class="field">
            <label for="mkt-install-network">Network</label>
            <select
              id="mkt-install-network"
              name="network"
              data-testid="mkt-install-network"
              [ngModel]="networkId()"
              (ngModelChange)="pickNetwork($event)"
            >
              <option value="">— choose —</option>
              @for (n of networks(); track n.id) {
                <option [value]="n.id">{{ n.name }}</option>
              }
            </select>
          </div>
          @if (networkId()) {
            @let list = store.machinesOf(networkId());
            <div class="field">
              <label for="mkt-install-machine">Machine</label>
              @if (!list || (list.loading && !list.loaded)) {
                <p class="muted">Loading machines…</p>
              } @else if (list.error) {
                <p class="alert alert-danger" role="alert">{{ list.error }}</p>
              } @else if (!list.items.length) {
                <p class="muted" data-testid="mkt-install-no-machines">This network has no machines yet: add one first.</p>
              } @else {
                <select
                  id="mkt-install-machine"
                  name="machine"
                  data-testid="mkt-install-machine"
                  [ngModel]="machine()"
                  (ngModelChange)="machine.set($event)"
                >
                  <option value="">— choose —</option>
                  @for (m of list.items; track m.name) {
                    <option [value]="m.name">{{ m.name }}{{ m.apps.includes(entry().key) ? ' (has it: edit its settings)' : '' }}</option>
                  }
                </select>
              }
            </div>
          }
          <p class="muted small">
            The machine's Configuration tab opens with {{ entry().title }} chosen; you review its settings and save there.
          </p>
        }
        <div class="dialog-actions">
          <button type="button" class="btn" (click)="closed.emit()">Cancel</button>
          <button type="submit" class="btn btn-primary" data-testid="mkt-install-open" [disabled]="!networkId() || !machine()">
            Open the machine's configuration
          </button>
        </div>
      </form>
    </clan-dialog>
  `,
})
export class MarketplaceInstallDialog {
  protected readonly store = inject(NetworkStore);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  readonly entry = input.required<MarketplaceEntryView>();
  readonly closed = output<void>();

  protected readonly networkId = signal('');
  protected readonly machine = signal('');
  /** UI hint only (the API checks Machine.Config itself): the networks where this person may change machines. */
  protected readonly networks = computed(() => this.store.sorted().filter((n) => this.session.can(Privilege.MachineConfig, n.id)));

  constructor() {
    if (!this.store.loaded()) void this.store.load();
    // One network: nothing to choose.
    effect(() => {
      const only = this.networks();
      if (only.length === 1 && !untracked(this.networkId)) untracked(() => this.pickNetwork(only[0].id));
    });
  }

  protected pickNetwork(id: string): void {
    this.networkId.set(id);
    this.machine.set('');
    if (id) this.store.ensureMachines(id);
  }

  protected async open(): Promise<void> {
    const networkId = this.networkId();
    const machine = this.machine();
    if (!networkId || !machine) return;
    this.closed.emit();
    await this.router.navigate(['/networks', networkId, 'machines', machine, 'config'], { queryParams: { app: this.entry().key } });
  }
}
