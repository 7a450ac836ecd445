import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { ClanApi } from '../core/api/clan-api';
import type { CommitView, WriteResult } from '../core/api/config-types';
import { describeError, type ErrorView } from '../core/api/errors';
import { NetworkStore } from '../core/networks/network-store';
import { Notifier } from '../core/ui/notifier';
import { DiffView } from './diff-view';
import { ErrorBox } from './error-box';
import { Pager } from './pager';
import { PreviewDialog } from './preview-dialog';

const PAGE = 25;

/**
 * The configuration repository's commits, newest first. Pick one to see what
 * it changed (against its parent) or two to compare them; revert to one after
 * previewing the exact diff the revert would commit.
 */
@Component({
  selector: 'clan-config-history',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, DiffView, ErrorBox, Pager, PreviewDialog],
  template: `
    <clan-error [error]="error()" />
    <section class="panel" aria-labelledby="history-title">
      <h2 id="history-title" class="panel-header">
        {{ heading() }}
        <button type="button" class="btn btn-small" (click)="goTo(offset())" [disabled]="loading()">Refresh</button>
      </h2>
      @if (note()) {
        <p class="muted small">{{ note() }}</p>
      }
      <p class="muted small">Select a revision to see what it changed, or tick two to compare them.</p>
      <div class="table-wrap">
        <table class="table table-clickable table-cards history-table">
          <thead>
            <tr>
              <th scope="col"><span class="sr-only">Compare</span></th>
              <th scope="col">Revision</th>
              <th scope="col">Change</th>
              <th scope="col">Author</th>
              <th scope="col">Date</th>
            </tr>
          </thead>
          <tbody>
            @for (commit of commits(); track commit.sha; let i = $index) {
              <tr
                [attr.data-testid]="'history-row-' + i"
                [class.row-selected]="isSelected(commit)"
                [attr.aria-selected]="isSelected(commit)"
                (click)="selectOnly(commit)"
              >
                <td class="history-check" (click)="$event.stopPropagation()">
                  <input
                    type="checkbox"
                    [checked]="isSelected(commit)"
                    [attr.aria-label]="'Compare ' + commit.sha.slice(0, 7)"
                    [attr.data-testid]="'history-compare-' + i"
                    (change)="toggle(commit)"
                  />
                </td>
                <td data-label="Revision">
                  <!-- one child, so the phone card layout keeps label and value side by side -->
                  <span class="nowrap">
                    <code [attr.title]="commit.sha">{{ commit.sha.slice(0, 7) }}</code>
                    @if (i === 0 && offset() === 0 && !path()) {
                      <span class="badge badge-ok">current</span>
                    }
                  </span>
                </td>
                <td data-label="Change">
                  <div>
                    <button type="button" class="link-btn" (click)="selectOnly(commit); $event.stopPropagation()">
                      {{ commit.subject }}
                    </button>
                    @if (commit.body.trim()) {
                      <div class="muted small history-body">{{ commit.body }}</div>
                    }
                  </div>
                </td>
                <td data-label="Author" [attr.title]="commit.authorEmail">{{ commit.authorName }}</td>
                <td data-label="Date" class="nowrap">{{ commit.date | date: 'yyyy-MM-dd HH:mm' }}</td>
              </tr>
            } @empty {
              <tr class="empty-row">
                <td colspan="5">{{ loading() ? 'Loading history…' : 'No commits yet.' }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      <clan-pager [offset]="offset()" [limit]="limit" [total]="total()" (offsetChange)="goTo($event)" />
    </section>

    @if (comparison(); as c) {
      <section class="panel" aria-labelledby="history-diff-title" data-testid="history-diff">
        <h2 id="history-diff-title" class="panel-header">
          @if (c.from) {
            Compare <code>{{ c.from.sha.slice(0, 7) }}</code> → <code>{{ c.to.sha.slice(0, 7) }}</code>
          } @else {
            Changes in <code>{{ c.to.sha.slice(0, 7) }}</code> <span class="muted">{{ c.to.subject }}</span>
          }
          @if (!c.from && canRevert() && !isCurrent(c.to)) {
            <button
              type="button"
              class="btn btn-small btn-danger-outline"
              data-testid="history-revert"
              [disabled]="busy()"
              (click)="previewRevert(c.to)"
            >
              Revert to this revision
            </button>
          }
        </h2>
        <clan-error [error]="diffError()" />
        @if (diffLoading()) {
          <p class="muted">Loading the diff…</p>
        } @else {
          <clan-diff-view [patch]="patch()" testId="history-diff-view" emptyText="This revision changed no files." />
        }
      </section>
    }

    @if (revertPreview(); as preview) {
      <clan-preview-dialog
        [heading]="'Revert to ' + (revertTarget()?.sha ?? '').slice(0, 7) + '?'"
        [intro]="revertIntro()"
        [preview]="preview"
        applyLabel="Revert"
        [danger]="true"
        [busy]="busy()"
        [error]="revertError()"
        (applied)="revert($event)"
        (cancelled)="closeRevert()"
      />
    }
  `,
})
export class ConfigHistory {
  readonly networkId = input.required<string>();
  /** Only commits touching this repository path (`configs.json`, `overrides/anna.json`). */
  readonly path = input<string | undefined>(undefined);
  readonly heading = input('Configuration history');
  readonly note = input('');
  readonly canRevert = input(false);
  /** A revision (or its prefix) to show at once when it is on the first page, e.g. from a generation's link. */
  readonly revision = input<string | undefined>(undefined);
  readonly reverted = output<string | null>();

