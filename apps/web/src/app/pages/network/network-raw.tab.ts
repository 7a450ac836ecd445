import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  computed,
  effect,
  inject,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { ClanApi } from '../../core/api/clan-api';
import type { WriteResult } from '../../core/api/config-types';
import { describeError, type ErrorView } from '../../core/api/errors';
import { locateJsonPath, syntaxErrorPosition, type TextPosition } from '@clan/nix-schema';
import { parseJsonPath } from '../../core/config/json-path';
import { NetworkStore } from '../../core/networks/network-store';
import { Confirm } from '../../core/ui/confirm';
import { Notifier } from '../../core/ui/notifier';
import { DiffView } from '../../shared/diff-view';
import { ErrorBox } from '../../shared/error-box';
import { NetworkContext } from './network-context';

/** Validation waits for a pause in typing this long before asking the panel. */
export const RAW_VALIDATE_DELAY_MS = 700;

interface RawProblem {
  /** The JSON path the API named (`$.anna.resources.vcpus`), or null for a syntax error. */
  field: string | null;
  message: string;
  position: TextPosition | null;
}

/**
 * configs.json as text, for people who know what they are doing: line
 * numbers, validation as you pause (a dry-run save, so the panel's own rules
 * apply), each problem linked to its line, the exact diff against the head,
 * and a save that refuses to overwrite someone else's change.
 */
@Component({
  selector: 'clan-network-raw-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DiffView, ErrorBox],
  template: `
    <section class="panel" aria-labelledby="raw-title">
      <h2 id="raw-title" class="panel-header">
        <code>configs.json</code>
        @if (revision()) {
          <span class="muted small"
            >at <code [attr.title]="revision()">{{ revision().slice(0, 7) }}</code></span
          >
        }
        <button type="button" class="btn btn-small" [disabled]="loading() || saving()" (click)="reload()">Reload</button>
      </h2>
      <p class="muted small">
        Advanced: the whole network configuration as JSON, exactly as committed. The forms on each machine’s Configuration tab make the same
        changes with less room for mistakes. Every save is checked by the panel and becomes one commit.
      </p>
      @if (!context.canConfigure()) {
        <p class="alert alert-info">You can read this file; network admins change it.</p>
      }
      <clan-error [error]="loadError()" />
      @if (conflict(); as message) {
        <div class="alert alert-warn" role="alert" data-testid="raw-conflict">
          <p><strong>Someone changed the configuration meanwhile.</strong> {{ message }}</p>
          <p>Reload to see their change; your edit is discarded, so copy it first if you need it.</p>
          <button type="button" class="btn btn-small" (click)="reload()">Reload</button>
        </div>
      }
      <div class="code-editor" [class.code-editor-invalid]="problems().length > 0">
        <pre class="code-gutter" aria-hidden="true" #gutter>{{ lineNumbers() }}</pre>
        <textarea
          #editor
          class="code-area"
          data-testid="raw-editor"
          aria-label="configs.json"
          aria-describedby="raw-status"
          spellcheck="false"
          autocapitalize="off"
          autocomplete="off"
          wrap="off"
          [readOnly]="!context.canConfigure()"
          [value]="content()"
          (input)="edit($any($event.target).value)"
          (scroll)="syncGutter()"
          (keydown)="onKeydown($event)"
        ></textarea>
      </div>
      <p id="raw-status" class="raw-status small" role="status">
        @if (loading()) {
          Loading…
        } @else if (validating()) {
          Checking…
        } @else if (problems().length) {
          <span class="text-danger">{{ problems().length }} {{ problems().length === 1 ? 'problem' : 'problems' }}</span>
        } @else if (checkedContent() === content() && dirty()) {
          <span class="text-ok">Valid.</span> Review the changes below, then save.
        } @else if (!dirty()) {
          No changes.
        }
      </p>
      <ul class="raw-errors" data-testid="raw-errors" [hidden]="problems().length === 0" aria-label="Problems">
        @for (problem of problems(); track $index) {
          <li>
            <button type="button" class="link-btn raw-error" [attr.data-testid]="'raw-error-' + $index" (click)="goTo(problem)">
              @if (problem.position) {
                <span class="raw-error-line">line {{ problem.position.line }}</span>
              }
              @if (problem.field) {
                <code>{{ problem.field }}</code>
              }
            </button>
            {{ problem.message }}
          </li>
        }
      </ul>
      <clan-error [error]="saveError()" />
      @if (context.canConfigure()) {
        <div class="form-actions">
          <button type="button" class="btn" data-testid="raw-validate" [disabled]="loading() || validating()" (click)="validateNow()">
            Validate
          </button>
          <button type="button" class="btn" [disabled]="!dirty() || saving()" (click)="discard()">Discard edits</button>
          <button
            type="button"
            class="btn btn-primary"
            data-testid="raw-save"
            [disabled]="!dirty() || saving() || loading() || problems().length > 0"
            (click)="save()"
          >
            {{ saving() ? 'Saving…' : 'Save' }}
          </button>
        </div>
      }
    </section>
    @if (dirty() && preview(); as p) {
      <section class="panel" aria-labelledby="raw-diff-title">
        <h2 id="raw-diff-title" class="panel-header">What saving commits</h2>
        <clan-diff-view testId="diff-preview" [patch]="p.diff.patch" emptyText="No changes: the panel stores this exactly as it is now." />
      </section>
    }
  `,
})
export class NetworkRawTab {
  protected readonly context = inject(NetworkContext);
  private readonly api = inject(ClanApi);
  private readonly store = inject(NetworkStore);
  private readonly notifier = inject(Notifier);
  private readonly confirm = inject(Confirm);

