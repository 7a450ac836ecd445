import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ViewEncapsulation,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { Session } from '../../core/auth/session';
import { describeError, type ErrorView } from '../../core/api/errors';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { MarketplaceApi, type MarketplaceEntryKind, type MarketplaceEntryView } from './marketplace.api';
import { MarketplaceCard } from './marketplace-card';
import { browseParams, browseStateFrom, categoriesOf, entriesQuery, QUERY_MAX_LENGTH } from './marketplace-format';
import { MarketplaceSourcesPanel } from './marketplace-sources.panel';
import { MARKETPLACE_STYLES } from './marketplace.styles';

/** How long typing rests before the search runs. */
export const SEARCH_DEBOUNCE_MS = 300;

/**
 * The Marketplace (docs/marketplace.md, docs/web.md "Marketplace"): everyone
 * signed in browses apps and network templates; host admins also manage the
 * sources below. The browse state lives in the URL (?q=&category=&kind=), so a
 * link or the way back from an entry shows the same list.
 */
@Component({
  selector: 'clan-marketplace-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  styles: [MARKETPLACE_STYLES],
  imports: [ErrorBox, Icon, MarketplaceCard, MarketplaceSourcesPanel, RouterLink],
  template: `
    <div class="page-head">
      <div>
        <p class="crumb">{{ session.isHostAdmin() ? 'Host' : 'Home' }}</p>
        <h1>Marketplace</h1>
        <p class="muted">Apps and network templates: the panel's own, and those of the sources a host admin added.</p>
      </div>
      <div class="toolbar">
        <a class="btn" routerLink="/open" data-testid="mkt-open-link">Open a nix:// link</a>
        <button type="button" class="btn" data-testid="mkt-reload" [disabled]="loading()" (click)="load()">
          <clan-icon name="refresh" /> Refresh
        </button>
      </div>
    </div>

    <section class="panel" aria-labelledby="mkt-browse-title" data-testid="mkt-browse">
      <h2 id="mkt-browse-title" class="sr-only">Browse</h2>
      <div class="mkt-controls">
        <div class="field">
          <label for="mkt-search">Search</label>
          <input
            id="mkt-search"
            type="search"
            data-testid="mkt-search"
            autocomplete="off"
            [attr.maxlength]="maxLength"
            placeholder="Words in the name, description, author or source"
            [value]="typed()"
            (input)="onType($any($event.target).value)"
            (keydown.enter)="searchNow()"
          />
        </div>
        <div class="segmented" role="group" aria-label="Show">
          <button type="button" class="btn" data-testid="mkt-kind-app" [attr.aria-pressed]="kind() === 'app'" (click)="setKind('app')">
            Apps
          </button>
          <button
            type="button"
            class="btn"
            data-testid="mkt-kind-template"
            [attr.aria-pressed]="kind() === 'template'"
            (click)="setKind('template')"
          >
            Network templates
          </button>
        </div>
      </div>

      @if (kind() === 'app' && categories().length) {
        <ul class="mkt-chips" aria-label="Category" data-testid="mkt-categories">
          <li>
            <button
              type="button"
              class="mkt-chip"
              data-testid="mkt-category-all"
              [attr.aria-pressed]="category() === null"
              (click)="setCategory(null)"
            >
              All categories
            </button>
          </li>
          @for (c of categories(); track c) {
            <li>
              <button
                type="button"
                class="mkt-chip"
                [attr.data-testid]="'mkt-category-' + c"
                [attr.aria-pressed]="category() === c"
                (click)="setCategory(category() === c ? null : c)"
              >
                {{ c }}
              </button>
            </li>
          }
        </ul>
      }

      <clan-error [error]="error()" />
      <p class="sr-only" aria-live="polite" data-testid="mkt-count">{{ countText() }}</p>
      @if (loading() && !loaded()) {
        <p class="muted" data-testid="mkt-loading">Loading the marketplace…</p>
      } @else if (!error()) {
        <ul class="mkt-grid" data-testid="mkt-grid" [attr.aria-busy]="loading()">
          @for (entry of entries(); track entry.source + '/' + entry.kind + '/' + entry.key) {
            <li><clan-marketplace-card [entry]="entry" /></li>
          }
        </ul>
        @if (!entries().length) {
          <div class="empty-state" data-testid="mkt-empty">
            <p>{{ emptyText() }}</p>
            @if (filtered()) {
              <button type="button" class="btn" data-testid="mkt-clear" (click)="clearFilters()">Show everything</button>
            }
          </div>
        }
      } @else {
        <button type="button" class="btn" data-testid="mkt-retry" (click)="load()">Try again</button>
      }
    </section>

    @if (session.isHostAdmin()) {
      <clan-marketplace-sources (changed)="load()" />
    }
  `,
})
export class MarketplacePage {
  protected readonly session = inject(Session);
  private readonly api = inject(MarketplaceApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly maxLength = QUERY_MAX_LENGTH;

  private readonly initial = browseStateFrom(this.route.snapshot.queryParamMap);
  /** What is in the search box; `q` follows it once typing rests. */
  protected readonly typed = signal(this.initial.q);
  protected readonly q = signal(this.initial.q);
  protected readonly category = signal<string | null>(this.initial.category);
  protected readonly kind = signal<MarketplaceEntryKind>(this.initial.kind);

  protected readonly entries = signal<MarketplaceEntryView[]>([]);
  protected readonly loading = signal(false);
  protected readonly loaded = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  /** Categories seen in the last answer not narrowed by a category (a narrowed answer has only one). */
  private readonly seenCategories = signal<string[]>([]);

  protected readonly query = computed(() => entriesQuery({ q: this.q(), category: this.category(), kind: this.kind() }));
  protected readonly categories = computed(() => {
    const selected = this.category();
    return [...new Set([...this.seenCategories(), ...(selected ? [selected] : [])])].sort((a, b) => a.localeCompare(b));
  });
  protected readonly filtered = computed(() => !!this.query().q || !!this.query().category);
  protected readonly countText = computed(() => {
    if (!this.loaded()) return '';
    const n = this.entries().length;
    const what = this.kind() === 'app' ? (n === 1 ? 'app' : 'apps') : n === 1 ? 'network template' : 'network templates';
    return `${n} ${what} shown.`;
  });
  protected readonly emptyText = computed(() => {
    const { q, category } = this.query();
    const what = this.kind() === 'app' ? 'app' : 'network template';
    if (q && category) return `No ${what} in “${category}” matches “${q}”. Try other words or all categories.`;
    if (q) return `No ${what} matches “${q}”. Try other words.`;
    if (category) return `No app is in the category “${category}”.`;
    if (this.kind() === 'template')
      return this.session.isHostAdmin()
        ? 'No network templates yet. Templates come from marketplace sources: add one under Sources below.'
        : 'No network templates yet. Templates come from marketplace sources, which a host admin adds.';
    return 'No apps are listed. The panel’s own apps should always be here: refresh, or ask a host admin to look at the host’s health.';
  });

  private timer: ReturnType<typeof setTimeout> | undefined;
  private sequence = 0;

  constructor() {
    // Every change of the query loads the list and keeps the URL in step (no history entry per keystroke).
    effect(() => {
      const query = this.query();
      untracked(() => {
        void this.load();
        void this.router.navigate([], {
          relativeTo: this.route,
          queryParams: browseParams({ q: query.q ?? '', category: query.category ?? null, kind: this.kind() }),
          replaceUrl: true,
        });
      });
    });
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  protected onType(value: string): void {
    this.typed.set(value);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.q.set(value), SEARCH_DEBOUNCE_MS);
  }

  protected searchNow(): void {
    clearTimeout(this.timer);
    this.q.set(this.typed());
  }

  protected setKind(kind: MarketplaceEntryKind): void {
    this.kind.set(kind);
    // Templates have no category; keeping one would only hide them.
    if (kind === 'template') this.category.set(null);
  }

  protected setCategory(category: string | null): void {
    this.category.set(category);
  }

  protected clearFilters(): void {
    clearTimeout(this.timer);
    this.typed.set('');
    this.q.set('');
    this.category.set(null);
  }

  async load(): Promise<void> {
    const query = this.query();
    const mine = ++this.sequence;
    this.loading.set(true);
    try {
      const items = await this.api.entries(query);
      if (mine !== this.sequence) return; // a newer query answered or will
      this.entries.set(items);
      this.error.set(null);
      // The chips: every category of the whole list; a search only adds to them, so they do not jump while typing.
      if (!query.category && query.kind !== 'template')
        this.seenCategories.set(
          query.q
            ? categoriesOf([...items], null)
                .concat(this.seenCategories())
                .filter(unique)
            : categoriesOf(items),
        );
    } catch (error) {
      if (mine !== this.sequence) return;
      this.error.set(describeError(error));
      this.entries.set([]);
    } finally {
      if (mine === this.sequence) {
        this.loading.set(false);
        this.loaded.set(true);
      }
    }
  }
}

function unique<T>(value: T, index: number, list: readonly T[]): boolean {
  return list.indexOf(value) === index;
}
