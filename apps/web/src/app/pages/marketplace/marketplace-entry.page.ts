import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, ViewEncapsulation, computed, effect, inject, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { Privilege } from '@clan/contracts';
import { Session } from '../../core/auth/session';
import { describeError, type ErrorView } from '../../core/api/errors';
import { ErrorBox } from '../../shared/error-box';
import { MarketplaceApi, type MarketplaceEntryKind, type MarketplaceEntryView, type MarketplaceSourceView } from './marketplace.api';
import { avatarLetter, BUILT_IN_SOURCE, optionRows, portsText, provenance, shortRevision } from './marketplace-format';
import { MarketplaceInstallDialog } from './marketplace-install.dialog';
import { MarketplaceReviewDialog } from './marketplace-review.dialog';
import { MarketplaceTemplateDialog } from './marketplace-template.dialog';
import { MARKETPLACE_STYLES } from './marketplace.styles';

/** Why the button is disabled for someone who is not a host admin. */
export const TEMPLATE_NOTE = 'Only host admins create networks: ask one to create a network from this template and to invite you.';

/**
 * One app or network template: what it is, where it comes from, its options; "Install on machine…" for the
 * panel's own apps, "Install in a network…" (a review of what changes, then pinning) for third-party apps.
 */
@Component({
  selector: 'clan-marketplace-entry-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  styles: [MARKETPLACE_STYLES],
  imports: [DatePipe, ErrorBox, RouterLink, MarketplaceInstallDialog, MarketplaceReviewDialog, MarketplaceTemplateDialog],
  template: `
    <p class="crumb"><a routerLink="/marketplace" data-testid="mkt-back">Marketplace</a> / {{ params().source }}</p>
    <clan-error [error]="error()" />
    @if (entry(); as e) {
      @let p = origin();
      <div class="page-head" data-testid="mkt-entry">
        <div class="mkt-detail-head">
          <span class="mkt-avatar" [class.mkt-avatar-third]="p.thirdParty" aria-hidden="true">{{ letter() }}</span>
          <div>
            <h1 data-testid="mkt-entry-title">{{ e.title }}</h1>
            <p class="mkt-card-meta">
              <span class="badge" [class.badge-ok]="!p.thirdParty" [class.badge-warn]="p.thirdParty" data-testid="mkt-entry-badge">{{
                p.badge
              }}</span>
              <span class="badge badge-muted">{{ e.kind === 'app' ? 'app' : 'network template' }}</span>
              @if (e.category) {
                <span class="badge badge-muted">{{ e.category }}</span>
              }
              @if (p.byline) {
                <span class="muted" data-testid="mkt-entry-byline">{{ p.byline }}</span>
              }
            </p>
          </div>
        </div>
        <div class="toolbar">
          <button
            type="button"
            class="btn btn-primary"
            data-testid="mkt-install"
            [disabled]="!installable()"
            [attr.aria-describedby]="installable() ? null : 'mkt-install-note'"
            (click)="installing.set(true)"
          >
            {{
              e.kind === 'template'
                ? 'Create a network from this template…'
                : p.thirdParty
                  ? 'Install in a network…'
                  : 'Install on machine…'
            }}
          </button>
        </div>
      </div>
      @if (!installable()) {
        <p id="mkt-install-note" class="alert alert-info" data-testid="mkt-install-note">{{ templateNote }}</p>
      }
      @if (p.thirdParty) {
        <p class="alert alert-warn" data-testid="mkt-third-party-warning">
          This {{ e.kind === 'app' ? 'app' : 'template' }} comes from {{ e.source }}, a source a host admin added — not from the panel. Its
          author wrote it; read what it does before you rely on it.
        </p>
      }

      <section class="panel" aria-labelledby="mkt-about">
        <h2 id="mkt-about" class="panel-header">About</h2>
        <p class="mkt-description" data-testid="mkt-entry-description">{{ e.description }}</p>
      </section>

      <section class="panel" aria-labelledby="mkt-origin" data-testid="mkt-origin">
        <h2 id="mkt-origin" class="panel-header">Where it comes from</h2>
        <dl class="props">
          <dt>Source</dt>
          <dd data-testid="mkt-origin-source">{{ p.thirdParty ? e.source : 'built-in (shipped with the panel)' }}</dd>
          @if (p.thirdParty) {
            <dt>Author</dt>
            <dd>{{ e.author }}</dd>
            <dt>Licence</dt>
            <dd>{{ e.licence }}</dd>
            @if (source(); as s) {
              <dt>URL</dt>
              <dd>
                <code class="mkt-hash" data-testid="mkt-origin-url">{{ s.url }}</code>
              </dd>
              <dt>Follows</dt>
              <dd>{{ s.ref ?? 'the default branch' }}</dd>
              <dt>Refreshed</dt>
              <dd data-testid="mkt-origin-refreshed">{{ s.refreshedAt ? (s.refreshedAt | date: 'medium') : 'never' }}</dd>
            }
            <dt>Revision</dt>
            <dd>
              <code class="mkt-hash" data-testid="mkt-origin-revision" [attr.title]="e.revision">{{ e.revision ?? 'unknown' }}</code>
            </dd>
            <dt>narHash</dt>
            <dd>
              <code class="mkt-hash" data-testid="mkt-origin-narhash">{{ e.narHash ?? 'unknown' }}</code>
            </dd>
            @if (e.nixosModule) {
              <dt>NixOS module</dt>
              <dd>
                <code>{{ e.nixosModule }}</code>
              </dd>
            }
          } @else {
            <dt>Version</dt>
            <dd>the panel's own, updated with the panel</dd>
          }
        </dl>
        @if (p.thirdParty && !source()) {
          <p class="muted small" data-testid="mkt-origin-admin-only">
            {{ session.isHostAdmin() ? 'The source is no longer listed.' : "The source's URL and refresh time are shown to host admins." }}
          </p>
        }
        @if (source()?.lastError; as lastError) {
          <p class="alert alert-danger" role="alert">The last refresh of {{ e.source }} failed: {{ lastError }}</p>
        }
      </section>

      @if (e.kind === 'app') {
        <section class="panel" aria-labelledby="mkt-options-title" data-testid="mkt-options">
          <h2 id="mkt-options-title" class="panel-header">Options</h2>
          @if (options().length) {
            <div class="table-wrap">
              <table class="table table-compact table-cards mkt-options">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Type</th>
                    <th scope="col">Default</th>
                    <th scope="col">Description</th>
                  </tr>
                </thead>
                <tbody>
                  @for (o of options(); track o.name) {
                    <tr [attr.data-testid]="'mkt-option-' + o.name">
                      <td data-label="Name">
                        <code>{{ o.name }}</code>
                      </td>
                      <td data-label="Type">{{ o.type }}</td>
                      <td data-label="Default">
                        @if (o.defaultText !== null) {
                          <code>{{ o.defaultText }}</code>
                        } @else if (o.required) {
                          <span class="badge badge-info">required</span>
                        } @else {
                          <span class="muted">none</span>
                        }
                      </td>
                      <td data-label="Description">{{ o.description }}</td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          } @else {
            <p class="muted">No options: the app runs as it comes.</p>
          }
        </section>

        <section class="panel" aria-labelledby="mkt-runs-title">
          <h2 id="mkt-runs-title" class="panel-header">On the mesh and on disk</h2>
          <dl class="props">
            <dt>Mesh ports</dt>
            <dd data-testid="mkt-ports">{{ e.ports.length ? ports() : 'none: nothing is reachable from other devices' }}</dd>
            <dt>Backups keep</dt>
            <dd>
              @if (e.state?.paths?.length) {
                @for (path of e.state!.paths; track path) {
                  <code>{{ path }}</code>
                }
              } @else {
                <span class="muted">nothing</span>
              }
            </dd>
          </dl>
          <p class="muted small">
            Ports with the app's default options. Its web interface, if it has one, is not listed here yet; once installed it is served at
            <code>https://&lt;label&gt;.&lt;machine&gt;.&lt;network&gt;.clan</code>.
          </p>
        </section>
      } @else if (e.template; as t) {
        <section class="panel" aria-labelledby="mkt-template-title" data-testid="mkt-template">
          <h2 id="mkt-template-title" class="panel-header">What the network gets</h2>
          <dl class="props">
            <dt>Machines</dt>
            <dd>{{ machines().join(', ') || 'none' }}</dd>
            <dt>Apps</dt>
            <dd>{{ t.apps.join(', ') || 'none' }}</dd>
          </dl>
          <p class="muted small">Never secrets, keys or members: a network made from a template gets fresh ones.</p>
        </section>
      }

      @if (installing()) {
        @if (e.kind === 'template') {
          <clan-marketplace-template-dialog
            [template]="{ source: e.source, key: e.key, title: e.title, description: e.description }"
            (closed)="installing.set(false)"
          />
        } @else if (p.thirdParty) {
          <clan-marketplace-review-dialog [entry]="e" [sourceId]="sourceId()" (closed)="installing.set(false)" />
        } @else {
          <clan-marketplace-install-dialog [entry]="e" (closed)="installing.set(false)" />
        }
      }
    } @else if (!error()) {
      <p class="muted" data-testid="mkt-entry-loading">Loading…</p>
    }
  `,
})
export class MarketplaceEntryPage {
  protected readonly session = inject(Session);
  private readonly api = inject(MarketplaceApi);
  protected readonly templateNote = TEMPLATE_NOTE;

