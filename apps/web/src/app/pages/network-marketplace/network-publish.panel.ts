import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { describeError, type ErrorView } from '../../core/api/errors';
import { NetworkMarketplaceService, type PublishedTemplate } from '../../core/api/network-marketplace.service';
import { Confirm } from '../../core/ui/confirm';
import { Notifier } from '../../core/ui/notifier';
import { CopyBox } from '../../shared/copy-box';
import { ErrorBox } from '../../shared/error-box';
import { NetworkContext } from '../network/network-context';
import { shortRev } from './marketplace-review.page';
import { NetworkPublishDialog, PUBLISH_SCOPE } from './network-publish.dialog';

/**
 * "Publish as template" on the Marketplace apps tab (everyone who sees the network reads it, Network.Audit;
 * its buttons are for those with Network.Manage: owners and host admins): not published → what would be shared and a button;
 * published → the nix:// link and git URL to copy, the machines and apps it has, what was left out,
 * **Publish again** and **Unpublish**.
 */
@Component({
  selector: 'clan-network-publish-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CopyBox, DatePipe, ErrorBox, NetworkPublishDialog],
  template: `
    <section class="panel" aria-labelledby="publish-panel-title" data-testid="publish-panel">
      <h2 id="publish-panel-title" class="panel-header">Publish as template</h2>
      <clan-error [error]="error()" />
      @if (!loaded()) {
        @if (!error()) {
          <p class="muted" data-testid="publish-loading">Loading…</p>
        }
      } @else if (published(); as p) {
        <p data-testid="publish-state">
          Published as <strong>{{ p.title }}</strong> <span class="badge badge-muted">{{ p.licence }}</span>, revision
          <code [attr.title]="p.revision">{{ short(p.revision) }}</code>, {{ p.publishedAt | date: 'medium'
          }}{{ p.publishedBy ? ' by ' + p.publishedBy : '' }}. Other panels create networks from it; changes here reach them only when you
          publish again.
        </p>
        <dl class="props">
          <dt>nix:// link</dt>
          <dd>
            @if (p.link) {
              <clan-copy-box [value]="p.link" label="nix:// link" testId="publish-link" />
            } @else {
              <span class="muted" data-testid="publish-no-link"
                >None: the panel does not know its own public address. Use the git URL.</span
              >
            }
          </dd>
          <dt>Git URL</dt>
          <dd><clan-copy-box [value]="p.gitUrl" label="git URL" testId="publish-git-url" /></dd>
          <dt>Machines</dt>
          <dd data-testid="publish-machines">{{ p.machines.join(', ') || 'none' }}</dd>
          <dt>Apps</dt>
          <dd data-testid="publish-apps">{{ p.apps.join(', ') || 'none' }}</dd>
        </dl>
        <p class="muted small">Anyone who can reach this panel reads the git URL without signing in (read-only).</p>
        @if (p.omitted.length) {
          <p class="small"><strong>Left out</strong>:</p>
          <ul class="nmk-omitted small" data-testid="publish-omitted">
            @for (o of p.omitted; track $index) {
              <li>{{ o }}</li>
            }
          </ul>
        }
        @if (context.canManage()) {
          <div class="nmk-actions">
            <button type="button" class="btn btn-primary" data-testid="publish-again" [disabled]="busy()" (click)="dialogOpen.set(true)">
              Publish again…
            </button>
            <button type="button" class="btn btn-danger-outline" data-testid="publish-remove" [disabled]="busy()" (click)="unpublish(p)">
              {{ busy() ? 'Unpublishing…' : 'Unpublish' }}
            </button>
          </div>
        }
      } @else {
        <p data-testid="publish-none">
          Not published. Publishing makes this network a template that other panels can add as a marketplace source and create networks
          from.
        </p>
        <p class="muted small">{{ scope }}</p>
        @if (context.canManage()) {
          <button type="button" class="btn btn-primary" data-testid="publish-open" [disabled]="busy()" (click)="dialogOpen.set(true)">
            Publish as template…
          </button>
        } @else {
          <p class="muted small" data-testid="publish-owners-only">The network's owners publish it.</p>
        }
      }
    </section>

    @if (dialogOpen()) {
      <clan-network-publish-dialog
        [networkId]="networkId()"
        [networkName]="context.network()?.name ?? 'this network'"
        [networkDescription]="context.network()?.description ?? ''"
        [current]="published()"
        (published)="onPublished($event)"
        (closed)="dialogOpen.set(false)"
      />
    }
  `,
})
export class NetworkPublishPanel {
  protected readonly context = inject(NetworkContext);
  private readonly service = inject(NetworkMarketplaceService);
  private readonly confirm = inject(Confirm);
  private readonly notifier = inject(Notifier);

  protected readonly scope = PUBLISH_SCOPE;
  protected readonly networkId = computed(() => this.context.networkId() ?? '');
  protected readonly published = signal<PublishedTemplate | null>(null);
  protected readonly loaded = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly dialogOpen = signal(false);
  protected readonly short = shortRev;

  constructor() {
    effect(() => {
      const id = this.networkId();
      if (id) untracked(() => void this.load(id));
    });
  }

  private async load(networkId: string): Promise<void> {
    this.loaded.set(false);
    this.error.set(null);
    try {
      const published = await this.service.published(networkId);
      if (this.networkId() !== networkId) return;
      this.published.set(published);
      this.loaded.set(true);
    } catch (error) {
      if (this.networkId() === networkId) this.error.set(describeError(error));
    }
  }

  protected onPublished(published: PublishedTemplate): void {
    const again = this.published() !== null;
    this.published.set(published);
    this.dialogOpen.set(false);
    this.notifier.ok(again ? `Published again: revision ${shortRev(published.revision)}.` : `${published.title} is published.`);
  }

  protected async unpublish(published: PublishedTemplate): Promise<void> {
    if (this.busy()) return;
    const ok = await this.confirm.ask({
      title: `Unpublish ${published.title}?`,
      message:
        'Its link and git URL stop answering. Networks other panels already made from it keep what they have; sources that follow it can no longer refresh.',
      confirmLabel: 'Unpublish',
      danger: true,
    });
    if (!ok) return;
    const networkId = this.networkId();
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.service.unpublish(networkId);
      this.published.set(null);
      this.notifier.ok(`${published.title} is no longer published.`);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