  protected readonly limit = PAGE;
  protected readonly commits = signal<CommitView[]>([]);
  protected readonly total = signal(0);
  protected readonly offset = signal(0);
  protected readonly loading = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly selected = signal<CommitView[]>([]);
  protected readonly patch = signal('');
  protected readonly diffLoading = signal(false);
  protected readonly diffError = signal<ErrorView | null>(null);
  protected readonly busy = signal(false);
  protected readonly revertTarget = signal<CommitView | null>(null);
  protected readonly revertPreview = signal<WriteResult | null>(null);
  protected readonly revertError = signal<ErrorView | null>(null);

  private readonly api = inject(ClanApi);
  private readonly notifier = inject(Notifier);
  private readonly store = inject(NetworkStore);

  /** One revision: it against its parent. Two: the older against the newer. */
  protected readonly comparison = computed<{ from: CommitView | null; to: CommitView } | null>(() => {
    const picked = [...this.selected()].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
    if (picked.length === 0) return null;
    if (picked.length === 1) return { from: null, to: picked[0] };
    return { from: picked[0], to: picked[1] };
  });

  protected readonly revertIntro = computed(() => {
    const target = this.revertTarget();
    if (!target) return '';
    return (
      `A new commit restores the configuration exactly as it was at ${target.sha.slice(0, 7)} (“${target.subject}”). ` +
      'Nothing is erased: the history keeps every revision, so this can be reverted too. This is the change it makes:'
    );
  });

  constructor() {
    effect(() => {
      this.networkId();
      this.path();
      untracked(() => {
        this.selected.set([]);
        void this.goTo(0);
      });
    });
    effect(() => {
      const c = this.comparison();
      untracked(() => void this.loadDiff(c));
    });
  }

  /** The newest commit of the whole repository (not of a path's history) is what is there already. */
  protected isCurrent(commit: CommitView): boolean {
    return !this.path() && this.offset() === 0 && this.commits()[0]?.sha === commit.sha;
  }

  protected isSelected(commit: CommitView): boolean {
    return this.selected().some((c) => c.sha === commit.sha);
  }

  protected selectOnly(commit: CommitView): void {
    this.selected.set([commit]);
  }

  /** Ticking a third revision lets go of the first ticked one. */
  protected toggle(commit: CommitView): void {
    const current = this.selected();
    if (current.some((c) => c.sha === commit.sha)) this.selected.set(current.filter((c) => c.sha !== commit.sha));
    else this.selected.set([...current, commit].slice(-2));
  }

  protected async goTo(offset: number): Promise<void> {
    const networkId = this.networkId();
    this.offset.set(offset);
    this.loading.set(true);
    try {
      const page = await this.api.configHistory(networkId, { limit: PAGE, offset, path: this.path() || undefined });
      if (networkId !== this.networkId()) return;
      this.commits.set(page.items);
      this.total.set(page.total);
      this.error.set(null);
      const wanted = this.revision();
      const match = wanted && this.selected().length === 0 ? page.items.find((c) => c.sha.startsWith(wanted)) : undefined;
      if (match) this.selectOnly(match);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }

  private async loadDiff(c: { from: CommitView | null; to: CommitView } | null): Promise<void> {
    this.patch.set('');
    this.diffError.set(null);
    if (!c) return;
    this.diffLoading.set(true);
    try {
      const diff = await this.api.configDiff(this.networkId(), c.to.sha, c.from?.sha);
      if (this.comparison() === c) this.patch.set(diff.patch);
    } catch (error) {
      if (this.comparison() === c) this.diffError.set(describeError(error));
    } finally {
      if (this.comparison() === c) this.diffLoading.set(false);
    }
  }

  protected async previewRevert(target: CommitView): Promise<void> {
    this.busy.set(true);
    this.diffError.set(null);
    try {
      const preview = await this.api.revertConfig(this.networkId(), target.sha, { dryRun: true });
      this.revertTarget.set(target);
      this.revertError.set(null);
      this.revertPreview.set(preview);
    } catch (error) {
      this.diffError.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected closeRevert(): void {
    this.revertPreview.set(null);
    this.revertTarget.set(null);
  }

  protected async revert(message: string): Promise<void> {
    const target = this.revertTarget();
    if (!target) return;
    this.busy.set(true);
    try {
      // Based on the head the preview was computed against: if the configuration moved since, the panel
      // answers 409 instead of committing a change other than the one previewed.
      const result = await this.api.revertConfig(this.networkId(), target.sha, {
        message,
        baseRevision: this.revertPreview()?.basedOn,
      });
      this.closeRevert();
      this.notifier.ok(
        result.committed ? `Reverted to ${target.sha.slice(0, 7)}.` : 'Nothing to revert: the configuration already matches.',
      );
      this.selected.set([]);
      await this.goTo(0);
      void this.store.loadMachines(this.networkId());
      this.reverted.emit(result.revision);
    } catch (error) {
      this.revertError.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