  protected readonly revision = signal('');
  private readonly original = signal('');
  protected readonly content = signal('');
  protected readonly loading = signal(false);
  protected readonly loadError = signal<ErrorView | null>(null);
  protected readonly validating = signal(false);
  protected readonly saving = signal(false);
  protected readonly problems = signal<RawProblem[]>([]);
  protected readonly preview = signal<WriteResult | null>(null);
  /** The text the last completed check was about. */
  protected readonly checkedContent = signal<string | null>(null);
  protected readonly saveError = signal<ErrorView | null>(null);
  protected readonly conflict = signal<string | null>(null);

  protected readonly dirty = computed(() => this.content() !== this.original());
  protected readonly lineNumbers = computed(() => {
    const count = this.content().split('\n').length;
    return Array.from({ length: count }, (_, i) => i + 1).join('\n');
  });

  private readonly editor = viewChild<ElementRef<HTMLTextAreaElement>>('editor');
  private readonly gutter = viewChild<ElementRef<HTMLElement>>('gutter');
  private timer: ReturnType<typeof setTimeout> | null = null;
  private checkSeq = 0;

  constructor() {
    effect(() => {
      const id = this.context.networkId();
      if (id) untracked(() => void this.load(id));
    });
    inject(DestroyRef).onDestroy(() => this.cancelTimer());
  }

  protected edit(text: string): void {
    this.content.set(text);
    this.saveError.set(null);
    this.cancelTimer();
    if (!this.dirty()) {
      this.problems.set([]);
      this.preview.set(null);
      return;
    }
    this.timer = setTimeout(() => void this.check(), RAW_VALIDATE_DELAY_MS);
  }

  protected validateNow(): void {
    this.cancelTimer();
    void this.check();
  }

