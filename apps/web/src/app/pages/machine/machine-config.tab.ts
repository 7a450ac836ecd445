import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, signal, untracked } from '@angular/core';
import { ActivatedRoute } from '@angular/router';
import { ClanApi } from '../../core/api/clan-api';
import type { MachineConfig, WriteResult } from '../../core/api/config-types';
import { describeError, type ErrorView } from '../../core/api/errors';
import { NetworkMarketplaceService, type NetworkMarketplaceApp } from '../../core/api/network-marketplace.service';
import { CatalogStore } from '../../core/config/catalog-store';
import { dottedPath, isPlainObject, jsonEqual, leaves, getAt, type PathSegment } from '../../core/config/json-path';
import { applyEdits, editsBetween, type JsonEdit } from '../../core/config/reapply';
import { defaultValue, fillDefaults, type JsonSchema } from '../../core/config/json-schema';
import { validate } from '../../core/config/schema-validate';
import { NetworkStore } from '../../core/networks/network-store';
import { Notifier } from '../../core/ui/notifier';
import { ErrorBox } from '../../shared/error-box';
import { PreviewDialog } from '../../shared/preview-dialog';
import { SchemaForm, type FieldError } from '../../shared/schema-form/schema-form';
import { MachineContext } from './machine-context';

/** Keys only network admins may change (docs/api.md, "Control modes"). */
const ADMINISTRATION_KEYS = ['adminMode', 'localAdmins'];

/** Which layer a write replaces: the form (network layer) or the local layer (overrides). */
type Layer = 'network' | 'local';

interface PendingWrite {
  layer: Layer;
  heading: string;
  intro: string;
  applyLabel: string;
  danger: boolean;
  result: WriteResult;
  apply: (message: string) => Promise<void>;
}

interface OverrideRow {
  path: PathSegment[];
  dotted: string;
  value: string;
  networkValue: string;
}

/** A write refused because someone else changed the machine since it was opened (409), with the person's edits kept. */
export interface WriteConflict {
  layer: Layer;
  message: string;
  edits: JsonEdit[];
}

/** An app the form offers: a built-in one (the catalog) or a third-party one pinned in the network (`from`: its source's name). */
interface AppChoice {
  key: string;
  title: string;
  description: string;
  schema: JsonSchema;
  defaults: Record<string, unknown> | null;
  from: string | null;
}

const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));

