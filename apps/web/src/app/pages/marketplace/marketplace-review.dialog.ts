import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { Privilege } from '@clan/contracts';
import { describeError, type ErrorView } from '../../core/api/errors';
import { NetworkMarketplaceService } from '../../core/api/network-marketplace.service';
import { Session } from '../../core/auth/session';
import { NetworkStore } from '../../core/networks/network-store';
import { Dialog } from '../../shared/dialog';
import { ErrorBox } from '../../shared/error-box';
import type { MarketplaceEntryView } from './marketplace.api';

/**
 * "Install in a network…" for a third-party app: pick a network (and, if you like, a machine to add it
 * to once accepted), and the panel opens a review of exactly what would change. Nothing is pinned or
 * built until a network admin accepts it on the review page.
 */
@Component({
  selector: 'clan-marketplace-review-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Dialog, ErrorBox, FormsModule],
  template: `
    <clan-dialog [heading]="'Install ' + entry().title + ' in a network'" (closed)="closed.emit()">
      <form class="form mkt-form-grid" (ngSubmit)="start()" data-testid="mkt-review-form">
        <clan-error [error]="error()" />
        @if (!store.loaded()) {
          <p class="muted">Loading your networks…</p>
        } @else if (!networks().length) {
          <p data-testid="mkt-review-none">
            You do not administer any network. A network admin (or someone with the Machine.Config privilege) installs apps.
          </p>
        } @else {
          <div class="field">
            <label for="mkt-review-network">Network</label>
            <select
              id="mkt-review-network"
              name="network"
              data-testid="mkt-review-network"
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
              <label for="mkt-review-machine">Add it to a machine <span class="muted small">(optional)</span></label>
              @if (!list || (list.loading && !list.loaded)) {
                <p class="muted">Loading machines…</p>
              } @else if (list.error) {
                <p class="alert alert-danger" role="alert">{{ list.error }}</p>
              } @else {
                <select
                  id="mkt-review-machine"
                  name="machine"
                  data-testid="mkt-review-machine"
                  [ngModel]="machine()"
                  (ngModelChange)="machine.set($event)"
                >
                  <option value="">None: only pin it in the network</option>
                  @for (m of list.items; track m.name) {
                    <option [value]="m.name">{{ m.name }}</option>
                  }
                </select>
              }
            </div>
          }
          @if (!sourceId()) {
            <p class="alert alert-warn" data-testid="mkt-review-no-source">
              The panel did not say which source {{ entry().title }} comes from, so a review cannot be started from here. A host admin can
              start it.
            </p>
          }
          <p class="muted small">
            Next you see exactly what changes: the network's flake.nix and marketplace.json, and {{ entry().title }}'s Nix source. Nothing
            is pinned or built until a network admin accepts.
          </p>
        }
        <div class="dialog-actions">
          <button type="button" class="btn" (click)="closed.emit()">Cancel</button>
          <button type="submit" class="btn btn-primary" data-testid="mkt-review-start" [disabled]="!networkId() || !sourceId() || busy()">
            {{ busy() ? 'Preparing the review…' : 'Review the changes' }}
          </button>
        </div>
      </form>
    </clan-dialog>
  `,
})
export class MarketplaceReviewDialog {
  protected readonly store = inject(NetworkStore);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly reviews = inject(NetworkMarketplaceService);
  readonly entry = input.required<MarketplaceEntryView>();
  /** The source's id (the review names the source by it); null when the page could not learn it. */
  readonly sourceId = input<string | null>(null);
  readonly closed = output<void>();

  protected readonly networkId = signal('');
  protected readonly machine = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  /** UI hint only (the API checks the privilege itself): the networks where this person may change machines. */
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
    this.error.set(null);
    if (id) this.store.ensureMachines(id);
  }

  protected async start(): Promise<void> {
    const networkId = this.networkId();
    const sourceId = this.sourceId();
    if (!networkId || !sourceId || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const machine = this.machine();
      const review = await this.reviews.startReview(networkId, { sourceId, app: this.entry().key, ...(machine ? { machine } : {}) });
      this.closed.emit();
      await this.router.navigate(['/networks', networkId, 'marketplace', 'reviews', review.id]);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
