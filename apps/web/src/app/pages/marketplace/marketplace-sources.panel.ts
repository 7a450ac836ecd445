import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { describeError, type ErrorView } from '../../core/api/errors';
import { Confirm } from '../../core/ui/confirm';
import { Notifier } from '../../core/ui/notifier';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { MarketplaceApi, type MarketplaceSourceView } from './marketplace.api';
import { shortRevision } from './marketplace-format';
import { MarketplaceSourceDialog } from './marketplace-source.dialog';

/** What the last refresh of a row did, said on that row until the next one. */
interface RefreshOutcome {
  ok: boolean;
  text: string;
}

/**
 * The marketplace's sources (host admins only: the page shows this panel to
 * them alone, and the API answers 403 to anyone else). Refresh runs in the
 * request, so the row says it is working until the answer comes.
 */
@Component({
  selector: 'clan-marketplace-sources',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, ErrorBox, Icon, MarketplaceSourceDialog],
  template: `
    <section class="panel" aria-labelledby="mkt-sources-title" data-testid="mkt-sources">
      <header class="panel-header">
        <h2 id="mkt-sources-title">Sources</h2>
        <span class="panel-header-actions">
          <button type="button" class="btn btn-small btn-primary" data-testid="mkt-source-add" (click)="adding.set(true)">
            <clan-icon name="plus" /> Add source
          </button>
        </span>
      </header>
      <p class="muted small">
        Git repositories whose apps and templates the marketplace lists. The panel keeps a mirror of each and every revision it indexed, so
        a deleted or rewritten repository does not change what was listed.
      </p>
      <clan-error [error]="error()" />
      @if (!loaded()) {
        <p class="muted" data-testid="mkt-sources-loading">Loading the sources…</p>
      } @else {
        <ul class="mkt-sources" data-testid="mkt-source-list">
          @for (s of sources(); track s.id) {
            <li class="mkt-source" [attr.data-testid]="'mkt-source-' + s.name" [attr.aria-busy]="refreshing().has(s.id)">
              <div class="mkt-source-head">
                <strong>{{ s.name }}</strong>
                <span class="toolbar">
                  <button
                    type="button"
                    class="btn btn-small"
                    [attr.data-testid]="'mkt-source-refresh-' + s.name"
                    [disabled]="refreshing().has(s.id) || removing().has(s.id)"
                    (click)="refresh(s)"
                  >
                    <clan-icon name="refresh" /> {{ refreshing().has(s.id) ? 'Refreshing…' : 'Refresh' }}
                  </button>
                  <button
                    type="button"
                    class="btn btn-small btn-danger-outline"
                    [attr.data-testid]="'mkt-source-remove-' + s.name"
                    [disabled]="refreshing().has(s.id) || removing().has(s.id)"
                    (click)="remove(s)"
                  >
                    Remove
                  </button>
                </span>
              </div>
              <dl class="props">
                <dt>URL</dt>
                <dd>
                  <code class="mkt-hash">{{ s.url }}</code>
                </dd>
                <dt>Follows</dt>
                <dd>{{ s.ref ?? 'the default branch' }}</dd>
                <dt>Revision</dt>
                <dd [attr.data-testid]="'mkt-source-revision-' + s.name">
                  @if (s.revision) {
                    <code [attr.title]="s.revision">{{ short(s.revision) }}</code>
                    <span class="muted">{{ s.entries }} {{ s.entries === 1 ? 'entry' : 'entries' }}</span>
                  } @else {
                    <span class="muted">nothing indexed yet</span>
                  }
                </dd>
                <dt>Refreshed</dt>
                <dd>{{ s.refreshedAt ? (s.refreshedAt | date: 'medium') : 'never' }}</dd>
              </dl>
              @if (refreshing().has(s.id)) {
                <p class="muted small" role="status" [attr.data-testid]="'mkt-source-progress-' + s.name">
                  Fetching and indexing with Nix; this can take a couple of minutes.
                </p>
              } @else if (outcomes()[s.id]; as o) {
                <p class="small" [class.text-ok]="o.ok" role="status" [attr.data-testid]="'mkt-source-outcome-' + s.name">{{ o.text }}</p>
              }
              @if (s.lastError) {
                <p class="alert alert-danger mkt-source-error" role="alert" [attr.data-testid]="'mkt-source-error-' + s.name">
                  {{ s.lastError }}
                </p>
              }
            </li>
          } @empty {
            <li class="empty-state" data-testid="mkt-sources-empty">
              No sources yet: the marketplace lists only the panel's own apps. Add a git repository to list its apps and templates.
            </li>
          }
        </ul>
      }
    </section>

    @if (adding()) {
      <clan-marketplace-source-dialog (added)="onAdded($event)" (closed)="adding.set(false)" />
    }
  `,
  styles: `
    .mkt-sources {
      display: grid;
      gap: 10px;
      list-style: none;
      padding: 0;
      margin: 0;
    }
    .mkt-source {
      border: 1px solid var(--border);
      border-radius: 6px;
      padding: 10px 12px;
      display: grid;
      gap: 8px;
    }
    .mkt-source-head {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      align-items: center;
      gap: 8px;
    }
  `,
})
export class MarketplaceSourcesPanel {
  private readonly api = inject(MarketplaceApi);
  private readonly confirm = inject(Confirm);
  private readonly notifier = inject(Notifier);
  /** Sources changed: the page reloads its entries. */
  readonly changed = output<void>();