@Component({
  selector: 'clan-machine-config-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SchemaForm, ErrorBox, PreviewDialog, NgTemplateOutlet],
  template: `
    @if (context.machine(); as m) {
      @if (schemas(); as s) {
        <clan-error [error]="error()" />
        @if (conflict()?.layer === 'network') {
          <ng-container *ngTemplateOutlet="conflictBox" />
        }
        @if (reapplied() === 'network') {
          <p class="alert alert-info" data-testid="reapplied">
            Your changes are applied again on top of the latest configuration. Review them, then save.
          </p>
        }
        @if (!context.mayEditNetworkLayer()) {
          <p class="alert alert-info" data-testid="network-layer-readonly">{{ networkLayerNote() }}</p>
        }
        <section class="panel" aria-labelledby="apps-title">
          <h2 id="apps-title" class="panel-header">Apps <span class="muted small">network layer</span></h2>
          @for (key of appKeys(); track key) {
            <section class="app-form" [attr.data-testid]="'app-form-' + key">
              <header class="app-form-head">
                <h3>{{ appOf(key)?.title ?? key }}</h3>
                @if (appOf(key)?.from; as from) {
                  <span class="badge badge-warn" [attr.data-testid]="'app-from-' + key">From the Marketplace · {{ from }}</span>
                }
                @if (appOf(key)?.description) {
                  <span class="muted small">{{ appOf(key)?.description }}</span>
                }
                @if (context.mayEditNetworkLayer()) {
                  <button
                    type="button"
                    class="btn btn-small btn-danger-outline"
                    [attr.data-testid]="'app-remove-' + key"
                    (click)="removeApp(key)"
                  >
                    Remove app
                  </button>
                }
              </header>
              <clan-schema-form
                [name]="'app-' + key"
                [schema]="appSchema(key)"
                [showTitle]="false"
                [value]="appValue(key)"
                (valueChange)="setApp(key, $event)"
                [disabled]="!context.mayEditNetworkLayer()"
                [revealErrors]="reveal()"
                [serverErrors]="serverErrors()"
                [errorBase]="[m.name, 'applications', key]"
              />
            </section>
          } @empty {
            <p class="muted">No apps yet.</p>
          }
          @if (context.mayEditNetworkLayer() && addableApps().length) {
            <div class="inline-form add-app">
              <div class="field">
                <label for="add-app">Add an app</label>
                <select id="add-app" data-testid="add-app" [value]="appToAdd()" (change)="appToAdd.set($any($event.target).value)">
                  <option value="">— choose —</option>
                  @for (app of addableApps(); track app.key) {
                    <option [value]="app.key" [selected]="app.key === appToAdd()">
                      {{ app.title }}{{ app.from ? ' — From the Marketplace · ' + app.from : '' }}
                    </option>
                  }
                </select>
              </div>
              <button type="button" class="btn" data-testid="add-app-confirm" [disabled]="!appToAdd()" (click)="addApp()">Add</button>
            </div>
          }
        </section>

        <section class="panel" aria-labelledby="settings-title">
          <h2 id="settings-title" class="panel-header">Machine settings <span class="muted small">network layer</span></h2>
          <clan-schema-form
            name="machine"
            [schema]="s.machine"
            [showTitle]="false"
            label="Machine"
            [value]="draft()"
            (valueChange)="setDraft($event)"
            [exclude]="['applications', 'mesh']"
            [lockedKeys]="context.mayChangeAdministration() ? [] : administrationKeys"
            [disabled]="!context.mayEditNetworkLayer()"
            [revealErrors]="reveal()"
            [serverErrors]="serverErrors()"
            [errorBase]="[m.name]"
          />
          @if (dropsLocalLayer()) {
            <p class="alert alert-warn" data-testid="remote-drops-overrides">
              Switching {{ m.name }} to remote administration drops its local layer ({{ overrideRows().length }}
              {{ overrideRows().length === 1 ? 'override' : 'overrides' }}); the preview shows it.
            </p>
          }
          @if (!context.mayChangeAdministration() && context.mayEditNetworkLayer()) {
            <p class="muted small">Administration and local admins are set by network admins.</p>
          }
        </section>

        @if (context.mayEditNetworkLayer()) {
          <div class="form-actions sticky-actions">
            @if (dirty()) {
              <span class="muted small">Unsaved changes</span>
              <button type="button" class="btn" (click)="resetDraft()">Discard</button>
            }
            <button type="button" class="btn btn-primary" data-testid="config-save" [disabled]="busy() || !dirty()" (click)="save()">
              {{ busy() ? 'Checking…' : 'Save…' }}
            </button>
          </div>
        }

        <section class="panel" aria-labelledby="local-title" data-testid="local-layer">
          <h2 id="local-title" class="panel-header">Local layer <span class="muted small">overrides</span></h2>
          @if (m.adminMode === 'remote') {
            <p class="muted">{{ m.name }} is remotely managed: it has no local layer; network admins change its configuration.</p>
          } @else {
            <p class="muted small">
              Settings the machine’s local admins ({{ m.localAdmins.length ? m.localAdmins.join(', ') : 'none set yet' }}) put over the
              network layer. Objects merge; lists and single values replace the network layer’s.
            </p>
            <clan-error [error]="localError()" />
            @if (conflict()?.layer === 'local') {
              <ng-container *ngTemplateOutlet="conflictBox" />
            }
            @if (reapplied() === 'local') {
              <p class="alert alert-info" data-testid="reapplied">
                Your local layer is applied again on top of the latest one. Review it, then save.
              </p>
            }
            @if (overrideRows().length) {
              <div class="table-wrap">
                <table class="table table-compact table-cards">
                  <thead>
                    <tr>
                      <th scope="col">Setting</th>
                      <th scope="col">Local value</th>
                      <th scope="col">Network layer</th>
                      @if (context.mayEditLocalLayer()) {
                        <th scope="col"><span class="sr-only">Actions</span></th>
                      }
                    </tr>
                  </thead>
                  <tbody>
                    @for (row of overrideRows(); track row.dotted) {
                      <tr [attr.data-testid]="'override-' + row.dotted">
                        <td data-label="Setting">
                          <code>{{ row.dotted }}</code>
                        </td>
                        <td data-label="Local value">
                          <code>{{ row.value }}</code>
                        </td>
                        <td data-label="Network layer" class="muted">
                          <code>{{ row.networkValue }}</code>
                        </td>
                        @if (context.mayEditLocalLayer()) {
                          <td class="actions">
                            <button
                              type="button"
                              class="btn btn-small btn-danger-outline"
                              [attr.data-testid]="'override-revoke-' + row.dotted"
                              [disabled]="busy()"
                              (click)="previewRevoke(row.dotted)"
                            >
                              Revoke
                            </button>
                          </td>
                        }
                      </tr>
                    }
                  </tbody>
                </table>
              </div>
            } @else {
              <p class="muted">No local overrides: the machine runs the network layer as it is.</p>
            }
            @if (context.mayEditLocalLayer()) {
              <div class="form-actions">
                @if (overrideRows().length > 1) {
                  <button type="button" class="btn btn-small btn-danger-outline" [disabled]="busy()" (click)="previewRevoke(undefined)">
                    Revoke all
                  </button>
                }
                <button type="button" class="btn btn-small" data-testid="overrides-edit" (click)="toggleOverridesEditor()">
                  {{ editingOverrides() ? 'Close editor' : 'Edit local layer' }}
                </button>
              </div>
              @if (editingOverrides()) {
                <div class="field">
                  <label for="overrides-json">Local layer (JSON: a partial machine configuration)</label>
                  <textarea
                    id="overrides-json"
                    class="mono"
                    rows="10"
                    spellcheck="false"
                    data-testid="overrides-editor"
                    [value]="overridesText()"
                    (input)="overridesText.set($any($event.target).value)"
                  ></textarea>
                  @if (overridesProblems().length) {
                    <ul class="sf-errors" data-testid="overrides-errors">
                      @for (problem of overridesProblems(); track $index) {
                        <li>{{ problem }}</li>
                      }
                    </ul>
                  }
                </div>
                <div class="form-actions">
                  <button type="button" class="btn btn-primary" data-testid="overrides-save" [disabled]="busy()" (click)="saveOverrides()">
                    Save local layer…
                  </button>
                </div>
              }
            } @else {
              <p class="muted small">{{ localLayerNote() }}</p>
            }
          }
        </section>
      } @else if (catalog.error(); as e) {
        <clan-error [error]="e" />
      } @else {
        <p class="muted">Loading the forms…</p>
      }
    } @else if (!context.error()) {
      <p class="muted">Loading…</p>
    }

    <ng-template #conflictBox>
      @if (conflict(); as c) {
        <div class="alert alert-warn" role="alert" data-testid="write-conflict">
          <p>{{ c.message }}</p>
          <div class="form-actions">
            <button type="button" class="btn btn-primary" data-testid="conflict-reapply" [disabled]="busy()" (click)="reloadAndReapply()">
              Reload and re-apply my changes
            </button>
            <button type="button" class="btn" data-testid="conflict-discard" [disabled]="busy()" (click)="discardChanges()">
              Discard my changes
            </button>
          </div>
        </div>
      }
    </ng-template>

    @if (pending(); as p) {
      <clan-preview-dialog
        [heading]="p.heading"
        [intro]="p.intro"
        [preview]="p.result"
        [applyLabel]="p.applyLabel"
        [danger]="p.danger"
        [busy]="busy()"
        [error]="pendingError()"
        (applied)="apply($event)"
        (cancelled)="pending.set(null)"
      />
    }
  `,
})
export class MachineConfigTab {
  protected readonly context = inject(MachineContext);
  protected readonly catalog = inject(CatalogStore);
  private readonly api = inject(ClanApi);
  private readonly marketplace = inject(NetworkMarketplaceService);
  private readonly store = inject(NetworkStore);
  private readonly notifier = inject(Notifier);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly administrationKeys = ADMINISTRATION_KEYS;

