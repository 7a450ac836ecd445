import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import { parseUnifiedDiff, splitRows, type DiffFile, type SplitRow } from '../core/config/unified-diff';

interface FileView {
  file: DiffFile;
  rows: SplitRow[];
}

const STATUS_TONE: Record<string, string> = { added: 'badge-ok', deleted: 'badge-danger', renamed: 'badge-info', modified: 'badge-muted' };

/**
 * A git patch shown per file, side by side (old | new, with line numbers) or
 * unified; removed lines red, added lines green. Built from the API's
 * unified diff, so what is shown is exactly what would be committed.
 */
@Component({
  selector: 'clan-diff-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="diff" [attr.data-testid]="testId()">
      @if (files().length === 0) {
        <p class="diff-empty muted">{{ emptyText() }}</p>
      } @else {
        <div class="diff-toolbar">
          <span class="muted small">
            {{ files().length }} {{ files().length === 1 ? 'file' : 'files' }} changed,
            <span class="diff-plus">+{{ totals().additions }}</span> <span class="diff-minus">−{{ totals().deletions }}</span>
          </span>
          <div class="segmented" role="group" aria-label="Diff layout">
            <button type="button" class="btn btn-small" [attr.aria-pressed]="mode() === 'split'" (click)="mode.set('split')">
              Side by side
            </button>
            <button type="button" class="btn btn-small" [attr.aria-pressed]="mode() === 'unified'" (click)="mode.set('unified')">
              Unified
            </button>
          </div>
        </div>
        @for (view of views(); track view.file.path) {
          <section class="diff-file">
            <h3 class="diff-file-head">
              <code>{{ view.file.oldPath && view.file.status === 'renamed' ? view.file.oldPath + ' → ' : '' }}{{ view.file.path }}</code>
              <span class="badge" [class]="'badge ' + tone(view.file.status)">{{ view.file.status }}</span>
              <span class="small"
                ><span class="diff-plus">+{{ view.file.additions }}</span> <span class="diff-minus">−{{ view.file.deletions }}</span></span
              >
            </h3>
            @if (view.file.binary) {
              <p class="muted small diff-note">Binary file; no text to compare.</p>
            } @else if (view.file.hunks.length === 0) {
              <p class="muted small diff-note">No content changes.</p>
            } @else if (mode() === 'split') {
              <div class="diff-scroll">
                <table class="diff-table diff-split">
                  <caption class="sr-only">
                    {{
                      view.file.path
                    }}: before on the left, after on the right
                  </caption>
                  <colgroup>
                    <col class="diff-no-col" />
                    <col />
                    <col class="diff-no-col" />
                    <col />
                  </colgroup>
                  <tbody>
                    @for (row of view.rows; track $index) {
                      @if (row.type === 'hunk') {
                        <tr class="diff-hunk">
                          <td colspan="4">{{ row.header }}</td>
                        </tr>
                      } @else {
                        <tr>
                          @if (row.left; as left) {
                            <td class="diff-no" [class]="'diff-no diff-' + left.kind">{{ left.no }}</td>
                            <td class="diff-code" [class]="'diff-code diff-' + left.kind">
                              <span class="sr-only">{{ left.kind === 'del' ? 'removed: ' : '' }}</span>{{ left.text }}
                            </td>
                          } @else {
                            <td class="diff-no diff-gap"></td>
                            <td class="diff-code diff-gap"></td>
                          }
                          @if (row.right; as right) {
                            <td class="diff-no" [class]="'diff-no diff-' + right.kind">{{ right.no }}</td>
                            <td class="diff-code" [class]="'diff-code diff-' + right.kind">
                              <span class="sr-only">{{ right.kind === 'add' ? 'added: ' : '' }}</span>{{ right.text }}
                            </td>
                          } @else {
                            <td class="diff-no diff-gap"></td>
                            <td class="diff-code diff-gap"></td>
                          }
                        </tr>
                      }
                    }
                  </tbody>
                </table>
              </div>
            } @else {
              <div class="diff-scroll">
                <table class="diff-table diff-unified">
                  <caption class="sr-only">
                    {{
                      view.file.path
                    }}
                  </caption>
                  <tbody>
                    @for (hunk of view.file.hunks; track $index) {
                      <tr class="diff-hunk">
                        <td colspan="3">{{ hunk.header }}</td>
                      </tr>
                      @for (line of hunk.lines; track $index) {
                        <tr [class]="'diff-' + line.kind">
                          <td class="diff-no">{{ line.oldNo ?? '' }}</td>
                          <td class="diff-no">{{ line.newNo ?? '' }}</td>
                          <td class="diff-code">{{ line.kind === 'add' ? '+' : line.kind === 'del' ? '−' : ' ' }} {{ line.text }}</td>
                        </tr>
                      }
                    }
                  </tbody>
                </table>
              </div>
            }
          </section>
        }
      }
    </div>
  `,
})
export class DiffView {
  readonly patch = input<string>('');
  readonly testId = input('diff-view');
  readonly emptyText = input('No changes.');
  readonly mode = signal<'split' | 'unified'>('split');

  protected readonly files = computed(() => parseUnifiedDiff(this.patch() ?? ''));
  protected readonly views = computed<FileView[]>(() => this.files().map((file) => ({ file, rows: splitRows(file) })));
  protected readonly totals = computed(() =>
    this.files().reduce((sum, f) => ({ additions: sum.additions + f.additions, deletions: sum.deletions + f.deletions }), {
      additions: 0,
      deletions: 0,
    }),
  );

  protected tone(status: string): string {
    return STATUS_TONE[status] ?? 'badge-muted';
  }
}
