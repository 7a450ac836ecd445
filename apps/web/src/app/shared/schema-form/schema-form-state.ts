import { Injectable, computed, signal, type Signal } from '@angular/core';
import { dottedPath, formatJsonPath, type JsonPath } from '../../core/config/json-path';
import type { JsonSchema } from '../../core/config/json-schema';
import type { ValidationIssue } from '../../core/config/schema-validate';

let nextForm = 0;

/**
 * What every field of one rendered form shares: the root schema, messages,
 * touched fields. Provided by SchemaForm, which points these signals at its inputs.
 */
@Injectable()
export class SchemaFormState {
  root: Signal<JsonSchema> = signal({});
  name: Signal<string> = signal('form');
  disabled: Signal<boolean> = signal(false);
  /** Show every client-side message, touched or not (after the user tried to go on). */
  reveal: Signal<boolean> = signal(false);
  clientIssues: Signal<readonly ValidationIssue[]> = signal([]);
  serverIssues: Signal<readonly ValidationIssue[]> = signal([]);
  /** Applies an edit to the root value; set by SchemaForm. */
  writer: (path: JsonPath, edit: (current: unknown) => unknown) => void = () => undefined;
  private readonly touched = signal<ReadonlySet<string>>(new Set());
  private readonly uid = `sf${++nextForm}`;

  private readonly client = computed(() => group(this.clientIssues()));
  private readonly server = computed(() => group(this.serverIssues()));

  /** Server messages always (they explain why a save failed); the form's own once the field was touched. */
  messagesFor(path: JsonPath): string[] {
    const key = formatJsonPath(path);
    const server = this.server().get(key) ?? [];
    const own = this.reveal() || this.touched().has(key) ? (this.client().get(key) ?? []) : [];
    return [...new Set([...server, ...own])];
  }

  /**
   * Fields write to their own path in the root value, never by rebuilding
   * their parent from inputs: two edits before the next render (autofill, a
   * script) would otherwise undo each other.
   */
  set(path: JsonPath, value: unknown): void {
    this.writer(path, () => value);
  }

  edit(path: JsonPath, edit: (current: unknown) => unknown): void {
    this.writer(path, edit);
  }

  touch(path: JsonPath): void {
    const key = formatJsonPath(path);
    if (!this.touched().has(key)) this.touched.update((set) => new Set([...set, key]));
  }

  idFor(path: JsonPath): string {
    return `${this.uid}-${formatJsonPath(path).replace(/[^A-Za-z0-9_-]+/g, '_')}`;
  }

  testIdFor(path: JsonPath): string {
    return path.length ? `field-${this.name()}-${dottedPath(path)}` : `field-${this.name()}`;
  }
}

function group(issues: readonly ValidationIssue[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const issue of issues) {
    const key = formatJsonPath(issue.path);
    map.set(key, [...(map.get(key) ?? []), issue.message]);
  }
  return map;
}