  /** Tab indents instead of leaving the editor (Escape first, then Tab, leaves it). */
  protected onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Tab' || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
    const area = event.target as HTMLTextAreaElement;
    if (area.readOnly) return;
    event.preventDefault();
    const { selectionStart: start, selectionEnd: end, value } = area;
    area.value = `${value.slice(0, start)}  ${value.slice(end)}`;
    area.setSelectionRange(start + 2, start + 2);
    this.edit(area.value);
  }

  protected syncGutter(): void {
    const area = this.editor()?.nativeElement;
    const gutter = this.gutter()?.nativeElement;
    if (area && gutter) gutter.scrollTop = area.scrollTop;
  }

  /** Puts the cursor on the problem's line, with the key selected. */
  protected goTo(problem: RawProblem): void {
    const area = this.editor()?.nativeElement;
    if (!area) return;
    const position = problem.position ?? (problem.field ? this.locate(problem.field) : null);
    if (!position) {
      area.focus();
      return;
    }
    const text = this.content();
    const lineEnd = text.indexOf('\n', position.offset);
    const keyEnd = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(position.offset, lineEnd < 0 ? undefined : lineEnd));
    area.focus();
    area.setSelectionRange(position.offset, keyEnd ? position.offset + keyEnd[0].length : position.offset);
    const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 18;
    area.scrollTop = Math.max(0, (position.line - 3) * lineHeight);
    this.syncGutter();
  }

  protected async reload(): Promise<void> {
    const id = this.context.networkId();
    if (!id) return;
    if (this.dirty() && !this.conflict()) {
      const yes = await this.confirm.ask({
        title: 'Discard your edits?',
        message: 'Reloading replaces your unsaved edits with the configuration as it is now.',
        confirmLabel: 'Discard and reload',
        danger: true,
      });
      if (!yes) return;
    }
    await this.load(id);
  }

  protected discard(): void {
    this.cancelTimer();
    this.content.set(this.original());
    this.problems.set([]);
    this.preview.set(null);
    this.saveError.set(null);
  }

  protected async save(): Promise<void> {
    const id = this.context.networkId();
    if (!id || !this.dirty()) return;
    this.cancelTimer();
    if (this.checkedContent() !== this.content() || this.problems().length) {
      await this.check();
      if (this.problems().length) return;
    }
    const content = this.content();
    this.saving.set(true);
    this.saveError.set(null);
    try {
      const result = await this.api.saveConfigRaw(id, content, this.revision() || undefined);
      this.notifier.ok(
        result.committed ? `configs.json saved as ${result.revision?.slice(0, 7) ?? 'a new revision'}.` : 'Nothing changed.',
      );
      await this.load(id);
      void this.store.loadMachines(id);
    } catch (error) {
      if (describeError(error).status === 409) {
        this.conflict.set(describeError(error).message);
      } else {
        this.applyError(error, content);
      }
    } finally {
      this.saving.set(false);
    }
  }

  private async load(networkId: string): Promise<void> {
    this.cancelTimer();
    this.loading.set(true);
    try {
      const raw = await this.api.configRaw(networkId);
      if (networkId !== this.context.networkId()) return;
      this.revision.set(raw.revision);
      this.original.set(raw.content);
      this.content.set(raw.content);
      this.problems.set([]);
      this.preview.set(null);
      this.checkedContent.set(raw.content);
      this.conflict.set(null);
      this.saveError.set(null);
      this.loadError.set(null);
    } catch (error) {
      this.loadError.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }

  /** Syntax first (here, instantly), then the panel's rules (a dry-run save). */
  private async check(): Promise<void> {
    const id = this.context.networkId();
    const content = this.content();
    if (!id) return;
    const seq = ++this.checkSeq;
    try {
      JSON.parse(content);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.problems.set([{ field: null, message: `Not valid JSON: ${message}`, position: syntaxErrorPosition(content, message) }]);
      this.preview.set(null);
      this.checkedContent.set(content);
      return;
    }
    if (!this.context.canConfigure()) return;
    this.validating.set(true);
    try {
      const preview = await this.api.saveConfigRaw(id, content, this.revision() || undefined, { dryRun: true });
      if (seq !== this.checkSeq) return;
      this.problems.set([]);
      this.preview.set(preview);
      this.saveError.set(null);
      this.checkedContent.set(content);
    } catch (error) {
      if (seq !== this.checkSeq) return;
      if (describeError(error).status === 409) {
        this.conflict.set(describeError(error).message);
        this.problems.set([]);
      } else {
        this.applyError(error, content);
      }
      this.checkedContent.set(content);
    } finally {
      if (seq === this.checkSeq) this.validating.set(false);
    }
  }

  /** A 400 with fields becomes the list of problems; anything else is shown as it is. */
  private applyError(error: unknown, content: string): void {
    const view = describeError(error);
    if (view.status === 400 && view.fields.length) {
      this.problems.set(
        view.fields.map((f) => {
          // Malformed JSON comes back on `$` (or `content`) with its line and column in the sentence.
          const whole = f.field === 'content' || f.field === '$';
          return {
            field: f.field === 'content' ? null : f.field,
            message: f.message,
            position: (whole ? syntaxErrorPosition(content, f.message) : null) ?? this.locate(f.field, content),
          };
        }),
      );
      this.preview.set(null);
    } else if (view.status === 400) {
      this.problems.set([{ field: null, message: view.message, position: syntaxErrorPosition(content, view.message) }]);
      this.preview.set(null);
    } else {
      this.saveError.set(view);
    }
  }

  private locate(field: string, content = this.content()): TextPosition | null {
    const path = parseJsonPath(field);
    return path ? locateJsonPath(content, path) : null;
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
