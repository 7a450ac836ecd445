import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ClanApiError } from '@clan/api-client';
import { describeError, type ErrorView } from '../../core/api/errors';
import { EVENT_SOURCE_FACTORY, FOLLOW_BACKOFF, FollowStream, type FollowState } from '../../core/logs/follow-stream';
import {
  JOURNAL_ROW_CAP,
  PRIORITIES,
  appendEntries,
  journalSource,
  prependEntries,
  priorityName,
  priorityTone,
  type JournalEntryView,
} from '../../core/logs/journal';
import { LogsApi, type JournalFilter, type JournalQuery } from '../../core/logs/logs-api';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';

const PAGE = 200;
/** Catching up after a dropped stream reads at most this many pages before following again. */
const CATCH_UP_PAGES = 5;
const BOTTOM_SLACK = 24;

/**
 * The host's journal (`/host/logs`, Sys.Audit): newest entries first loaded,
 * filtered by unit and priority, older pages on demand, new entries followed
 * live over server-sent events.
 */
@Component({
  selector: 'clan-host-logs-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, FormsModule, ErrorBox, Icon],
  template: `
    <div class="page-head">
      <div>
        <p class="crumb">Host</p>
        <h1><clan-icon name="list" /> Host logs</h1>
      </div>
    </div>
    <p class="muted">The host's system journal (journalctl): the panel, libvirt, the network and everything else the host runs.</p>
    <form class="panel filters" aria-label="Filter the journal" (ngSubmit)="apply()">
      <div class="field">
        <label for="journal-unit">Unit</label>
        <input
          id="journal-unit"
          name="unit"
          data-testid="journal-unit"
          placeholder="e.g. libvirtd.service"
          autocomplete="off"
          spellcheck="false"
          [(ngModel)]="unitInput"
        />
      </div>
      <div class="field">
        <label for="journal-priority">Priority</label>
        <select id="journal-priority" name="priority" data-testid="journal-priority" [(ngModel)]="priorityInput" (ngModelChange)="apply()">
          <option value="">Any</option>
          @for (p of priorities; track p.value) {
            <option [value]="'' + p.value">{{ p.label }} ({{ p.name }}){{ p.value < 7 ? ' or worse' : ' and all' }}</option>
          }
        </select>
      </div>
      <div class="filter-actions">
        <button type="submit" class="btn btn-primary" data-testid="journal-apply">Apply</button>
        @if (filter().unit || filter().priority !== undefined) {
          <button type="button" class="btn" (click)="clear()">Clear</button>
        }
      </div>
    </form>
    <clan-error [error]="error()" />
    @if (noJournal(); as why) {
      <p class="alert alert-info" role="status" data-testid="journal-none">{{ why }}</p>
    }
    <section class="panel" aria-labelledby="journal-title">
      <h2 id="journal-title" class="panel-header">
        Journal
        <span class="muted small">{{ countText() }}</span>
        <span class="panel-header-actions">
          <button
            type="button"
            class="btn btn-small"
            data-testid="journal-older"
            [disabled]="loading() || !first() || noOlder()"
            (click)="loadOlder()"
          >
            Older
          </button>
          <button
            type="button"
            class="btn btn-small"
            data-testid="journal-follow"
            [attr.aria-pressed]="following()"
            [disabled]="!loaded() || !!noJournal()"
            (click)="toggleFollow()"
          >
            {{ following() ? 'Following' : 'Follow' }}
          </button>
          <button type="button" class="btn btn-small" data-testid="journal-refresh" [disabled]="loading()" (click)="load()">
            <clan-icon name="refresh" /> Newest
          </button>
        </span>
      </h2>
      <p class="sr-only" role="status">{{ followText() }}</p>
      @if (following()) {
        <p class="small muted" data-testid="journal-follow-state">{{ followText() }}</p>
      }
      @if (dropped()) {
        <p class="small muted">
          Only the newest {{ cap }} entries are kept on this page while following; {{ dropped() }} older ones were dropped from view.
        </p>
      }
      <div class="table-wrap journal-wrap" #scroller>
        <table class="table table-compact journal-table" data-testid="journal-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Unit</th>
              <th scope="col">Priority</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            @for (e of entries(); track e.cursor) {
              <tr data-testid="journal-row">
                <td class="nowrap mono small" [title]="e.at">{{ e.at | date: 'MMM d HH:mm:ss.SSS' }}</td>
                <td class="nowrap small" [title]="e.hostname ?? ''">{{ source(e) }}</td>
                <td>
                  <span [class]="'badge badge-' + tone(e)">{{ priority(e) }}</span>
                </td>
                <td class="mono journal-message">{{ e.message }}</td>
              </tr>
            } @empty {
              <tr class="empty-row">
                <td colspan="4" data-testid="journal-empty">{{ emptyText() }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    </section>
  `,
  styles: `
    .journal-wrap {
      max-height: min(640px, 68dvh);
      overflow: auto;
    }
    .journal-message {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      font-size: 12px;
    }
  `,
})
export class HostLogsPage {
  private readonly api = inject(LogsApi);
  private readonly openStream = inject(EVENT_SOURCE_FACTORY);
  private readonly backoff = inject(FOLLOW_BACKOFF);
  private readonly injector = inject(Injector);
  private readonly scroller = viewChild<ElementRef<HTMLElement>>('scroller');

