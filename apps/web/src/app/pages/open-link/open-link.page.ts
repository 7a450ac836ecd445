import { ChangeDetectionStrategy, Component, ViewEncapsulation, computed, effect, inject, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { Privilege } from '@clan/contracts';
import { describeError, type ErrorView } from '../../core/api/errors';
import { NetworkMarketplaceService, type ResolvedLink } from '../../core/api/network-marketplace.service';
import { Session } from '../../core/auth/session';
import { ErrorBox } from '../../shared/error-box';
import { sourceNameFromUrl } from '../marketplace/marketplace-format';
import { MarketplaceSourceDialog } from '../marketplace/marketplace-source.dialog';
import { MarketplaceTemplateDialog, type TemplateRef } from '../marketplace/marketplace-template.dialog';
import { MARKETPLACE_STYLES } from '../marketplace/marketplace.styles';

/** The longest link the box takes (the API refuses longer ones anyway). */
export const LINK_MAX_LENGTH = 2048;

/**
 * `/open?link=nix://…`: what a nix:// link points at, as this panel knows it (`GET /api/marketplace/resolve`).
 * A network of this panel opens, or says whom to ask for an invite; a template lists what its source offers
 * ("Create a network from this template"), or, when no source has its URL yet, lets a host admin add it.
 * The link lives in the URL, so a link to this page opens the same answer.
 */
@Component({
  selector: 'clan-open-link-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  styles: [
    MARKETPLACE_STYLES,
    `
      .open-link-form {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 12px;
        align-items: flex-end;
      }
      .open-link-form .field {
        flex: 1 1 260px;
        margin: 0;
        min-width: 0;
      }
      .open-link-form input {
        width: 100%;
      }
      .open-link-templates {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 8px;
      }
      .open-link-templates li {
        display: flex;
        flex-wrap: wrap;
        gap: 6px 12px;
        align-items: center;
        justify-content: space-between;
      }
    `,
  ],
  imports: [ErrorBox, FormsModule, RouterLink, MarketplaceSourceDialog, MarketplaceTemplateDialog],
  template: `
    <div class="page-head">
      <div>
        <p class="crumb"><a routerLink="/marketplace">Marketplace</a></p>
        <h1>Open a nix:// link</h1>
        <p class="muted">A link to a network or a network template, e.g. one someone published from their panel.</p>
      </div>
    </div>

    <section class="panel" aria-labelledby="open-link-title">
      <h2 id="open-link-title" class="sr-only">Link</h2>
      <form class="open-link-form" (ngSubmit)="submit()" data-testid="open-link-form">
        <div class="field">
          <label for="open-link-input">nix:// link</label>
          <input
            id="open-link-input"
            name="link"
            data-testid="open-link-input"
            autocomplete="off"
            autocapitalize="none"
            spellcheck="false"
            placeholder="nix://https-panel.example.org/api/published/….git"
            [attr.maxlength]="maxLength"
            [ngModel]="typed()"
            (ngModelChange)="typed.set($event)"
          />
        </div>
        <button type="submit" class="btn btn-primary" data-testid="open-link-submit" [disabled]="!typed().trim() || loading()">
          {{ loading() ? 'Looking it up…' : 'Open' }}
        </button>
      </form>
    </section>

    <clan-error [error]="error()" />
    @if (loading()) {
      <p class="muted" role="status" data-testid="open-link-loading">Looking the link up…</p>
    } @else if (resolved(); as r) {
      <section class="panel" aria-labelledby="open-link-result-title" data-testid="open-link-result">
        <h2 id="open-link-result-title" class="panel-header">{{ r.kind === 'network' ? 'A network' : 'A network template' }}</h2>
        <p class="muted small">
          Git repository: <code class="mkt-hash" data-testid="open-link-git-url">{{ r.gitUrl }}</code>
        </p>
        @if (r.kind === 'network') {
          @if (r.network; as n) {
            @if (n.member) {
              <p data-testid="open-link-member">You are a member of {{ n.name }}.</p>
              <a class="btn btn-primary" [routerLink]="['/networks', n.id]" data-testid="open-link-open-network">Open {{ n.name }}</a>
            } @else {
              <p data-testid="open-link-not-member">
                {{ n.name }} is a network of this panel, and you are not a member of it. Ask an admin of {{ n.name }} for an invite: they
                invite people from the network's Members tab, and the invitation reaches you by email or as a link.
              </p>
              @if (session.isHostAdmin()) {
                <a class="btn" [routerLink]="['/networks', n.id]" data-testid="open-link-open-network">Open {{ n.name }} as a host admin</a>
              }
            }
          } @else {
            <p data-testid="open-link-elsewhere">
              This network is on another panel: ask its admin for an invite link. A network cannot be joined from here; its own panel
              invites people.
            </p>
          }
        } @else {
          @if (r.templates.length) {
            <p>
              {{ r.source ? 'The source ' + r.source.name + ' has' : 'This panel has' }}
              {{ r.templates.length === 1 ? 'this template' : 'these templates' }}:
            </p>
            <ul class="open-link-templates" data-testid="open-link-templates">
              @for (t of r.templates; track t.source + '/' + t.key) {
                <li [attr.data-testid]="'open-link-template-' + t.key">
                  <a [routerLink]="['/marketplace', t.source, 'template', t.key]">{{ t.title }}</a>
                  <button
                    type="button"
                    class="btn btn-small btn-primary"
                    [attr.data-testid]="'open-link-create-' + t.key"
                    [disabled]="!canCreate()"
                    [attr.aria-describedby]="canCreate() ? null : 'open-link-create-note'"
                    (click)="creating.set(t)"
                  >
                    Create a network from this template…
                  </button>
                </li>
              }
            </ul>
            @if (!canCreate()) {
              <p id="open-link-create-note" class="alert alert-info" data-testid="open-link-create-note">
                Only host admins create networks: ask one to create a network from this template and to invite you.
              </p>
            }
          } @else if (r.source; as s) {
            <p data-testid="open-link-no-templates">
              The source {{ s.name }} has this URL but lists no templates. Its last refresh may be older than the template:
              {{ canAddSource() ? 'refresh it under Sources on the Marketplace page.' : 'ask a host admin to refresh it.' }}
            </p>
          } @else if (canAddSource()) {
            <p data-testid="open-link-no-source">
              No marketplace source of this panel has this repository yet. Add <code class="mkt-hash">{{ r.gitUrl }}</code> as a marketplace
              source to list its templates here and in the Marketplace; the panel fetches and indexes it first, which can take a minute or
              two.
            </p>
            <button type="button" class="btn btn-primary" data-testid="open-link-add-source" (click)="addingSource.set(true)">
              Add as a marketplace source…
            </button>
          } @else {
            <p data-testid="open-link-ask-admin">
              No marketplace source of this panel has this repository yet. Ask a host admin to add it as a source (send them this link);
              then its templates are listed here.
            </p>
          }
        }
      </section>
    }

    @if (creating(); as t) {
      <clan-marketplace-template-dialog [template]="t" (closed)="creating.set(null)" />
    }
    @if (addingSource() && resolved(); as r) {
      <clan-marketplace-source-dialog
        [initial]="{ name: suggestedName(), url: r.gitUrl }"
        (added)="onSourceAdded()"
        (closed)="addingSource.set(false)"
      />
    }
  `,
})
export class OpenLinkPage {
  protected readonly session = inject(Session);
  private readonly service = inject(NetworkMarketplaceService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly maxLength = LINK_MAX_LENGTH;

  private readonly query = toSignal(this.route.queryParamMap, { requireSync: true });
  /** The link in the URL: what is looked up. */
  protected readonly link = computed(() => (this.query().get('link') ?? '').trim());
  /** What is in the box. */
  protected readonly typed = signal(this.link());
  protected readonly resolved = signal<ResolvedLink | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly creating = signal<TemplateRef | null>(null);
  protected readonly addingSource = signal(false);

  /** UI hints only (the API checks): networks and sources are the host's (Sys.Modify). */
  protected readonly canCreate = computed(() => this.session.can(Privilege.SysModify));
  protected readonly canAddSource = computed(() => this.session.can(Privilege.SysModify));
  protected readonly suggestedName = computed(() => sourceNameFromUrl(this.resolved()?.gitUrl ?? ''));

  private sequence = 0;

  constructor() {
    effect(() => {
      const link = this.link();
      untracked(() => {
        this.typed.set(link);
        void this.resolve(link);
      });
    });
  }

  protected submit(): void {
    const link = this.typed().trim();
    if (!link) return;
    if (link === this.link()) void this.resolve(link);
    else void this.router.navigate([], { relativeTo: this.route, queryParams: { link } });
  }

  protected onSourceAdded(): void {
    this.addingSource.set(false);
    void this.resolve(this.link());
  }

  private async resolve(link: string): Promise<void> {
    const mine = ++this.sequence;
    this.error.set(null);
    this.resolved.set(null);
    if (!link) {
      this.loading.set(false);
      return;
    }
    this.loading.set(true);
    try {
      const resolved = await this.service.resolve(link);
      if (mine === this.sequence) this.resolved.set(resolved);
    } catch (error) {
      if (mine === this.sequence) this.error.set(describeError(error));
    } finally {
      if (mine === this.sequence) this.loading.set(false);
    }
  }
}