  protected readonly sources = signal<MarketplaceSourceView[]>([]);
  protected readonly loaded = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly adding = signal(false);
  protected readonly refreshing = signal<ReadonlySet<string>>(new Set());
  protected readonly removing = signal<ReadonlySet<string>>(new Set());
  protected readonly outcomes = signal<Readonly<Record<string, RefreshOutcome>>>({});

  constructor() {
    void this.load();
  }

  protected short(revision: string | null): string {
    return shortRevision(revision) ?? '';
  }

  async load(): Promise<void> {
    try {
      this.sources.set(await this.api.sources());
      this.error.set(null);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loaded.set(true);
    }
  }

  protected async onAdded(source: MarketplaceSourceView): Promise<void> {
    this.adding.set(false);
    if (source.lastError) this.notifier.error(`${source.name} was added, but its first refresh failed: the sentence is on its row.`);
    else this.notifier.ok(`${source.name} was added: ${source.entries} ${source.entries === 1 ? 'entry' : 'entries'} listed.`);
    await this.load();
    this.changed.emit();
  }

  protected async refresh(source: MarketplaceSourceView): Promise<void> {
    this.refreshing.update((set) => new Set(set).add(source.id));
    try {
      const fresh = await this.api.refreshSource(source.id);
      this.sources.update((list) => list.map((s) => (s.id === fresh.id ? withoutRevisions(fresh) : s)));
      const outcome: RefreshOutcome = fresh.lastError
        ? { ok: false, text: 'The refresh failed; the entries listed before stay listed.' }
        : fresh.revision === source.revision
          ? { ok: true, text: `Up to date: still revision ${shortRevision(fresh.revision)}.` }
          : {
              ok: true,
              text: `Now at revision ${shortRevision(fresh.revision)}: ${fresh.entries} ${fresh.entries === 1 ? 'entry' : 'entries'}.`,
            };
      this.outcomes.update((o) => ({ ...o, [source.id]: outcome }));
      this.changed.emit();
    } catch (error) {
      // 409: a refresh of it is already running (someone else's); the sentence says so.
      this.outcomes.update((o) => ({ ...o, [source.id]: { ok: false, text: describeError(error).message } }));
    } finally {
      this.refreshing.update((set) => {
        const next = new Set(set);
        next.delete(source.id);
        return next;
      });
    }
  }

  protected async remove(source: MarketplaceSourceView): Promise<void> {
    const yes = await this.confirm.ask({
      title: `Remove the source ${source.name}?`,
      message: `Its ${source.entries} ${source.entries === 1 ? 'entry leaves' : 'entries leave'} the marketplace, and the panel deletes its mirror with every revision it pinned. Adding it again fetches the repository anew.`,
      confirmLabel: 'Remove source',
      danger: true,
    });
    if (!yes) return;
    this.removing.update((set) => new Set(set).add(source.id));
    try {
      await this.api.deleteSource(source.id);
      this.sources.update((list) => list.filter((s) => s.id !== source.id));
      this.notifier.ok(`${source.name} was removed.`);
      this.changed.emit();
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.removing.update((set) => {
        const next = new Set(set);
        next.delete(source.id);
        return next;
      });
    }
  }
}

/** The list shows sources without their revisions (a refresh answers the detail). */
function withoutRevisions(source: MarketplaceSourceView & { revisions?: unknown }): MarketplaceSourceView {
  const rest = { ...source };
  delete rest.revisions;
  return rest;
}