  protected readonly priorities = PRIORITIES;
  protected readonly cap = JOURNAL_ROW_CAP;
  protected unitInput = '';
  protected priorityInput = '';
  /** The filters in force (the form's, once applied). */
  protected readonly filter = signal<JournalFilter>({});
  protected readonly entries = signal<JournalEntryView[]>([]);
  protected readonly loading = signal(false);
  protected readonly loaded = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  /** Why the host has no journal at all (no journalctl, or no journal files), from the API; null when it has one. */
  protected readonly noJournal = signal<string | null>(null);
  /** Paging back found nothing older. */
  protected readonly noOlder = signal(false);
  protected readonly dropped = signal(0);
  protected readonly following = signal(false);
  protected readonly followState = signal<FollowState>('off');
  protected readonly first = computed(() => this.entries()[0]?.cursor ?? null);
  private readonly last = computed(() => this.entries().at(-1)?.cursor ?? null);
  protected readonly countText = computed(() => {
    const n = this.entries().length;
    return n ? `(${n} ${n === 1 ? 'entry' : 'entries'})` : '';
  });
  protected readonly followText = computed(() => {
    switch (this.followState()) {
      case 'connecting':
        return 'Connecting to the journal…';
      case 'live':
        return 'Following: new entries are added at the bottom.';
      case 'retrying':
        return 'Following was interrupted; reconnecting…';
      default:
        return '';
    }
  });
  protected readonly emptyText = computed(() => {
    if (this.loading() || !this.loaded()) return 'Loading the journal…';
    if (this.error()) return 'The journal could not be read (see above).';
    if (this.noJournal()) return 'There is no journal on this host to show (see above).';
    const f = this.filter();
    if (f.unit || f.priority !== undefined)
      return 'No journal entries match these filters. Check the unit name (e.g. nginx.service) or widen the priority.';
    return this.following() ? 'The journal is empty; waiting for new entries…' : 'The journal is empty.';
  });
  private stream: FollowStream<JournalEntryView> | null = null;
  private seq = 0;

  constructor() {
    void this.load();
    inject(DestroyRef).onDestroy(() => this.stopFollow());
  }

  protected source(e: JournalEntryView): string {
    return journalSource(e);
  }

  protected priority(e: JournalEntryView): string {
    return priorityName(e.priority);
  }

  protected tone(e: JournalEntryView): string {
    return priorityTone(e.priority);
  }

  protected apply(): void {
    const unit = this.unitInput.trim();
    const priority = this.priorityInput === '' ? undefined : Number(this.priorityInput);
    this.filter.set({ ...(unit ? { unit } : {}), ...(priority !== undefined && Number.isInteger(priority) ? { priority } : {}) });
    void this.load();
  }

  protected clear(): void {
    this.unitInput = '';
    this.priorityInput = '';
    this.apply();
  }

