import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { describeError, type ErrorView } from '../../core/api/errors';
import { Dialog } from '../../shared/dialog';
import { ErrorBox } from '../../shared/error-box';
import { FocusOnInit } from '../../shared/focus-on-init';
import { MeshApi, type MeshPeerView } from './network-mesh.api';
import { groupsProblems, MAX_GROUPS, parseGroups, suggestionsFor } from './network-mesh-groups';

/**
 * Edits one peer's groups (for reachability rules): chips to remove, a field
 * that adds what is typed (Enter, comma or Add), and the network's groups as
 * suggestions. Saved with PATCH …/mesh/peers/:peer; the API's sentence is
 * shown when it refuses.
 */
@Component({
  selector: 'clan-mesh-groups-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, Dialog, ErrorBox, FocusOnInit],
  styles: `
    .group-chips {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      min-height: 24px;
      margin-bottom: 8px;
    }
    .group-chip {
      display: inline-flex;
      align-items: center;
      gap: 2px;
      padding: 0 2px 0 8px;
      height: 22px;
      border-radius: 11px;
      background: var(--accent-soft);
      color: var(--text);
      font-size: var(--fs-small);
    }
    .group-chip button {
      border: 0;
      background: none;
      color: var(--muted);
      cursor: pointer;
      padding: 0 6px;
      line-height: 1;
      font-size: 14px;
    }
    .group-chip button:hover {
      color: var(--danger);
    }
    .group-suggestions {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      align-items: center;
    }
  `,
  template: `
    <clan-dialog [heading]="'Groups of ' + peer().name" (closed)="closed.emit()">
      <form class="form" (ngSubmit)="save()">
        <p class="muted small">
          Reachability rules can name groups (<code>from.groups</code>, <code>to.groups</code>), e.g. “kids → media: apps”. Lower-case
          words, at most {{ max }} per peer.
        </p>
        <div class="group-chips" data-testid="groups-chosen" aria-live="polite">
          @for (g of chosen(); track g) {
            <span class="group-chip" [attr.data-testid]="'groups-chip-' + g">
              {{ g }}
              <button type="button" [attr.aria-label]="'Remove group ' + g" [attr.data-testid]="'groups-remove-' + g" (click)="drop(g)">
                ×
              </button>
            </span>
          } @empty {
            <span class="muted small">No groups: only rules for everyone, its kind or its name reach it.</span>
          }
        </div>
        <div class="field">
          <label for="mesh-groups-input">Add a group</label>
          <div class="inline-form">
            <input
              id="mesh-groups-input"
              name="group"
              data-testid="groups-input"
              autocomplete="off"
              autocapitalize="none"
              spellcheck="false"
              maxlength="200"
              placeholder="e.g. kids"
              clanFocusOnInit
              [ngModel]="draft()"
              (ngModelChange)="typed($event)"
              (keydown.enter)="addDraft($event)"
            />
            <button type="button" class="btn btn-small" data-testid="groups-add" [disabled]="!draft().trim()" (click)="addDraft()">
              Add
            </button>
          </div>
        </div>
        @if (suggestions().length) {
          <div class="group-suggestions" data-testid="groups-suggestions">
            <span class="muted small">Used in this network:</span>
            @for (g of suggestions(); track g) {
              <button type="button" class="btn btn-small" [attr.data-testid]="'groups-suggest-' + g" (click)="add([g])">+ {{ g }}</button>
            }
          </div>
        }
        @if (problems().length) {
          <ul class="hint hint-error" role="alert" data-testid="groups-problems">
            @for (p of problems(); track p) {
              <li>{{ p }}</li>
            }
          </ul>
        }
        <clan-error [error]="error()" />
        <div class="dialog-actions">
          <button type="button" class="btn" (click)="closed.emit()">Cancel</button>
          <button type="submit" class="btn btn-primary" data-testid="groups-save" [disabled]="busy() || problems().length > 0">
            {{ busy() ? 'Saving…' : 'Save groups' }}
          </button>
        </div>
      </form>
    </clan-dialog>
  `,
})
export class MeshGroupsDialog {
  readonly networkId = input.required<string>();
  readonly peer = input.required<Pick<MeshPeerView, 'name' | 'groups'>>();
  /** The groups already used in the network. */
  readonly known = input<readonly string[]>([]);
  readonly saved = output<MeshPeerView>();
  readonly closed = output<void>();

  private readonly api = inject(MeshApi);
  protected readonly max = MAX_GROUPS;
  /** null until the first edit: the peer's own list. */
  private readonly edited = signal<string[] | null>(null);
  protected readonly chosen = computed(() => this.edited() ?? [...(this.peer().groups ?? [])]);
  protected readonly draft = signal('');
  protected readonly suggestions = computed(() => suggestionsFor(this.chosen(), this.known()));
  protected readonly problems = computed(() => groupsProblems(this.chosen()));
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);

  /** A comma or space ends a word: it becomes a chip at once. */
  protected typed(text: string): void {
    if (/[\s,]/.test(text)) {
      const words = text.split(/[\s,]+/);
      const rest = words.pop() ?? '';
      this.add(parseGroups(words.join(',')));
      this.draft.set(rest);
    } else this.draft.set(text);
  }

  protected addDraft(event?: Event): void {
    // Enter in the field adds the word; it must not submit the form with the word still typed.
    event?.preventDefault();
    this.add(parseGroups(this.draft()));
    this.draft.set('');
  }

  protected add(groups: readonly string[]): void {
    const list = this.chosen();
    this.edited.set([...list, ...groups.filter((g) => !list.includes(g))]);
  }

  protected drop(group: string): void {
    this.edited.set(this.chosen().filter((g) => g !== group));
  }

  protected async save(): Promise<void> {
    // What is still in the field counts: "Save" right after typing a word keeps it.
    if (this.draft().trim()) this.addDraft();
    if (this.busy() || this.problems().length) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const peer = await this.api.updatePeer(this.networkId(), this.peer().name, { groups: this.chosen() });
      this.saved.emit(peer);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