  protected readonly schemas = this.catalog.schemas;
  /** The network layer as loaded (defaults filled) and as being edited. */
  private readonly initial = signal<MachineConfig>({});
  protected readonly draft = signal<MachineConfig>({});
  protected readonly reveal = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly serverErrors = signal<FieldError[]>([]);
  protected readonly pending = signal<PendingWrite | null>(null);
  protected readonly pendingError = signal<ErrorView | null>(null);
  protected readonly appToAdd = signal('');
  protected readonly localError = signal<ErrorView | null>(null);
  protected readonly editingOverrides = signal(false);
  protected readonly overridesText = signal('');
  protected readonly overridesProblems = signal<string[]>([]);
  /** The revision the machine was read at: every write carries it (a stale one answers 409). */
  private readonly base = signal<string | null>(null);
  /** A 409: the sentence and the person's edits, until they reload (re-applying them) or discard them. */
  protected readonly conflict = signal<WriteConflict | null>(null);
  /** After "Reload and re-apply": the layer whose edits now sit on the latest configuration, unsaved. */
  protected readonly reapplied = signal<Layer | null>(null);
  /** Edits to put back on the next loaded machine (set just before reloading). */
  private reapplyNext: WriteConflict | null = null;

  protected readonly dirty = computed(() => !jsonEqual(this.draft(), this.initial()));
  protected readonly applications = computed(() => {
    const apps = this.draft()['applications'];
    return isPlainObject(apps) ? apps : {};
  });
  protected readonly appKeys = computed(() => Object.keys(this.applications()));
  /** Third-party apps pinned in the network (GET …/marketplace); none when that cannot be read (the API still validates on save). */
  protected readonly marketplaceApps = signal<NetworkMarketplaceApp[]>([]);
  /** The built-in apps, then the network's Marketplace apps (a built-in key wins). */
  protected readonly choices = computed<AppChoice[]>(() => {
    const builtIn = this.catalog.apps().map((app) => ({ ...app, defaults: null, from: null }));
    const taken = new Set(builtIn.map((app) => app.key));
    const pinned = this.marketplaceApps()
      .filter((app) => !taken.has(app.key))
      .map((app) => ({
        key: app.key,
        title: app.title,
        description: app.description,
        schema: app.schema,
        defaults: app.defaults,
        from: app.source.name,
      }));
    return [...builtIn, ...pinned];
  });
  protected readonly addableApps = computed(() => this.choices().filter((app) => !(app.key in this.applications())));
  protected readonly overrideRows = computed<OverrideRow[]>(() => {
    const machine = this.context.machine();
    if (!machine) return [];
    return leaves(machine.overrides ?? {}).map(({ path, value }) => ({
      path,
      dotted: dottedPath(path),
      value: show(value),
      networkValue: show(getAt(machine.config, path)),
    }));
  });
  protected readonly dropsLocalLayer = computed(
    () => this.draft()['adminMode'] === 'remote' && this.initial()['adminMode'] !== 'remote' && this.overrideRows().length > 0,
  );
  protected readonly networkLayerNote = computed(() => {
    const m = this.context.machine();
    if (!m) return '';
    if (m.adminMode === 'remote') return `${m.name} is remotely managed: only network admins change it.`;
    if (m.adminMode === 'local')
      return `${m.name} is locally managed: network admins change its network layer; its local admins change its overrides below.`;
    return `${m.name} is shared: network admins and its local admins change it.`;
  });
  protected readonly localLayerNote = computed(() => {
    const m = this.context.machine();
    if (!m) return '';
    if (m.adminMode === 'local') return `Only its local admins (${m.localAdmins.join(', ') || 'none set yet'}) change its overrides.`;
    return 'Only network admins and its local admins change its overrides.';
  });