  /** The newest page for the filters in force; following goes on from its end. */
  async load(): Promise<void> {
    const seq = ++this.seq;
    const wasFollowing = this.following();
    this.stopFollow();
    this.loading.set(true);
    this.error.set(null);
    this.noOlder.set(false);
    this.dropped.set(0);
    try {
      const page = await this.api.journal(this.query({ limit: PAGE }));
      if (seq !== this.seq) return;
      this.entries.set(page.items);
      this.noJournal.set(page.noJournal ?? null);
      this.loaded.set(true);
      this.scrollToEnd();
      if (wasFollowing && !page.noJournal) this.startFollow();
    } catch (error) {
      if (seq !== this.seq) return;
      this.entries.set([]);
      this.loaded.set(true);
      this.error.set(describeError(error));
    } finally {
      if (seq === this.seq) this.loading.set(false);
    }
  }

  protected async loadOlder(): Promise<void> {
    const before = this.first();
    if (!before) return;
    const seq = this.seq;
    this.loading.set(true);
    this.error.set(null);
    const el = this.scroller()?.nativeElement;
    const fromBottom = el ? el.scrollHeight - el.scrollTop : 0;
    try {
      const page = await this.api.journal(this.query({ before, limit: PAGE }));
      if (seq !== this.seq) return;
      if (!page.items.length) this.noOlder.set(true);
      this.entries.set(prependEntries(this.entries(), page.items));
      afterNextRender(
        () => {
          const after = this.scroller()?.nativeElement;
          if (after) after.scrollTop = after.scrollHeight - fromBottom;
        },
        { injector: this.injector },
      );
    } catch (error) {
      if (seq === this.seq) this.error.set(describeError(error));
    } finally {
      if (seq === this.seq) this.loading.set(false);
    }
  }

  protected toggleFollow(): void {
    if (this.following()) this.stopFollow();
    else this.startFollow();
  }

  private startFollow(): void {
    if (this.stream) return;
    const filter = this.filter();
    const seq = this.seq;
    this.following.set(true);
    this.stream = new FollowStream<JournalEntryView>(
      this.openStream,
      {
        url: () => this.api.journalStreamUrl(filter, this.last()),
        event: 'entry',
        onData: (entry) => {
          if (seq === this.seq) this.add([entry]);
        },
        onState: (state) => this.followState.set(state),
        onDrop: () => this.catchUp(seq),
      },
      this.backoff,
    );
    this.stream.start();
  }

  private stopFollow(): void {
    const stream = this.stream;
    this.stream = null;
    stream?.stop();
    this.following.set(false);
    this.followState.set('off');
  }

  /** After the stream dropped: read what was missed, which also tells why when the panel refuses. */
  private async catchUp(seq: number): Promise<boolean> {
    try {
      for (let i = 0; i < CATCH_UP_PAGES; i++) {
        const after = this.last();
        const page = await this.api.journal(this.query(after ? { after, limit: PAGE } : { limit: PAGE }));
        if (seq !== this.seq) return false;
        this.add(page.items);
        if (page.items.length < PAGE) break;
      }
      this.error.set(null);
      return true;
    } catch (error) {
      if (seq !== this.seq) return false;
      this.error.set(describeError(error));
      const final = error instanceof ClanApiError && [400, 401, 403].includes(error.status);
      if (final) this.following.set(false);
      return !final;
    }
  }

  private add(incoming: JournalEntryView[]): void {
    if (!incoming.length) return;
    const el = this.scroller()?.nativeElement;
    const atBottom = !el || el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK;
    const { items, dropped } = appendEntries(this.entries(), incoming);
    this.entries.set(items);
    if (dropped) this.dropped.update((n) => n + dropped);
    if (atBottom) this.scrollToEnd();
  }

  private scrollToEnd(): void {
    afterNextRender(
      () => {
        const el = this.scroller()?.nativeElement;
        if (el) el.scrollTop = el.scrollHeight;
      },
      { injector: this.injector },
    );
  }

  private query(paging: Pick<JournalQuery, 'after' | 'before' | 'limit'>): JournalQuery {
    const f = this.filter();
    return { ...paging, ...(f.unit ? { unit: f.unit } : {}), ...(f.priority !== undefined ? { priority: f.priority } : {}) };
  }
}
