import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  ViewEncapsulation,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChildren,
} from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { describeError, type ErrorView } from '../../core/api/errors';
import { NetworkMarketplaceService, type MarketplaceReview } from '../../core/api/network-marketplace.service';
import { Notifier } from '../../core/ui/notifier';
import { DiffView } from '../../shared/diff-view';
import { ErrorBox } from '../../shared/error-box';
import { NetworkContext } from '../network/network-context';
import { NETWORK_MARKETPLACE_STYLES } from './network-marketplace.styles';

/** A revision as people read it: the first 12 hex digits (the full one on hover). */
export function shortRev(rev: string | null | undefined): string {
  return rev ? rev.slice(0, 12) : '';
}

const STATUS_TONE: Record<MarketplaceReview['status'], string> = {
  pending: 'badge-info',
  accepted: 'badge-ok',
  rejected: 'badge-danger',
  stale: 'badge-warn',
};

const FILE_TONE: Record<string, string> = { added: 'badge-ok', deleted: 'badge-danger', renamed: 'badge-info', modified: 'badge-muted' };

/**
 * The review of a third-party app before it is pinned in a network (first install or update): what,
 * from where, which revisions, the network repository's diff and the app's Nix source diff against the
 * previously pinned revision. Nothing is pinned or built until a network admin accepts.
 */