  constructor() {
    void this.catalog.load();
    // ?app=<key> (the Marketplace's "Install on machine…"): that app is chosen in "Add an app", not added, so nothing changes unasked.
    const requested = inject(ActivatedRoute, { optional: true })?.snapshot.queryParamMap.get('app');
    if (requested) {
      const choose = effect(() => {
        const machine = this.context.machine();
        if (!machine || !this.schemas() || !this.appOf(requested)) return;
        choose.destroy();
        const installed = machine.config['applications'];
        if (!isPlainObject(installed) || !(requested in installed)) untracked(() => this.appToAdd.set(requested));
      });
    }
    effect(() => {
      const networkId = this.context.network.networkId();
      if (networkId) untracked(() => void this.loadMarketplaceApps(networkId));
    });
    // A (re)loaded machine or schema resets the editor to what is committed.
    effect(() => {
      const machine = this.context.machine();
      const schemas = this.schemas();
      if (!machine || !schemas) return;
      untracked(() => {
        const filled = fillDefaults(schemas.machine, structuredClone(machine.config), schemas.machine) as MachineConfig;
        const again = this.reapplyNext;
        this.reapplyNext = null;
        this.base.set(machine.head ?? null);
        this.initial.set(filled);
        this.draft.set(again?.layer === 'network' ? applyEdits(filled, again.edits) : filled);
        this.serverErrors.set([]);
        this.reveal.set(false);
        const overrides = machine.overrides ?? {};
        this.overridesText.set(JSON.stringify(again?.layer === 'local' ? applyEdits(overrides, again.edits) : overrides, null, 2));
        if (again?.layer === 'local') this.editingOverrides.set(true);
        this.reapplied.set(again?.layer ?? null);
      });
    });
  }

