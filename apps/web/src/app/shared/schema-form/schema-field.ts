import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { isPlainObject, jsonEqual, type PathSegment } from '../../core/config/json-path';
import { defaultValue, resolveSchema, titleOf, type JsonSchema } from '../../core/config/json-schema';
import { validate } from '../../core/config/schema-validate';
import { SchemaFormState } from './schema-form-state';

interface PropertyView {
  key: string;
  schema: JsonSchema;
  path: PathSegment[];
  required: boolean;
}

/**
 * One value of a JSON-Schema form, rendered by the schema's kind and nested
 * for objects and arrays. It never edits in place: every change is emitted
 * upward as a new value, so the root holds the one true value.
 */
@Component({
  selector: 'clan-schema-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let r = resolved();
    @let s = r.schema;
    @switch (r.kind) {
      @case ('object') {
        <fieldset
          class="sf-object"
          [class.sf-root]="isRoot()"
          [class.sf-item]="itemIndex() !== null"
          [attr.data-testid]="testId()"
          [attr.aria-describedby]="describedBy()"
          [disabled]="disabled()"
        >
          @if (!isRoot() || showRootTitle()) {
            <legend>
              {{ title() }}
              @if (required()) {
                <span class="sf-required" aria-hidden="true">*</span>
              }
            </legend>
          }
          @if (s.description && (!isRoot() || showRootTitle())) {
            <p class="hint" [id]="id() + '-hint'">{{ s.description }}</p>
          }
          @if (itemIndex() !== null) {
            <button
              type="button"
              class="btn btn-small btn-danger-outline sf-remove"
              [attr.aria-label]="'Remove ' + title()"
              (click)="removed.emit()"
            >
              Remove
            </button>
          }
          <ng-container [ngTemplateOutlet]="errors" />
          @for (property of properties(); track property.key) {
            <clan-schema-field
              [schema]="property.schema"
              [value]="objectValue()[property.key]"
              [path]="property.path"
              [name]="property.key"
              [required]="property.required"
              [locked]="locked() || lockedKeys().includes(property.key)"
            />
          }
          @if (extraKeys().length) {
            <p class="hint">
              Also set here (kept as they are): <code>{{ extraKeys().join(', ') }}</code>
            </p>
          }
        </fieldset>
      }
      @case ('array') {
        <fieldset class="sf-array" [attr.data-testid]="testId()" [attr.aria-describedby]="describedBy()" [disabled]="disabled()">
          <legend>
            {{ title() }}
            @if (required()) {
              <span class="sf-required" aria-hidden="true">*</span>
            }
          </legend>
          @if (s.description) {
            <p class="hint" [id]="id() + '-hint'">{{ s.description }}</p>
          }
          <ng-container [ngTemplateOutlet]="errors" />
          @if (itemsAreObjects()) {
            @for (item of arrayValue(); track $index) {
              <clan-schema-field
                [schema]="itemSchema()"
                [value]="item"
                [path]="itemPath($index)"
                [name]="$index"
                [itemIndex]="$index"
                [locked]="locked()"
                [parentTitle]="title()"
                (removed)="removeItem($index)"
              />
            }
          } @else {
            <ul class="sf-list">
              @for (item of arrayValue(); track $index) {
                <li class="sf-list-row">
                  <clan-schema-field
                    [schema]="itemSchema()"
                    [value]="item"
                    [path]="itemPath($index)"
                    [name]="$index"
                    [itemIndex]="$index"
                    [locked]="locked()"
                    [parentTitle]="title()"
                  />
                  <button
                    type="button"
                    class="btn btn-small btn-danger-outline"
                    [attr.aria-label]="'Remove ' + title() + ' entry ' + ($index + 1)"
                    [attr.data-testid]="testId() + '-remove-' + $index"
                    [disabled]="disabled()"
                    (click)="removeItem($index)"
                  >
                    Remove
                  </button>
                </li>
              } @empty {
                <li class="sf-list-empty muted">None.</li>
              }
            </ul>
          }
          <button
            type="button"
            class="btn btn-small sf-add"
            [attr.data-testid]="testId() + '-add'"
            [disabled]="disabled() || full()"
            (click)="addItem()"
          >
            + Add {{ itemNoun() }}
          </button>
        </fieldset>
      }
      @case ('boolean') {
        <div class="field sf-field" [attr.data-testid]="testId()">
          <label class="sf-switch" [for]="id()">
            <input
              type="checkbox"
              role="switch"
              [id]="id()"
              [checked]="value() === true"
              [disabled]="disabled()"
              [attr.aria-describedby]="describedBy()"
              [attr.aria-invalid]="messages().length ? true : null"
              (change)="onCheck($event)"
            />
            <span class="sf-switch-track" aria-hidden="true"></span>
            <span class="sf-switch-label">{{ title() }}</span>
          </label>
          <ng-container [ngTemplateOutlet]="hintAndErrors" />
        </div>
      }
      @case ('enum') {
        <div class="field sf-field" [attr.data-testid]="testId()">
          <ng-container [ngTemplateOutlet]="label" />
          <select
            [id]="id()"
            [disabled]="disabled()"
            [attr.aria-describedby]="describedBy()"
            [attr.aria-invalid]="messages().length ? true : null"
            [attr.aria-required]="required() || null"
            (change)="onSelect($event)"
            (blur)="touch()"
          >
            @if (selectedIndex() < 0) {
              <option value="" selected>{{ value() === undefined ? '— choose —' : 'current: ' + display(value()) }}</option>
            } @else if (!required() && s.default === undefined) {
              <option value="">— not set —</option>
            }
            @for (option of s.enum ?? []; track $index) {
              <option [value]="$index" [selected]="$index === selectedIndex()">{{ display(option) }}</option>
            }
          </select>
          <ng-container [ngTemplateOutlet]="hintAndErrors" />
        </div>
      }
      @case ('const') {
        <div class="field sf-field" [attr.data-testid]="testId()">
          <span>{{ title() }}</span>
          <code>{{ display(s.const) }}</code>
          <ng-container [ngTemplateOutlet]="hintAndErrors" />
        </div>
      }
      @case ('union') {
        <div class="sf-union" [attr.data-testid]="testId()">
          <div class="field sf-field">
            <label [for]="id() + '-variant'">{{ title() }} — kind</label>
            <select [id]="id() + '-variant'" [disabled]="disabled()" (change)="onVariant($event)">
              @for (variant of r.variants; track $index) {
                <option [value]="$index" [selected]="$index === variantIndex()">{{ variantLabel(variant, $index) }}</option>
              }
            </select>
          </div>
          @if (r.variants[variantIndex()]; as variant) {
            <clan-schema-field
              [schema]="variant"
              [value]="value()"
              [path]="path()"
              [name]="name()"
              [required]="required()"
              [locked]="locked()"
            />
          }
        </div>
      }
      @case ('unknown') {
        <div class="field sf-field" [attr.data-testid]="testId()">
          <ng-container [ngTemplateOutlet]="label" />
          <textarea
            class="mono"
            rows="4"
            spellcheck="false"
            [id]="id()"
            [value]="jsonText()"
            [disabled]="disabled()"
            [attr.aria-describedby]="describedBy()"
            (input)="onJson($event)"
            (blur)="touch()"
          ></textarea>
          @if (jsonProblem()) {
            <ul class="sf-errors">
              <li>{{ jsonProblem() }}</li>
            </ul>
          }
          <ng-container [ngTemplateOutlet]="hintAndErrors" />
        </div>
      }
      @default {
        <!-- string, integer, number -->
        <div class="field sf-field" [attr.data-testid]="testId()">
          <ng-container [ngTemplateOutlet]="label" />
          @if (r.kind === 'string' && multiline()) {
            <textarea
              rows="4"
              [id]="id()"
              [value]="textValue()"
              [disabled]="disabled()"
              [attr.aria-describedby]="describedBy()"
              [attr.aria-invalid]="messages().length ? true : null"
              [attr.aria-required]="required() || null"
              (input)="onText($event)"
              (blur)="touch()"
            ></textarea>
          } @else if (r.kind === 'string') {
            <input
              type="text"
              autocomplete="off"
              spellcheck="false"
              [id]="id()"
              [value]="textValue()"
              [disabled]="disabled()"
              [attr.placeholder]="placeholder()"
              [attr.aria-describedby]="describedBy()"
              [attr.aria-invalid]="messages().length ? true : null"
              [attr.aria-required]="required() || null"
              (input)="onText($event)"
              (blur)="touch()"
            />
          } @else {
            <input
              type="number"
              [attr.inputmode]="r.kind === 'integer' ? 'numeric' : 'decimal'"
              [id]="id()"
              [value]="numberText()"
              [attr.min]="s.minimum ?? null"
              [attr.max]="s.maximum ?? null"
              [attr.step]="r.kind === 'integer' ? 1 : 'any'"
              [attr.placeholder]="placeholder()"
              [disabled]="disabled()"
              [attr.aria-describedby]="describedBy()"
              [attr.aria-invalid]="messages().length || badNumber() ? true : null"
              [attr.aria-required]="required() || null"
              (input)="onNumber($event)"
              (blur)="touch()"
            />
            @if (badNumber()) {
              <ul class="sf-errors">
                <li>{{ title() }} must be a number.</li>
              </ul>
            }
          }
          <ng-container [ngTemplateOutlet]="hintAndErrors" />
        </div>
      }
    }

    <ng-template #label>
      <label [for]="id()" [class.sr-only]="itemIndex() !== null">
        {{ title() }}
        @if (required()) {
          <span class="sf-required" aria-hidden="true">*</span>
          <span class="sr-only">(required)</span>
        }
      </label>
    </ng-template>
    <ng-template #hintAndErrors>
      @if (resolved().schema.description && itemIndex() === null) {
        <small class="hint" [id]="id() + '-hint'">{{ resolved().schema.description }}</small>
      }
      <ng-container [ngTemplateOutlet]="errors" />
    </ng-template>
    <ng-template #errors>
      @if (messages().length) {
        <ul class="sf-errors" [id]="id() + '-errors'" [attr.data-testid]="testId() + '-errors'">
          @for (message of messages(); track $index) {
            <li>{{ message }}</li>
          }
        </ul>
      }
    </ng-template>
  `,
  imports: [NgTemplateOutlet],
})
export class SchemaField {
  readonly schema = input.required<JsonSchema | boolean>();
  readonly value = input<unknown>(undefined);
  readonly path = input<PathSegment[]>([]);
  /** The property key or array index (for a label when the schema has no title). */
  readonly name = input<string | number | undefined>(undefined);
  readonly required = input(false);
  readonly isRoot = input(false);
  readonly showRootTitle = input(true);
  /** Top-level properties not rendered here (edited elsewhere). Root only. */
  readonly exclude = input<readonly string[]>([]);
  /** Properties shown but not editable (the API would refuse the change). */
  readonly lockedKeys = input<readonly string[]>([]);
  readonly locked = input(false);
  readonly itemIndex = input<number | null>(null);
  readonly parentTitle = input('');
  readonly removed = output<void>();

  protected readonly state = inject(SchemaFormState);
  protected readonly resolved = computed(() => resolveSchema(this.schema(), this.state.root()));
  protected readonly title = computed(() => {
    const index = this.itemIndex();
    if (index !== null && !this.resolved().schema.title) return `${this.parentTitle() || 'Entry'} ${index + 1}`;
    return titleOf(this.resolved().schema, this.name());
  });
  protected readonly id = computed(() => this.state.idFor(this.path()));
  protected readonly testId = computed(() => this.state.testIdFor(this.path()));
  protected readonly messages = computed(() => this.state.messagesFor(this.path()));
  protected readonly disabled = computed(() => this.state.disabled() || this.locked() || this.resolved().schema.readOnly === true);
  protected readonly describedBy = computed(() => {
    const ids: string[] = [];
    if (this.resolved().schema.description) ids.push(`${this.id()}-hint`);
    if (this.messages().length) ids.push(`${this.id()}-errors`);
    return ids.length ? ids.join(' ') : null;
  });

  // — objects —
  protected readonly objectValue = computed(() => {
    const value = this.value();
    return isPlainObject(value) ? value : {};
  });
  protected readonly properties = computed<PropertyView[]>(() => {
    const schema = this.resolved().schema;
    const required = new Set(schema.required ?? []);
    const exclude = new Set(this.isRoot() ? this.exclude() : []);
    return Object.entries(schema.properties ?? {})
      .filter(([key]) => !exclude.has(key))
      .map(([key, property]) => ({ key, schema: property, path: [...this.path(), key], required: required.has(key) }));
  });
  /** Keys in the value the schema does not describe (nor an excluded sibling form edits): kept, never dropped. */
  protected readonly extraKeys = computed(() => {
    const known = new Set([...Object.keys(this.resolved().schema.properties ?? {}), ...(this.isRoot() ? this.exclude() : [])]);
    return Object.keys(this.objectValue()).filter((key) => !known.has(key));
  });

  // — arrays —
  protected readonly arrayValue = computed(() => {
    const value = this.value();
    return Array.isArray(value) ? (value as unknown[]) : [];
  });
  protected readonly itemSchema = computed<JsonSchema>(() => {
    const items = this.resolved().schema.items;
    return typeof items === 'object' ? items : {};
  });
  protected readonly itemsAreObjects = computed(() => {
    const kind = resolveSchema(this.itemSchema(), this.state.root()).kind;
    return kind === 'object' || kind === 'array' || kind === 'union';
  });
  protected readonly itemNoun = computed(() => {
    const items = resolveSchema(this.itemSchema(), this.state.root()).schema;
    return (items.title ?? 'entry').toLowerCase();
  });
  protected readonly full = computed(() => {
    const max = this.resolved().schema.maxItems;
    return max !== undefined && this.arrayValue().length >= max;
  });

  protected itemPath(index: number): PathSegment[] {
    return [...this.path(), index];
  }

  protected removeItem(index: number): void {
    this.state.touch(this.path());
    this.state.edit(this.path(), (list) => (Array.isArray(list) ? list.filter((_, i) => i !== index) : []));
  }

  protected addItem(): void {
    const root = this.state.root();
    const items = this.itemSchema();
    const { kind, schema } = resolveSchema(items, root);
    let fresh = defaultValue(items, root);
    if (fresh === undefined) {
      if (kind === 'string') fresh = '';
      else if (kind === 'boolean') fresh = false;
      else if (kind === 'integer' || kind === 'number') fresh = schema.minimum ?? 0;
      else if (kind === 'enum') fresh = schema.enum?.[0];
      else if (kind === 'array') fresh = [];
      else fresh = {};
    }
    this.state.edit(this.path(), (list) => [...(Array.isArray(list) ? list : []), fresh]);
  }

  // — scalars —
  protected readonly textValue = computed(() => {
    const value = this.value();
    return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  });
  /** A textarea for free text that may span lines; a pattern-bound string is one line by nature. */
  protected readonly multiline = computed(() => {
    const schema = this.resolved().schema;
    if (schema['x-multiline'] === true || this.textValue().includes('\n')) return true;
    return !schema.pattern && typeof this.name() === 'string' && /text$/i.test(this.name() as string);
  });
  protected readonly placeholder = computed(() => {
    const d = this.resolved().schema.default;
    return typeof d === 'string' || typeof d === 'number' ? String(d) : null;
  });

  protected onText(event: Event): void {
    const text = (event.target as HTMLInputElement | HTMLTextAreaElement).value;
    const schema = this.resolved().schema;
    // An emptied field with a text default keeps "" (an empty welcome text is a choice); otherwise it is unset.
    this.emit(text === '' && typeof schema.default !== 'string' ? undefined : text);
  }

  protected readonly badNumber = signal(false);
  protected readonly numberText = computed(() => {
    const value = this.value();
    return typeof value === 'number' ? String(value) : '';
  });

  protected onNumber(event: Event): void {
    const input = event.target as HTMLInputElement;
    const text = input.value.trim();
    if (text === '') {
      // The browser empties a number input's value while it holds something that is no number ("1e").
      const bad = input.validity?.badInput === true;
      this.badNumber.set(bad);
      if (!bad) this.emit(undefined);
      return;
    }
    const n = Number(text);
    this.badNumber.set(!Number.isFinite(n));
    if (Number.isFinite(n)) this.emit(n);
  }

  protected onCheck(event: Event): void {
    this.state.touch(this.path());
    this.emit((event.target as HTMLInputElement).checked);
  }

  protected readonly selectedIndex = computed(() =>
    (this.resolved().schema.enum ?? []).findIndex((option) => jsonEqual(option, this.value())),
  );

  protected onSelect(event: Event): void {
    const raw = (event.target as HTMLSelectElement).value;
    this.state.touch(this.path());
    this.emit(raw === '' ? undefined : this.resolved().schema.enum?.[Number(raw)]);
  }

  protected display(value: unknown): string {
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  // — unions —
  /** The variant the user picked, which decides while the value is still empty. */
  private readonly chosenVariant = signal<number | null>(null);
  protected readonly variantIndex = computed(() => {
    const { variants } = this.resolved();
    const root = this.state.root();
    const value = this.value();
    const chosen = this.chosenVariant();
    if (value === undefined && chosen !== null) return chosen;
    const exact = variants.findIndex((v) => value !== undefined && validate(v, value, { root }).length === 0);
    if (exact >= 0) return exact;
    const kind = Array.isArray(value) ? 'array' : isPlainObject(value) ? 'object' : typeof value;
    const byType = variants.findIndex((v) => {
      const k = resolveSchema(v, root).kind;
      return k === kind || (kind === 'number' && k === 'integer');
    });
    return Math.max(0, byType);
  });

  protected variantLabel(variant: JsonSchema, index: number): string {
    const resolved = resolveSchema(variant, this.state.root());
    return resolved.schema.title ?? (resolved.kind === 'unknown' ? `Option ${index + 1}` : resolved.kind);
  }

  protected onVariant(event: Event): void {
    const index = Number((event.target as HTMLSelectElement).value);
    const variant = this.resolved().variants[index];
    this.chosenVariant.set(index);
    this.emit(variant ? defaultValue(variant, this.state.root()) : undefined);
  }

  // — anything the renderer has no widget for: JSON text —
  protected readonly jsonProblem = signal<string | null>(null);
  /** What the user typed, kept while it still means the current value (re-printing it would move the caret). */
  private readonly draft = signal<string | null>(null);
  protected readonly jsonText = computed(() => {
    const value = this.value();
    const draft = this.draft();
    if (draft !== null) {
      try {
        if (jsonEqual(JSON.parse(draft), value)) return draft;
      } catch {
        // an unparsable draft is what the user is typing: keep it
        return draft;
      }
    }
    return value === undefined ? '' : JSON.stringify(value, null, 2);
  });

  protected onJson(event: Event): void {
    const text = (event.target as HTMLTextAreaElement).value;
    this.draft.set(text);
    if (text.trim() === '') {
      this.jsonProblem.set(null);
      this.emit(undefined);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      this.jsonProblem.set(null);
      this.emit(parsed);
    } catch (error) {
      this.jsonProblem.set(`Not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  protected touch(): void {
    this.state.touch(this.path());
  }

  private emit(value: unknown): void {
    this.state.set(this.path(), value);
  }
}
