import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, ViewEncapsulation, computed, effect, inject, signal, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { describeError, type ErrorView } from '../../core/api/errors';
import { NetworkMarketplaceService, type NetworkMarketplace, type NetworkMarketplaceApp } from '../../core/api/network-marketplace.service';
import { Confirm } from '../../core/ui/confirm';
import { Notifier } from '../../core/ui/notifier';
import { ErrorBox } from '../../shared/error-box';
import { NetworkContext } from '../network/network-context';
import { shortRev } from './marketplace-review.page';
import { NETWORK_MARKETPLACE_STYLES } from './network-marketplace.styles';
import { NetworkPublishPanel } from './network-publish.panel';

/**
 * The third-party apps pinned in a network: where each comes from, at which revision, who accepted it,
 * which machines use it; "Review update" when its source has a newer revision, "Remove" when no machine
 * uses it; the reviews waiting for a decision; and "Publish as template" (everyone who sees the network reads it; Network.Manage changes it).
 */
@Component({
  selector: 'clan-network-marketplace-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  styles: [NETWORK_MARKETPLACE_STYLES],
  imports: [DatePipe, ErrorBox, NetworkPublishPanel, RouterLink],
  template: `
    <clan-error [error]="error()" />
    <section class="panel" aria-labelledby="nmk-apps-title" data-testid="nmk-apps">
      <h2 id="nmk-apps-title" class="panel-header">Marketplace apps</h2>
      <p class="muted small">
        Third-party apps pinned in this network, each at the revision a network admin reviewed and accepted. Find more in the
        <a routerLink="/marketplace">Marketplace</a>.
      </p>
      @if (data(); as d) {
        @if (d.apps.length) {
          <div class="table-wrap">
            <table class="table table-compact table-cards">
              <thead>
                <tr>
                  <th scope="col">App</th>
                  <th scope="col">Source</th>
                  <th scope="col">Revision</th>
                  <th scope="col">Accepted</th>
                  <th scope="col">Machines</th>
                  @if (context.canConfigure()) {
                    <th scope="col"><span class="sr-only">Actions</span></th>
                  }
                </tr>
              </thead>
              <tbody>
                @for (app of d.apps; track app.key) {
                  <tr [attr.data-testid]="'nmk-app-' + app.key">
                    <td data-label="App">
                      <strong>{{ app.title }}</strong> <code>{{ app.key }}</code>
                    </td>
                    <td data-label="Source">
                      {{ app.source.name }} <span class="badge badge-warn">Third-party</span><br />
                      <code class="nmk-url small">{{ app.source.url }}</code>
                    </td>
                    <td data-label="Revision">
                      <code class="nmk-hash" [attr.title]="app.rev">{{ short(app.rev) }}</code>
                      @if (app.update; as u) {
                        <br /><span class="badge badge-info" [attr.data-testid]="'nmk-update-' + app.key"
                          >Update available: <code [attr.title]="u.rev">{{ short(u.rev) }}</code></span
                        >
                      }
                    </td>
                    <td data-label="Accepted">{{ app.acceptedAt | date: 'medium' }}{{ app.acceptedBy ? ' by ' + app.acceptedBy : '' }}</td>
                    <td data-label="Machines">
                      @if (app.machines.length) {
                        <span class="nmk-machines">
                          @for (m of app.machines; track m) {
                            <a [routerLink]="['/networks', networkId(), 'machines', m, 'config']">{{ m }}</a>
                          }
                        </span>
                      } @else {
                        <span class="muted">none</span>
                      }
                    </td>
                    @if (context.canConfigure()) {
                      <td class="actions">
                        <div class="nmk-actions">
                          @if (app.update; as u) {
                            @if (u.reviewId) {
                              <a
                                class="btn btn-small btn-primary"
                                [routerLink]="['/networks', networkId(), 'marketplace', 'reviews', u.reviewId]"
                                [attr.data-testid]="'nmk-open-update-' + app.key"
                                >Review update</a
                              >
                            } @else {
                              <button
                                type="button"
                                class="btn btn-small btn-primary"
                                [attr.data-testid]="'nmk-review-update-' + app.key"
                                [disabled]="busy()"
                                (click)="reviewUpdate(app)"
                              >
                                Review update
                              </button>
                            }
                          }
                          <span [attr.title]="removeHint(app)">
                            <button
                              type="button"
                              class="btn btn-small btn-danger-outline"
                              [attr.data-testid]="'nmk-remove-' + app.key"
                              [attr.aria-label]="'Remove ' + app.title"
                              [attr.aria-describedby]="app.machines.length ? 'nmk-remove-hint-' + app.key : null"
                              [disabled]="busy() || app.machines.length > 0"
                              (click)="remove(app)"
                            >
                              Remove
                            </button>
                            @if (app.machines.length) {
                              <span class="sr-only" [id]="'nmk-remove-hint-' + app.key">{{ removeHint(app) }}</span>
                            }
                          </span>
                        </div>
                      </td>
                    }
                  </tr>
                }
              </tbody>
            </table>
          </div>
        } @else {
          <p class="muted" data-testid="nmk-none">No third-party apps are pinned in this network yet.</p>
        }
      } @else if (!error()) {
        <p class="muted">Loading…</p>
      }
    </section>

    @if (data(); as d) {
      <section class="panel" aria-labelledby="nmk-reviews-title" data-testid="nmk-reviews">
        <h2 id="nmk-reviews-title" class="panel-header">Reviews waiting for a decision</h2>
        @if (pending().length) {
          <ul class="nmk-reviews">
            @for (r of pending(); track r.id) {
              <li [attr.data-testid]="'nmk-review-' + r.id">
                <a [routerLink]="['/networks', networkId(), 'marketplace', 'reviews', r.id]"
                  >{{ r.kind === 'install' ? 'Install' : 'Update' }} {{ r.title }}</a
                >
                <span class="nmk-revs small">
                  @if (r.fromRev) {
                    <code [attr.title]="r.fromRev">{{ short(r.fromRev) }}</code> →
                  }
                  <code [attr.title]="r.toRev">{{ short(r.toRev) }}</code>
                </span>
                @if (r.machine) {
                  <span class="muted small">for {{ r.machine }}</span>
                }
                <span class="muted small">{{ r.createdAt | date: 'medium' }}{{ r.createdBy ? ' by ' + r.createdBy : '' }}</span>
              </li>
            }
          </ul>
        } @else {
          <p class="muted">None.</p>
        }
      </section>
    }

    <clan-network-publish-panel />
  `,
})
export class NetworkMarketplaceTab {
  protected readonly context = inject(NetworkContext);
  private readonly service = inject(NetworkMarketplaceService);
  private readonly router = inject(Router);
  private readonly confirm = inject(Confirm);
  private readonly notifier = inject(Notifier);