  private async loadMarketplaceApps(networkId: string): Promise<void> {
    try {
      const { apps } = await this.marketplace.marketplace(networkId);
      if (this.context.network.networkId() === networkId) this.marketplaceApps.set(apps);
    } catch {
      this.marketplaceApps.set([]);
    }
  }

  protected appOf(key: string): AppChoice | undefined {
    return this.choices().find((app) => app.key === key);
  }

  /** The catalog's (or the pinned Marketplace app's) schema of the app; the machine schema's entry for it otherwise. */
  protected appSchema(key: string): JsonSchema {
    const fromCatalog = this.appOf(key)?.schema;
    if (fromCatalog) return fromCatalog;
    const machine = this.schemas()?.machine;
    const fromMachine = machine?.properties?.['applications']?.properties?.[key];
    return fromMachine ?? {};
  }

  protected appValue(key: string): unknown {
    return this.applications()[key];
  }

  protected setDraft(value: unknown): void {
    if (isPlainObject(value)) this.draft.set(value);
  }

  protected setApp(key: string, value: unknown): void {
    this.draft.update((draft) => ({ ...draft, applications: { ...this.applications(), [key]: value ?? {} } }));
  }

  protected addApp(): void {
    const key = this.appToAdd();
    const schema = this.appSchema(key);
    if (!key) return;
    // A Marketplace app's own defaults over its schema's.
    const fresh = {
      ...((defaultValue(schema, schema) ?? {}) as Record<string, unknown>),
      ...structuredClone(this.appOf(key)?.defaults ?? {}),
    };
    // Adding an app means running it.
    if (schema.properties?.['enable']) fresh['enable'] = true;
    this.setApp(key, fresh);
    this.appToAdd.set('');
  }

  protected removeApp(key: string): void {
    const apps = { ...this.applications() };
    delete apps[key];
    this.draft.update((draft) => ({ ...draft, applications: apps }));
  }

  /** The write options every write of this tab sends: the revision the machine was read at. */
  private based(options: { dryRun?: boolean; message?: string }): { dryRun?: boolean; message?: string; baseRevision?: string } {
    return { ...options, baseRevision: this.base() ?? undefined };
  }