  private readonly paramMap = toSignal(inject(ActivatedRoute).paramMap, { requireSync: true });
  protected readonly params = computed(() => {
    const p = this.paramMap();
    return {
      source: p.get('source') ?? '',
      kind: p.get('kind') === 'template' ? ('template' as const) : ('app' as const),
      key: p.get('key') ?? '',
    };
  });
  protected readonly entry = signal<MarketplaceEntryView | null>(null);
  protected readonly error = signal<ErrorView | null>(null);
  /** Host admins see the source's URL and refresh time (listing sources is theirs). */
  protected readonly source = signal<MarketplaceSourceView | null>(null);
  protected readonly installing = signal(false);

  /** Read only inside @if (entry()); the empty stand-in never shows. */
  protected readonly origin = computed(() =>
    provenance(this.entry() ?? { thirdParty: false, source: BUILT_IN_SOURCE, author: '', licence: '', revision: null }),
  );
  protected readonly letter = computed(() => avatarLetter(this.entry()?.title ?? '', this.entry()?.key ?? ''));
  protected readonly options = computed(() => optionRows(this.entry()?.options));
  protected readonly ports = computed(() => portsText(this.entry()?.ports ?? []));
  protected readonly machines = computed(() => Object.keys(this.entry()?.template?.configs ?? {}).sort());
  /** Apps install (third-party ones through a review); networks from templates are for host admins (Sys.Modify). */
  protected readonly installable = computed(() => this.entry()?.kind === 'app' || this.session.can(Privilege.SysModify));
  /** The review names the source by id (every third-party entry carries it). */
  protected readonly sourceId = computed(() => this.entry()?.sourceId ?? null);
  protected readonly shortRevision = shortRevision;

  constructor() {
    effect(() => {
      const { source, kind, key } = this.params();
      untracked(() => void this.load(source, kind, key));
    });
  }

  private async load(source: string, kind: MarketplaceEntryKind, key: string): Promise<void> {
    this.entry.set(null);
    this.error.set(null);
    this.source.set(null);
    try {
      const entry = await this.api.entry(source, kind, key);
      this.entry.set(entry);
      if (provenance(entry).thirdParty && this.session.isHostAdmin()) {
        const sources = await this.api.sources().catch(() => []);
        this.source.set(sources.find((s) => s.name === entry.source) ?? null);
      }
    } catch (error) {
      const e = describeError(error);
      this.error.set(
        e.status === 404
          ? {
              ...e,
              message: `There is no ${kind === 'app' ? 'app' : 'network template'} “${key}” in ${source}: it may have been removed with its source or a new revision. ${e.message}`,
            }
          : e,
      );
    }
  }
}