  protected readonly data = signal<NetworkMarketplace | null>(null);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly busy = signal(false);
  protected readonly networkId = computed(() => this.context.networkId() ?? '');
  protected readonly pending = computed(() => (this.data()?.reviews ?? []).filter((r) => r.status === 'pending'));
  protected readonly short = shortRev;

  constructor() {
    effect(() => {
      const id = this.networkId();
      if (id) untracked(() => void this.load(id));
    });
  }

  protected removeHint(app: NetworkMarketplaceApp): string | null {
    if (!app.machines.length) return null;
    return `${app.machines.join(', ')} ${app.machines.length === 1 ? 'uses' : 'use'} ${app.title}: remove it from ${
      app.machines.length === 1 ? 'that machine' : 'those machines'
    } first.`;
  }

  private async load(networkId: string): Promise<void> {
    this.error.set(null);
    try {
      const data = await this.service.marketplace(networkId);
      if (this.networkId() === networkId) this.data.set(data);
    } catch (error) {
      this.error.set(describeError(error));
    }
  }

  /** Starts the review of the newer revision (no machine: the app is already where it is used) and opens it. */
  protected async reviewUpdate(app: NetworkMarketplaceApp): Promise<void> {
    const networkId = this.networkId();
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const review = await this.service.startReview(networkId, { sourceId: app.source.id, app: app.key });
      await this.router.navigate(['/networks', networkId, 'marketplace', 'reviews', review.id]);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async remove(app: NetworkMarketplaceApp): Promise<void> {
    const networkId = this.networkId();
    if (this.busy() || app.machines.length) return;
    const ok = await this.confirm.ask({
      title: `Remove ${app.title}?`,
      message: `The network stops pinning ${app.title} from ${app.source.name}. Installing it again goes through a new review.`,
      confirmLabel: 'Remove',
      danger: true,
    });
    if (!ok) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.service.remove(networkId, app.key);
      this.notifier.ok(`${app.title} is no longer pinned in this network.`);
      await this.load(networkId);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