  /** Loads the latest configuration and puts the person's edits back on top, as an unsaved draft to review. */
  protected async reloadAndReapply(): Promise<void> {
    const c = this.conflict();
    if (!c) return;
    this.reapplyNext = c;
    await this.reloadAfterConflict();
  }

  /** Loads the latest configuration and drops the person's edits. */
  protected async discardChanges(): Promise<void> {
    this.reapplyNext = null;
    this.editingOverrides.set(false);
    await this.reloadAfterConflict();
  }

  private async reloadAfterConflict(): Promise<void> {
    this.conflict.set(null);
    this.error.set(null);
    this.localError.set(null);
    this.busy.set(true);
    try {
      await this.context.reload();
    } finally {
      this.busy.set(false);
    }
  }

  /** A 409 of a write: the sentence, with the choice to re-apply the edits on the latest configuration. */
  private isConflict(error: unknown): boolean {
    return describeError(error).status === 409;
  }

  private showConflict(layer: Layer, error: unknown, edits: JsonEdit[]): void {
    this.pending.set(null);
    this.reapplied.set(null);
    this.conflict.set({ layer, message: describeError(error).message, edits });
  }

  /** What the person changed in the layer since it was loaded. */
  private editsOf(layer: Layer): JsonEdit[] {
    if (layer === 'network') return editsBetween(this.initial(), this.draft());
    try {
      return editsBetween(this.context.machine()?.overrides ?? {}, JSON.parse(this.overridesText() || '{}'));
    } catch {
      return [];
    }
  }

  protected resetDraft(): void {
    this.reapplied.set(null);
    this.draft.set(this.initial());
    this.serverErrors.set([]);
    this.reveal.set(false);
    this.error.set(null);
  }

  /** Problems the schemas find in the whole draft: the machine settings and every app. */
  private clientProblems(): number {
    const schemas = this.schemas();
    if (!schemas) return 0;
    const settings = validate(schemas.machine, this.draft(), { root: schemas.machine }).filter((i) => i.path[0] !== 'applications');
    const apps = this.appKeys().flatMap((key) => validate(this.appSchema(key), this.appValue(key)));
    return settings.length + apps.length;
  }

  protected async save(): Promise<void> {
    const networkId = this.context.network.networkId();
    const name = this.context.name();
    if (!networkId || !name) return;
    this.error.set(null);
    if (this.clientProblems() > 0) {
      this.reveal.set(true);
      this.scrollToFirstProblem();
      return;
    }
    const config = this.body();
    await this.preview(
      () => this.api.updateMachine(networkId, name, config, this.based({ dryRun: true })),
      (result) => ({
        layer: 'network',
        heading: `Save ${name}?`,
        intro: 'This is the change to configs.json that saving commits:',
        applyLabel: 'Apply',
        danger: false,
        result,
        apply: async (message) => {
          const done = await this.api.updateMachine(networkId, name, config, this.based({ message }));
          this.notifier.ok(done.committed ? `${name} saved.` : 'Nothing changed.');
        },
      }),
      (error) => this.showWriteError(error),
    );
  }

  /** What the PUT carries: administration fields only from those who may change them (the API keeps them otherwise). */
  private body(): MachineConfig {
    const config = { ...this.draft() };
    if (!this.context.mayChangeAdministration()) for (const key of ADMINISTRATION_KEYS) delete config[key];
    return config;
  }

  protected async previewRevoke(path: string | undefined): Promise<void> {
    const networkId = this.context.network.networkId();
    const name = this.context.name();
    if (!networkId || !name) return;
    this.localError.set(null);
    await this.preview(
      () => this.api.revokeOverride(networkId, name, path, this.based({ dryRun: true })),
      (result) => ({
        layer: 'local',
        heading: path ? `Revoke the override of ${path}?` : `Revoke every override of ${name}?`,
        intro: path
          ? `${name} goes back to the network layer’s value of ${path}.`
          : `${name} goes back to the network layer for every setting.`,
        applyLabel: 'Revoke',
        danger: true,
        result,
        apply: async (message) => {
          await this.api.revokeOverride(networkId, name, path, this.based({ message }));
          this.notifier.ok(path ? `Override of ${path} revoked.` : 'Every override revoked.');
        },
      }),
      (error) => (this.isConflict(error) ? this.showConflict('local', error, []) : this.localError.set(describeError(error))),
    );
  }

