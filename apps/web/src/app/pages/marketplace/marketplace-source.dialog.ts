import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal, type OnInit } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { describeError, type ErrorView } from '../../core/api/errors';
import { Dialog } from '../../shared/dialog';
import { ErrorBox } from '../../shared/error-box';
import { FocusOnInit } from '../../shared/focus-on-init';
import { MarketplaceApi, type MarketplaceSourceDetailView } from './marketplace.api';
import {
  routeSourceErrors,
  sourceBody,
  sourceFormProblems,
  type SourceField,
  type SourceForm,
  type SourceProblems,
} from './marketplace-format';

/**
 * Add a marketplace source (host admins): name, git URL, optional branch or tag.
 * The panel fetches and indexes it before answering, so the dialog waits; the
 * API's 400/409 sentences appear under the field they name.
 */
@Component({
  selector: 'clan-marketplace-source-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Dialog, ErrorBox, FormsModule, FocusOnInit],
  template: `
    <clan-dialog heading="Add a marketplace source" (closed)="cancel()">
      <form class="form mkt-form-grid" (ngSubmit)="save()" novalidate data-testid="mkt-source-form">
        <p class="muted small">
          A git repository whose flake has <code>clanMarketplace</code> (docs/marketplace.md). The panel mirrors it, indexes its apps and
          templates with Nix and pins the revision; that can take a minute or two.
        </p>
        <div class="field">
          <label for="mkt-source-name">Name</label>
          <input
            id="mkt-source-name"
            name="name"
            data-testid="mkt-source-name"
            autocomplete="off"
            autocapitalize="none"
            spellcheck="false"
            maxlength="64"
            placeholder="example-apps"
            clanFocusOnInit
            [attr.aria-invalid]="!!shown().name"
            [attr.aria-describedby]="shown().name ? 'mkt-source-name-error' : 'mkt-source-name-hint'"
            [ngModel]="form().name"
            (ngModelChange)="set('name', $event)"
            (blur)="touch('name')"
          />
          @if (shown().name; as problem) {
            <small id="mkt-source-name-error" class="hint hint-error" data-testid="mkt-source-name-error">{{ problem }}</small>
          } @else {
            <small id="mkt-source-name-hint" class="hint">Lower-case letters, digits and “-”; shown on every entry of the source.</small>
          }
        </div>
        <div class="field">
          <label for="mkt-source-url">Git URL</label>
          <input
            id="mkt-source-url"
            name="url"
            type="url"
            data-testid="mkt-source-url"
            autocomplete="off"
            autocapitalize="none"
            spellcheck="false"
            maxlength="1024"
            placeholder="https://git.example.org/author/clan-apps"
            [attr.aria-invalid]="!!shown().url"
            [attr.aria-describedby]="shown().url ? 'mkt-source-url-error' : 'mkt-source-url-hint'"
            [ngModel]="form().url"
            (ngModelChange)="set('url', $event)"
            (blur)="touch('url')"
          />
          @if (shown().url; as problem) {
            <small id="mkt-source-url-error" class="hint hint-error" data-testid="mkt-source-url-error">{{ problem }}</small>
          } @else {
            <small id="mkt-source-url-hint" class="hint"
              >https://, http:// (a loopback or mesh host), file:/// or an absolute path; never a password or token.</small
            >
          }
        </div>
        <div class="field">
          <label for="mkt-source-ref">Branch or tag <span class="muted">(optional)</span></label>
          <input
            id="mkt-source-ref"
            name="ref"
            data-testid="mkt-source-ref"
            autocomplete="off"
            autocapitalize="none"
            spellcheck="false"
            maxlength="255"
            placeholder="main"
            [attr.aria-invalid]="!!shown().ref"
            [attr.aria-describedby]="shown().ref ? 'mkt-source-ref-error' : 'mkt-source-ref-hint'"
            [ngModel]="form().ref"
            (ngModelChange)="set('ref', $event)"
            (blur)="touch('ref')"
          />
          @if (shown().ref; as problem) {
            <small id="mkt-source-ref-error" class="hint hint-error" data-testid="mkt-source-ref-error">{{ problem }}</small>
          } @else {
            <small id="mkt-source-ref-hint" class="hint">Empty: the repository's default branch.</small>
          }
        </div>
        @if (busy()) {
          <p class="alert alert-info" role="status" data-testid="mkt-source-adding">Fetching and indexing the repository…</p>
        }
        <clan-error [error]="error()" />
        <div class="dialog-actions">
          <button type="button" class="btn" [disabled]="busy()" (click)="cancel()">Cancel</button>
          <button type="submit" class="btn btn-primary" data-testid="mkt-source-save" [disabled]="busy()">
            {{ busy() ? 'Adding…' : 'Add source' }}
          </button>
        </div>
      </form>
    </clan-dialog>
  `,
})
export class MarketplaceSourceDialog implements OnInit {
  private readonly api = inject(MarketplaceApi);
  /** Values to start from (a nix:// link's URL and a name suggested from it); every field stays editable. */
  readonly initial = input<Partial<SourceForm>>({});
  readonly added = output<MarketplaceSourceDetailView>();
  readonly closed = output<void>();

  protected readonly form = signal<SourceForm>({ name: '', url: '', ref: '' });
  private readonly touched = signal<ReadonlySet<SourceField>>(new Set());
  private readonly submitted = signal(false);
  /** The API's sentences per field, until that field changes. */
  private readonly serverProblems = signal<SourceProblems>({});
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);

  protected readonly problems = computed(() => sourceFormProblems(this.form()));
  /** A field's problem once it was left (or after Add), the API's own sentence first. */
  protected readonly shown = computed<SourceProblems>(() => {
    const local = this.problems();
    const server = this.serverProblems();
    const out: SourceProblems = {};
    for (const field of ['name', 'url', 'ref'] as const) {
      const visible = this.submitted() || this.touched().has(field);
      const problem = server[field] ?? (visible ? local[field] : undefined);
      if (problem) out[field] = problem;
    }
    return out;
  });

  ngOnInit(): void {
    this.form.update((f) => ({ ...f, ...this.initial() }));
  }

  protected set(field: SourceField, value: string): void {
    this.form.update((f) => ({ ...f, [field]: value }));
    if (this.serverProblems()[field])
      this.serverProblems.update((problems) => {
        const rest = { ...problems };
        delete rest[field];
        return rest;
      });
  }

  protected touch(field: SourceField): void {
    if (this.form()[field] !== '') this.touched.update((t) => new Set(t).add(field));
  }

  protected cancel(): void {
    if (!this.busy()) this.closed.emit();
  }

  async save(): Promise<void> {
    this.submitted.set(true);
    if (this.busy() || Object.keys(this.problems()).length) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const created = await this.api.createSource(sourceBody(this.form()));
      this.added.emit(created);
    } catch (caught) {
      const error = describeError(caught);
      const { problems, rest } = routeSourceErrors(error.fields);
      // 409: a source of that name exists; the sentence belongs under the name.
      if (error.status === 409 && !problems.name) problems.name = error.message;
      this.serverProblems.set(problems);
      const placed = Object.keys(problems).length > 0;
      this.error.set(placed && !rest.length ? null : { ...error, fields: placed ? [] : error.fields });
    } finally {
      this.busy.set(false);
    }
  }
}
