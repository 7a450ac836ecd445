import { ChangeDetectionStrategy, Component, computed, effect, inject, input, linkedSignal, model, output, untracked } from '@angular/core';
import { formatJsonPath, getAt, jsonEqual, parseJsonPath, setAt, startsWith, type JsonPath } from '../../core/config/json-path';
import { schemaAt, type JsonSchema } from '../../core/config/json-schema';
import { validate, type ValidationIssue } from '../../core/config/schema-validate';
import { SchemaField } from './schema-field';
import { SchemaFormState } from './schema-form-state';

/** A validation error as the API sends it: `field` is a JSON path such as `$.default.resources.vcpus`. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * A form generated from a JSON Schema: objects become fieldsets, strings
 * inputs (selects for enums), numbers number inputs with their range,
 * booleans switches, lists add/remove editors, lists of objects repeated
 * sub-forms. Defaults are the caller's to fill (`fillDefaults`), so an
 * untouched form does not invent changes.
 *
 * `[(value)]` is the value; `valid` says whether it passes the schema. The
 * API's validation errors (`serverErrors`, paths below `errorBase`) appear
 * next to their field until that field changes.
 */
@Component({
  selector: 'clan-schema-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SchemaField],
  providers: [SchemaFormState],
  template: `
    <div class="schema-form" [attr.data-testid]="'schema-form-' + name()">
      @if (unplaced().length) {
        <ul class="sf-errors sf-unplaced" [attr.data-testid]="'schema-form-' + name() + '-unplaced'">
          @for (issue of unplaced(); track $index) {
            <li>
              @if (issue.path.length) {
                <code>{{ pathText(issue.path) }}</code>:
              }
              {{ issue.message }}
            </li>
          }
        </ul>
      }
      <clan-schema-field
        [schema]="schema()"
        [value]="value()"
        [path]="[]"
        [isRoot]="true"
        [showRootTitle]="showTitle()"
        [exclude]="exclude()"
        [lockedKeys]="lockedKeys()"
        [name]="label() || undefined"
      />
    </div>
  `,
})
export class SchemaForm {
  readonly schema = input.required<JsonSchema>();
  /** The document `$ref`s point into, when `schema` is a part of a larger one. */
  readonly rootSchema = input<JsonSchema | null>(null);
  readonly value = model<unknown>(undefined);
  /** Names the form in test ids (`field-<name>-<path>`) and element ids. */
  readonly name = input('form');
  /** Label of the root when the schema has no title. */
  readonly label = input('');
  readonly showTitle = input(true);
  readonly exclude = input<readonly string[]>([]);
  readonly lockedKeys = input<readonly string[]>([]);
  readonly disabled = input(false);
  /** Show every problem, touched or not (after "Next" or "Save" was pressed). */
  readonly revealErrors = input(false);
  readonly serverErrors = input<readonly FieldError[]>([]);
  /** Where this form's value sits in the document the API validated (e.g. `['default', 'applications', 'syncthing']`). */
  readonly errorBase = input<JsonPath>([]);
  readonly validChange = output<boolean>();

  private readonly state = inject(SchemaFormState);

  /** Problems the schema finds, without those of excluded properties (another form shows them). */
  readonly issues = computed<ValidationIssue[]>(() => {
    const exclude = new Set(this.exclude());
    return validate(this.schema(), this.value(), { root: this.rootSchema() ?? this.schema(), label: this.label() || undefined }).filter(
      (issue) => !(issue.path.length > 0 && typeof issue.path[0] === 'string' && exclude.has(issue.path[0])),
    );
  });
  readonly valid = computed(() => this.issues().length === 0);

  /** The server's errors for this form with their path made relative, and the value each one was about. */
  private readonly serverRelative = computed(() => {
    const base = this.errorBase();
    const out: { path: (string | number)[]; message: string }[] = [];
    for (const error of this.serverErrors()) {
      const path = parseJsonPath(error.field);
      if (path && startsWith(path, base)) out.push({ path: path.slice(base.length), message: error.message });
    }
    return out;
  });
  private readonly serverSnapshot = linkedSignal({
    source: this.serverRelative,
    computation: (errors) => {
      const value = untracked(this.value);
      return errors.map((error) => ({ ...error, was: getAt(value, error.path) }));
    },
  });
  /** Server errors stop showing once the user changes what they were about. */
  private readonly currentServerIssues = computed<ValidationIssue[]>(() => {
    const value = this.value();
    return this.serverSnapshot()
      .filter((error) => jsonEqual(getAt(value, error.path), error.was))
      .map(({ path, message }) => ({ path, message }));
  });

  /** Server errors no rendered field can show (a path the schema does not know, or an excluded property). */
  protected readonly unplaced = computed(() => {
    const schema = this.schema();
    const root = this.rootSchema() ?? schema;
    const exclude = new Set(this.exclude());
    return this.currentServerIssues().filter((issue) => {
      if (issue.path.length === 0) return true;
      if (typeof issue.path[0] === 'string' && exclude.has(issue.path[0])) return true;
      const parent = issue.path.slice(0, -1);
      const last = issue.path[issue.path.length - 1];
      // Array items are rendered only while they exist.
      if (typeof last === 'number' && !Array.isArray(getAt(this.value(), parent))) return true;
      return schemaAt(schema, issue.path, root) === undefined;
    });
  });

  constructor() {
    this.state.root = computed(() => this.rootSchema() ?? this.schema());
    this.state.name = this.name;
    this.state.disabled = this.disabled;
    this.state.reveal = this.revealErrors;
    this.state.clientIssues = this.issues;
    this.state.serverIssues = this.currentServerIssues;
    this.state.writer = (path, edit) => this.value.update((root) => writeAt(root, path, edit(getAt(root, path))));
    effect(() => this.validChange.emit(this.valid()));
  }

  protected pathText(path: JsonPath): string {
    return formatJsonPath([...this.errorBase(), ...path]);
  }
}

/** setAt, except that an emptied list entry stays in the list (as null, which validation reports) instead of vanishing while typed over. */
function writeAt(root: unknown, path: JsonPath, next: unknown): unknown {
  const last = path[path.length - 1];
  return setAt(root, path, next === undefined && typeof last === 'number' ? null : next);
}