  protected toggleOverridesEditor(): void {
    this.editingOverrides.update((open) => !open);
    this.overridesProblems.set([]);
  }

  protected async saveOverrides(): Promise<void> {
    const networkId = this.context.network.networkId();
    const name = this.context.name();
    if (!networkId || !name) return;
    let overrides: unknown;
    try {
      overrides = JSON.parse(this.overridesText() || '{}');
    } catch (error) {
      this.overridesProblems.set([`Not valid JSON: ${error instanceof Error ? error.message : String(error)}`]);
      return;
    }
    if (!isPlainObject(overrides)) {
      this.overridesProblems.set(['The local layer must be a JSON object, e.g. { "resources": { "vcpus": 2 } }.']);
      return;
    }
    this.overridesProblems.set([]);
    this.localError.set(null);
    const layer = overrides;
    await this.preview(
      () => this.api.updateOverrides(networkId, name, layer, this.based({ dryRun: true })),
      (result) => ({
        layer: 'local',
        heading: `Save the local layer of ${name}?`,
        intro: 'This is the change saving commits:',
        applyLabel: 'Apply',
        danger: false,
        result,
        apply: async (message) => {
          await this.api.updateOverrides(networkId, name, layer, this.based({ message }));
          this.notifier.ok('Local layer saved.');
          this.editingOverrides.set(false);
        },
      }),
      (error) => {
        const view = describeError(error);
        if (view.status === 400 && view.fields.length) this.overridesProblems.set(view.fields.map((f) => `${f.field}: ${f.message}`));
        else if (view.status === 409) this.showConflict('local', error, this.editsOf('local'));
        else this.localError.set(view);
      },
    );
  }

  /** Asks for the dry run, then shows its diff; Apply runs the real write. */
  private async preview(
    dryRun: () => Promise<WriteResult>,
    describe: (result: WriteResult) => PendingWrite,
    onError: (error: unknown) => void,
  ): Promise<void> {
    this.busy.set(true);
    try {
      const result = await dryRun();
      this.pendingError.set(null);
      this.pending.set(describe(result));
    } catch (error) {
      onError(error);
    } finally {
      this.busy.set(false);
    }
  }

  protected async apply(message: string): Promise<void> {
    const pending = this.pending();
    const networkId = this.context.network.networkId();
    if (!pending || !networkId) return;
    this.busy.set(true);
    try {
      await pending.apply(message);
      this.pending.set(null);
      this.reapplied.set(null);
      await this.context.reload();
      void this.store.loadMachines(networkId);
    } catch (error) {
      const view = describeError(error);
      if (view.status === 400 && view.fields.length) {
        // The forms show these next to their fields.
        this.pending.set(null);
        this.showWriteError(error);
      } else if (view.status === 409) {
        this.showConflict(pending.layer, error, this.editsOf(pending.layer));
      } else {
        this.pendingError.set(view);
      }
    } finally {
      this.busy.set(false);
    }
  }

  /** 400 with fields: next to the fields. 409: the sentence and the choice to re-apply. 403 and the rest: the API's sentence on top. */
  private showWriteError(error: unknown): void {
    const view = describeError(error);
    if (view.status === 409) {
      this.showConflict('network', error, this.editsOf('network'));
    } else if (view.status === 400 && view.fields.length) {
      this.serverErrors.set(view.fields);
      this.reveal.set(true);
      this.error.set({ ...view, fields: [] });
      this.scrollToFirstProblem();
    } else {
      this.error.set(view);
    }
  }

  private scrollToFirstProblem(): void {
    // After the messages render.
    setTimeout(() => {
      const first = this.host.nativeElement.querySelector<HTMLElement>('.sf-errors, [data-testid="error-message"]');
      first?.scrollIntoView?.({ block: 'center' });
    });
  }
}