@Component({
  selector: 'clan-marketplace-review-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  styles: [NETWORK_MARKETPLACE_STYLES],
  imports: [DatePipe, DiffView, ErrorBox, RouterLink],
  template: `
    <p class="crumb"><a [routerLink]="listLink()" data-testid="review-back">Marketplace apps</a> / Review</p>
    <clan-error [error]="error()" />
    @if (review(); as r) {
      <div class="nmk-head" data-testid="review">
        <h2 data-testid="review-title">{{ r.kind === 'install' ? 'Install' : 'Update' }} {{ r.title }}</h2>
        <span class="badge badge-warn" data-testid="review-third-party">Third-party</span>
        <span class="badge" [class]="'badge ' + statusTone(r.status)" data-testid="review-status">{{ r.status }}</span>
      </div>

      @switch (r.status) {
        @case ('accepted') {
          <p class="alert alert-info" role="status" data-testid="review-banner-accepted">
            Accepted{{ r.decidedBy ? ' by ' + r.decidedBy : '' }}{{ r.decidedAt ? ' on ' + (r.decidedAt | date: 'medium') : '' }}:
            {{ r.title }} is pinned at <code class="nmk-hash" [attr.title]="r.toRev">{{ short(r.toRev) }}</code> in this network. Nothing is
            built until you deploy.
          </p>
        }
        @case ('rejected') {
          <p class="alert alert-info" role="status" data-testid="review-banner-rejected">
            Rejected{{ r.decidedBy ? ' by ' + r.decidedBy : '' }}{{ r.decidedAt ? ' on ' + (r.decidedAt | date: 'medium') : '' }}: nothing
            was pinned or built.
          </p>
        }
        @case ('stale') {
          <p class="alert alert-warn" role="status" data-testid="review-banner-stale">
            This review is out of date: another review was accepted or the pin of {{ r.title }} changed since it was made, so it cannot be
            accepted. Start a new one from <a [routerLink]="listLink()">Marketplace apps</a> to see the changes as they are now.
          </p>
        }
        @default {
          <p class="alert alert-info" role="status" data-testid="review-banner-pending">
            Read what changes below. Nothing is pinned or built until a network admin accepts.
          </p>
        }
      }

      <section class="panel" aria-labelledby="review-what">
        <h3 id="review-what" class="panel-header">What and from where</h3>
        <dl class="props">
          <dt>App</dt>
          <dd>
            {{ r.title }} <code>{{ r.app }}</code>
          </dd>
          <dt>Source</dt>
          <dd data-testid="review-source">
            {{ r.source.name }} <span class="badge badge-warn">Third-party</span><br />
            <code class="nmk-url" data-testid="review-source-url">{{ r.source.url }}</code>
          </dd>
          <dt>Revision</dt>
          <dd class="nmk-revs" data-testid="review-revs">
            @if (r.fromRev) {
              <code class="nmk-hash" data-testid="review-from-rev" [attr.title]="r.fromRev">{{ short(r.fromRev) }}</code>
              <span aria-hidden="true">→</span><span class="sr-only">to</span>
            } @else {
              <span class="muted">not pinned yet →</span>
            }
            <code class="nmk-hash" data-testid="review-to-rev" [attr.title]="r.toRev">{{ short(r.toRev) }}</code>
          </dd>
          @if (r.machine) {
            <dt>Machine</dt>
            <dd data-testid="review-machine">{{ r.machine }}: added there, enabled with its defaults, once accepted</dd>
          }
          <dt>Asked</dt>
          <dd>{{ r.createdAt | date: 'medium' }}{{ r.createdBy ? ' by ' + r.createdBy : '' }}</dd>
        </dl>
      </section>

      <section class="panel" aria-labelledby="review-files" data-testid="review-files">
        <h3 id="review-files" class="panel-header">Files changed in {{ r.title }}'s source</h3>
        @if (r.sourceDiff.files.length) {
          <ul class="nmk-files">
            @for (f of r.sourceDiff.files; track f.path) {
              <li [attr.data-testid]="'review-file-' + f.path">
                <code>{{ f.path }}</code>
                <span class="badge" [class]="'badge ' + fileTone(f.status)">{{ f.status }}</span>
                <span class="small"
                  ><span class="diff-plus">+{{ f.additions }}</span> <span class="diff-minus">−{{ f.deletions }}</span></span
                >
              </li>
            }
          </ul>
        } @else {
          <p class="muted">No files of the source change.</p>
        }
      </section>

      <section class="panel" aria-labelledby="review-config">
        <h3 id="review-config" class="panel-header">Network repository <span class="muted small">flake.nix, marketplace.json</span></h3>
        <div class="nmk-diff-scroll">
          <clan-diff-view testId="review-config-diff" [patch]="r.configDiff" emptyText="The network's files do not change." />
        </div>
      </section>

      <section class="panel" aria-labelledby="review-source-title">
        <h3 id="review-source-title" class="panel-header">
          {{ r.title }}'s Nix source
          <span class="muted small">{{ r.fromRev ? 'against the pinned revision' : 'in full: nothing was pinned before' }}</span>
        </h3>
        @if (r.sourceDiff.truncated) {
          <p class="alert alert-warn" data-testid="review-truncated">
            The source diff is too long to show in full: it is cut short here. Read the rest in the source's repository before you accept.
          </p>
        }
        <div class="nmk-diff-scroll">
          <clan-diff-view testId="review-source-diff" [patch]="r.sourceDiff.patch" emptyText="The app's source does not change." />
        </div>
      </section>

      @if (r.status === 'pending') {
        @if (context.canConfigure()) {
          <section class="panel" aria-labelledby="review-decide" data-testid="review-decide">
            <h3 id="review-decide" class="panel-header">Decide</h3>
            <p id="review-accept-note" data-testid="review-accept-note">
              Pins {{ r.title }} at <code class="nmk-hash" [attr.title]="r.toRev">{{ short(r.toRev) }}</code> in this network. Nothing is
              built until you deploy.{{ r.machine ? ' ' + r.title + ' is added to ' + r.machine + ', enabled with its defaults.' : '' }}
            </p>
            <div class="nmk-actions">
              <button
                type="button"
                class="btn btn-primary"
                data-testid="review-accept"
                aria-describedby="review-accept-note"
                [disabled]="busy()"
                (click)="accept()"
              >
                {{ busy() === 'accept' ? 'Accepting…' : 'Accept' }}
              </button>
              <button type="button" class="btn btn-danger-outline" data-testid="review-reject" [disabled]="busy()" (click)="reject()">
                {{ busy() === 'reject' ? 'Rejecting…' : 'Reject' }}
              </button>
            </div>
          </section>
        } @else {
          <p class="muted" data-testid="review-not-admin">A network admin of this network accepts or rejects this review.</p>
        }
      }
    } @else if (!error()) {
      <p class="muted" data-testid="review-loading">Loading…</p>
    }
  `,
})
export class MarketplaceReviewPage {
  /** Bound from the route parameter. */
  readonly reviewId = input.required<string>();
  protected readonly context = inject(NetworkContext);
  private readonly service = inject(NetworkMarketplaceService);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);

  protected readonly review = signal<MarketplaceReview | null>(null);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly busy = signal<'accept' | 'reject' | null>(null);
  private readonly diffs = viewChildren(DiffView);
  protected readonly short = shortRev;
  private readonly networkId = computed(() => this.context.networkId());
  protected readonly listLink = computed(() => ['/networks', this.networkId() ?? '', 'marketplace']);

  constructor() {
    effect(() => {
      const networkId = this.networkId();
      const reviewId = this.reviewId();
      if (networkId) untracked(() => void this.load(networkId, reviewId));
    });
    // Source code reads best line after line (and fits a phone): the diffs open unified; the toggle still switches.
    effect(() => {
      for (const diff of this.diffs()) untracked(() => diff.mode.set('unified'));
    });
  }

  protected statusTone(status: MarketplaceReview['status']): string {
    return STATUS_TONE[status] ?? 'badge-muted';
  }

  protected fileTone(status: string): string {
    return FILE_TONE[status] ?? 'badge-muted';
  }

  private async load(networkId: string, reviewId: string): Promise<void> {
    this.error.set(null);
    try {
      const review = await this.service.review(networkId, reviewId);
      if (this.networkId() === networkId && this.reviewId() === reviewId) this.review.set(review);
    } catch (error) {
      const view = describeError(error);
      this.review.set(null);
      this.error.set(
        view.status === 404
          ? { ...view, message: `There is no such review in this network: it may have been removed. ${view.message}` }
          : view,
      );
    }
  }

  protected async accept(): Promise<void> {
    const r = this.review();
    const networkId = this.networkId();
    if (!r || !networkId || this.busy()) return;
    this.busy.set('accept');
    this.error.set(null);
    try {
      const done = await this.service.accept(networkId, r.id);
      this.review.set(done.review);
      this.notifier.ok(`${r.title} is pinned at ${shortRev(done.review.toRev || r.toRev)}. Nothing is built until you deploy.`);
      if (done.machine) {
        await this.router.navigate(['/networks', networkId, 'machines', done.machine, 'config'], { queryParams: { app: r.app } });
      }
    } catch (error) {
      this.error.set(describeError(error));
      // A 409 (stale): show the review as it is now.
      if (describeError(error).status === 409) await this.reloadQuietly(networkId, r.id);
    } finally {
      this.busy.set(null);
    }
  }

  protected async reject(): Promise<void> {
    const r = this.review();
    const networkId = this.networkId();
    if (!r || !networkId || this.busy()) return;
    this.busy.set('reject');
    this.error.set(null);
    try {
      this.review.set(await this.service.reject(networkId, r.id));
      this.notifier.ok(`The review of ${r.title} is rejected: nothing was pinned.`);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(null);
    }
  }

  private async reloadQuietly(networkId: string, reviewId: string): Promise<void> {
    try {
      this.review.set(await this.service.review(networkId, reviewId));
    } catch {
      // the error already shown says what happened
    }
  }
}
