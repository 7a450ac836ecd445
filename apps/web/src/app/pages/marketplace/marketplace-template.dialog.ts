import { ChangeDetectionStrategy, Component, inject, input, output, signal, type OnInit } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { NetworkSystem } from '@clan/contracts';
import { describeError, type ErrorView } from '../../core/api/errors';
import { NetworkMarketplaceService, type TemplateNetwork } from '../../core/api/network-marketplace.service';
import { NetworkStore } from '../../core/networks/network-store';
import { Notifier } from '../../core/ui/notifier';
import { NetworkSystemChoice } from '../../layout/network-system-choice';
import { Dialog } from '../../shared/dialog';
import { ErrorBox } from '../../shared/error-box';
import { FocusOnInit } from '../../shared/focus-on-init';
import { networkNameFromKey } from './marketplace-format';

/** The template a network is made from: its source's name and key (the entry's path), its title and description. */
export interface TemplateRef {
  source: string;
  key: string;
  title: string;
  description?: string;
}

/**
 * "Create a network from this template" (host admins): name, description and what its machines run, then
 * `POST /api/marketplace/entries/:source/template/:key/networks`. The network gets the template's machines
 * with fresh keys; each third-party app it uses waits as an install review. When there are reviews or apps
 * that were left out, a second step says so (with links to the reviews) before the network opens.
 */
@Component({
  selector: 'clan-marketplace-template-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Dialog, ErrorBox, FormsModule, FocusOnInit, NetworkSystemChoice, RouterLink],
  styles: `
    .mkt-result-list {
      margin: 0;
      padding-left: 1.2rem;
      display: grid;
      gap: 4px;
      overflow-wrap: anywhere;
    }
  `,
  template: `
    @if (result(); as r) {
      <clan-dialog [heading]="'Network ' + r.network.name + ' created'" (closed)="openNetwork()">
        <div class="mkt-form-grid" data-testid="mkt-template-result">
          <p>
            {{ r.network.name }} has {{ r.machines.length }} {{ r.machines.length === 1 ? 'machine' : 'machines' }} from
            {{ template().title }}{{ r.machines.length ? ': ' + r.machines.join(', ') : '' }}.
          </p>
          @if (r.reviews.length) {
            <p>
              <strong data-testid="mkt-template-reviews-count"
                >{{ r.reviews.length }} {{ r.reviews.length === 1 ? 'app waits' : 'apps wait' }} for your review</strong
              >: third-party apps are added to the machines only once a network admin accepts them.
            </p>
            <ul class="mkt-result-list" data-testid="mkt-template-reviews">
              @for (review of r.reviews; track review.id) {
                <li [attr.data-testid]="'mkt-template-review-' + review.id">
                  {{ review.title }}{{ review.machine ? ' (for ' + review.machine + ')' : '' }} →
                  <a [routerLink]="['/networks', r.network.id, 'marketplace', 'reviews', review.id]" (click)="closed.emit()">Review</a>
                </li>
              }
            </ul>
          }
          @if (r.skipped.length) {
            <p><strong>Left out</strong>: no source of this panel provides these apps.</p>
            <ul class="mkt-result-list" data-testid="mkt-template-skipped">
              @for (s of r.skipped; track s.app) {
                <li [attr.data-testid]="'mkt-template-skipped-' + s.app">{{ s.reason }}</li>
              }
            </ul>
          }
          <div class="dialog-actions">
            <button type="button" class="btn btn-primary" data-testid="mkt-template-open" (click)="openNetwork()">
              Open {{ r.network.name }}
            </button>
          </div>
        </div>
      </clan-dialog>
    } @else {
      <clan-dialog [heading]="'New network from ' + template().title" (closed)="cancel()">
        <form class="form mkt-form-grid" (ngSubmit)="create()" data-testid="mkt-template-form">
          <p class="muted small">
            The network gets the template's machines and their app settings, with fresh keys and secrets made by this panel. Third-party
            apps it uses wait for a network admin's review before they are added. You become its admin.
          </p>
          <div class="field">
            <label for="mkt-template-name">Name</label>
            <input
              id="mkt-template-name"
              name="name"
              data-testid="mkt-template-name"
              required
              maxlength="63"
              pattern="[a-z0-9]([a-z0-9-]*[a-z0-9])?"
              autocomplete="off"
              autocapitalize="none"
              spellcheck="false"
              clanFocusOnInit
              aria-describedby="mkt-template-name-hint"
              [ngModel]="name()"
              (ngModelChange)="name.set($event)"
            />
            <small id="mkt-template-name-hint" class="hint"
              >Lower-case letters, digits and dashes; every device address ends in <code>.{{ name() || 'name' }}.clan</code>.</small
            >
          </div>
          <div class="field">
            <label for="mkt-template-description">Description <span class="muted">(optional)</span></label>
            <input
              id="mkt-template-description"
              name="description"
              data-testid="mkt-template-description"
              maxlength="500"
              [ngModel]="description()"
              (ngModelChange)="description.set($event)"
            />
          </div>
          <clan-network-system-choice [(system)]="system" />
          <clan-error [error]="error()" />
          <div class="dialog-actions">
            <button type="button" class="btn" [disabled]="busy()" (click)="cancel()">Cancel</button>
            <button type="submit" class="btn btn-primary" data-testid="mkt-template-create" [disabled]="busy() || !name().trim()">
              {{ busy() ? 'Creating…' : 'Create network' }}
            </button>
          </div>
        </form>
      </clan-dialog>
    }
  `,
})
export class MarketplaceTemplateDialog implements OnInit {
  private readonly service = inject(NetworkMarketplaceService);
  private readonly store = inject(NetworkStore);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  readonly template = input.required<TemplateRef>();
  readonly closed = output<void>();

  protected readonly name = signal('');
  protected readonly description = signal('');
  protected readonly system = signal<NetworkSystem>(NetworkSystem.Nixos);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  /** The answer, when it has reviews or skipped apps to tell about first. */
  protected readonly result = signal<TemplateNetwork | null>(null);

  ngOnInit(): void {
    const t = this.template();
    this.name.set(networkNameFromKey(t.key));
    this.description.set((t.description ?? '').trim().split('\n')[0].slice(0, 500));
  }

  protected cancel(): void {
    if (!this.busy()) this.closed.emit();
  }

  protected async create(): Promise<void> {
    const name = this.name().trim();
    if (this.busy() || !name) return;
    const { source, key } = this.template();
    this.busy.set(true);
    this.error.set(null);
    try {
      const description = this.description().trim();
      const created = await this.service.createFromTemplate(source, key, {
        name,
        ...(description ? { description } : {}),
        system: this.system() === NetworkSystem.Demo ? 'demo' : 'nixos',
      });
      this.notifier.ok(`Network “${created.network.name}” created from ${this.template().title}.`);
      void this.store.load();
      if (created.reviews.length || created.skipped.length) this.result.set(created);
      else await this.openNetwork(created);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async openNetwork(created = this.result()): Promise<void> {
    this.closed.emit();
    if (created) await this.router.navigate(['/networks', created.network.id]);
  }
}
