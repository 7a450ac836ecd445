import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { Title } from '@angular/platform-browser';
import { Router, RouterLink } from '@angular/router';
import { ClanApi } from '../../core/api/clan-api';
import type { MachineConfig, WriteResult } from '../../core/api/config-types';
import { describeError, type ErrorView } from '../../core/api/errors';
import { CatalogStore } from '../../core/config/catalog-store';
import { isPlainObject, parseJsonPath } from '../../core/config/json-path';
import { defaultValue, type JsonSchema } from '../../core/config/json-schema';
import { machineNameProblem, reservedNamesOf } from '../../core/config/machine-name';
import { validate } from '../../core/config/schema-validate';
import { NetworkStore } from '../../core/networks/network-store';
import { Notifier } from '../../core/ui/notifier';
import { DiffView } from '../../shared/diff-view';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { SchemaForm, type FieldError } from '../../shared/schema-form/schema-form';
import { NetworkContext } from '../network/network-context';

export type WizardStep = 'name' | 'apps' | 'configure' | 'settings' | 'review';
export const WIZARD_STEPS: readonly { key: WizardStep; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'apps', label: 'Apps' },
  { key: 'configure', label: 'Configure apps' },
  { key: 'settings', label: 'Machine settings' },
  { key: 'review', label: 'Review' },
];

/** The step that shows a server error: app options, the name, or the machine settings. */
export function stepOfError(field: string, machine: string): WizardStep {
  if (field === 'name') return 'name';
  const path = parseJsonPath(field);
  if (!path) return 'settings';
  const rest = path[0] === machine ? path.slice(1) : path[0] === 'config' ? path.slice(1) : path;
  return rest[0] === 'applications' && rest.length > 1 ? 'configure' : 'settings';
}

@Component({
  selector: 'clan-new-machine-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, DiffView, ErrorBox, Icon, SchemaForm],
  providers: [NetworkContext],
  template: `
    <div class="page-head">
      <div>
        <p class="crumb">
          Host / <a [routerLink]="['/networks', networkId()]">{{ context.network()?.name ?? 'Network' }}</a> /
          <a [routerLink]="['/networks', networkId(), 'machines']">Machines</a>
        </p>
        <h1><clan-icon name="machine" /> New machine</h1>
      </div>
    </div>
    <clan-error [error]="context.error()" />

    @if (!context.canConfigure() && context.network()) {
      <p class="alert alert-info">Only network admins add machines to {{ context.network()?.name }}.</p>
    } @else {
      <ol class="wizard-steps" aria-label="Steps">
        @for (s of steps; track s.key; let i = $index) {
          <li [class.done]="i < stepIndex()" [class.current]="i === stepIndex()" [attr.aria-current]="i === stepIndex() ? 'step' : null">
            @if (i < stepIndex()) {
              <button type="button" class="link-btn" (click)="goTo(s.key)">{{ i + 1 }}. {{ s.label }}</button>
            } @else {
              <span>{{ i + 1 }}. {{ s.label }}</span>
            }
          </li>
        }
      </ol>

      <section class="panel wizard-panel" aria-labelledby="wizard-step-title">
        <h2 id="wizard-step-title" class="panel-header" tabindex="-1" #stepHeading>{{ steps[stepIndex()].label }}</h2>
        @switch (step()) {
          @case ('name') {
            <form class="form" (submit)="$event.preventDefault(); next()">
              <div class="field">
                <label for="machine-name">Machine name</label>
                <input
                  id="machine-name"
                  data-testid="wizard-name"
                  autocomplete="off"
                  autocapitalize="none"
                  spellcheck="false"
                  maxlength="63"
                  aria-describedby="machine-name-hint machine-name-error"
                  [attr.aria-invalid]="showNameProblem() ? true : null"
                  [value]="name()"
                  (input)="setName($any($event.target).value)"
                  (blur)="nameTouched.set(true)"
                />
                <small id="machine-name-hint" class="hint">
                  It becomes the machine’s address on the mesh:
                  <code>{{ name() || 'name' }}.{{ context.network()?.name ?? 'network' }}.clan</code>. Lower-case letters, digits and “-”.
                  It cannot be changed later.
                </small>
                @if (showNameProblem() || nameServerErrors().length) {
                  <ul class="sf-errors" id="machine-name-error" data-testid="wizard-name-error" aria-live="polite">
                    @if (showNameProblem()) {
                      <li>{{ nameProblem() }}</li>
                    }
                    @for (e of nameServerErrors(); track $index) {
                      <li>{{ e.message }}</li>
                    }
                  </ul>
                }
              </div>
            </form>
          }
          @case ('apps') {
            @if (catalog.error(); as e) {
              <clan-error [error]="e" />
            }
            <p class="muted">Pick what the machine runs. You can add or remove apps later.</p>
            <ul class="app-cards" aria-label="App catalog">
              @for (app of catalog.apps(); track app.key) {
                <li>
                  <label class="app-card" [class.picked]="isPicked(app.key)">
                    <input
                      type="checkbox"
                      [attr.data-testid]="'wizard-app-' + app.key"
                      [checked]="isPicked(app.key)"
                      (change)="togglePick(app.key)"
                    />
                    <span class="app-card-body">
                      <strong class="app-card-title">{{ app.title }}</strong>
                      <span class="app-card-text">{{ app.description }}</span>
                      <span class="app-card-meta">
                        @for (port of app.ports; track $index) {
                          <span class="badge badge-muted" [attr.title]="port.description">{{ port.port }}/{{ port.protocol }}</span>
                        } @empty {
                          <span class="muted small">no ports</span>
                        }
                        <code class="small">{{ app.nixosModule }}</code>
                      </span>
                    </span>
                  </label>
                </li>
              } @empty {
                <li class="muted">{{ catalog.loaded() ? 'The catalog is empty.' : 'Loading the catalog…' }}</li>
              }
            </ul>
            <p class="muted small" aria-live="polite">{{ picked().length }} picked.</p>
          }
          @case ('configure') {
            @for (key of picked(); track key) {
              <section class="app-form" [attr.data-testid]="'wizard-configure-' + key">
                <clan-schema-form
                  [name]="'app-' + key"
                  [schema]="appSchema(key)"
                  [value]="appValues()[key]"
                  (valueChange)="setApp(key, $event)"
                  [revealErrors]="reveal()"
                  [serverErrors]="serverErrors()"
                  [errorBase]="[name(), 'applications', key]"
                />
              </section>
            } @empty {
              <p class="muted">No apps picked: the machine runs NixOS and joins the mesh, nothing else. Go on, or go back to pick apps.</p>
            }
          }
          @case ('settings') {
            @if (catalog.schemas(); as s) {
              <clan-schema-form
                name="machine"
                label="Machine"
                [schema]="s.machine"
                [showTitle]="false"
                [value]="settings()"
                (valueChange)="setSettings($event)"
                [exclude]="['applications']"
                [revealErrors]="reveal()"
                [serverErrors]="serverErrors()"
                [errorBase]="[name()]"
              />
            } @else {
              <p class="muted">Loading…</p>
            }
          }
          @case ('review') {
            <dl class="props">
              <dt>Name</dt>
              <dd>
                <code>{{ name() }}</code>
              </dd>
              <dt>Apps</dt>
              <dd>{{ pickedTitles() || 'none' }}</dd>
              <dt>Administration</dt>
              <dd>{{ settings()['adminMode'] ?? '—' }}</dd>
              <dt>Network layer</dt>
              <dd>{{ settings()['networkLayer'] ?? '—' }}</dd>
            </dl>
            <h3 class="subhead">What creating it commits</h3>
            @if (previewLoading()) {
              <p class="muted">Preparing the preview…</p>
            } @else if (preview(); as p) {
              <clan-diff-view testId="diff-preview" [patch]="p.diff.patch" />
            }
            @if (previewError(); as e) {
              <clan-error [error]="e" />
              @if (errorSteps().length) {
                <p>
                  Fix it in:
                  @for (s of errorSteps(); track s) {
                    <button type="button" class="link-btn wizard-fix" (click)="goTo(s)">{{ labelOf(s) }}</button>
                  }
                </p>
              }
            }
            <div class="field">
              <label for="wizard-message">Commit message <span class="muted">(optional)</span></label>
              <input
                id="wizard-message"
                maxlength="4000"
                autocomplete="off"
                [value]="message()"
                (input)="message.set($any($event.target).value)"
              />
            </div>
          }
        }
        <div class="form-actions wizard-actions">
          <a class="btn" [routerLink]="['/networks', networkId(), 'machines']">Cancel</a>
          @if (stepIndex() > 0) {
            <button type="button" class="btn" data-testid="wizard-back" (click)="back()">Back</button>
          }
          @if (step() !== 'review') {
            <button type="button" class="btn btn-primary" data-testid="wizard-next" (click)="next()">Next</button>
          } @else {
            <button
              type="button"
              class="btn btn-primary"
              data-testid="wizard-create"
              [disabled]="creating() || previewLoading() || !preview()"
              (click)="create()"
            >
              {{ creating() ? 'Creating…' : 'Create machine' }}
            </button>
          }
        </div>
      </section>
    }
  `,
})
export class NewMachinePage {
  /** Bound from the route parameter. */
  readonly networkId = input.required<string>();
  protected readonly context = inject(NetworkContext);
  protected readonly catalog = inject(CatalogStore);
  private readonly store = inject(NetworkStore);
  private readonly api = inject(ClanApi);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly injector = inject(Injector);
  private readonly stepHeading = viewChild<ElementRef<HTMLElement>>('stepHeading');

  protected readonly steps = WIZARD_STEPS;
  protected readonly step = signal<WizardStep>('name');
  protected readonly stepIndex = computed(() => this.steps.findIndex((s) => s.key === this.step()));
  protected readonly name = signal('');
  protected readonly nameTouched = signal(false);
  protected readonly picked = signal<string[]>([]);
  protected readonly appValues = signal<Record<string, unknown>>({});
  protected readonly settings = signal<MachineConfig>({});
  protected readonly reveal = signal(false);
  protected readonly preview = signal<WriteResult | null>(null);
  protected readonly previewLoading = signal(false);
  protected readonly previewError = signal<ErrorView | null>(null);
  protected readonly serverErrors = signal<FieldError[]>([]);
  protected readonly message = signal('');
  protected readonly creating = signal(false);

  protected readonly nameProblem = computed(() =>
    machineNameProblem(this.name(), {
      reserved: reservedNamesOf(this.catalog.schemas()?.configs),
      taken: (this.store.machinesOf(this.networkId())?.items ?? []).map((m) => m.name),
    }),
  );
  /** Live as the user types (the API's rule, with the network's taken names); an empty field only after leaving it or "Next". */
  protected readonly showNameProblem = computed(
    () => this.nameProblem() !== null && (this.name().length > 0 || this.nameTouched() || this.reveal()),
  );
  protected readonly nameServerErrors = computed(() => this.serverErrors().filter((e) => e.field === 'name'));
  protected readonly pickedTitles = computed(() =>
    this.picked()
      .map((key) => this.catalog.app(key)?.title ?? key)
      .join(', '),
  );
  protected readonly config = computed<MachineConfig>(() => {
    const values = this.appValues();
    return { ...this.settings(), applications: Object.fromEntries(this.picked().map((key) => [key, values[key] ?? {}])) };
  });
  protected readonly errorSteps = computed(() => {
    const steps = new Set(this.serverErrors().map((f) => stepOfError(f.field, this.name())));
    return this.steps.map((s) => s.key).filter((key) => steps.has(key));
  });

  constructor() {
    void this.catalog.load();
    const title = inject(Title);
    effect(() => {
      const id = this.networkId();
      untracked(() => {
        void this.context.load(id);
        this.store.ensureMachines(id);
      });
    });
    effect(() => {
      const name = this.context.network()?.name;
      if (name) title.setTitle(`New machine · ${name} · cLAN panel`);
    });
    // The machine settings start from the schema's defaults once it is here.
    effect(() => {
      const schemas = this.catalog.schemas();
      if (!schemas) return;
      untracked(() => {
        if (Object.keys(this.settings()).length) return;
        const defaults = (defaultValue(schemas.machine, schemas.machine) ?? {}) as MachineConfig;
        delete defaults['applications'];
        this.settings.set(defaults);
      });
    });
  }

  protected labelOf(step: WizardStep): string {
    return this.steps.find((s) => s.key === step)?.label ?? step;
  }

  protected setName(value: string): void {
    this.name.set(value.trim());
    this.serverErrors.update((errors) => errors.filter((e) => e.field !== 'name'));
  }

  protected isPicked(key: string): boolean {
    return this.picked().includes(key);
  }

  /** Picking an app enables it with its defaults; unpicking keeps what was typed in case it comes back. */
  protected togglePick(key: string): void {
    if (this.isPicked(key)) {
      this.picked.update((list) => list.filter((k) => k !== key));
      return;
    }
    const order = this.catalog.apps().map((a) => a.key);
    this.picked.update((list) => [...list, key].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    if (!(key in this.appValues())) {
      const schema = this.appSchema(key);
      const fresh = (defaultValue(schema, schema) ?? {}) as Record<string, unknown>;
      if (schema.properties?.['enable']) fresh['enable'] = true;
      this.appValues.update((values) => ({ ...values, [key]: fresh }));
    }
  }

  protected appSchema(key: string): JsonSchema {
    return this.catalog.app(key)?.schema ?? this.catalog.schemas()?.machine.properties?.['applications']?.properties?.[key] ?? {};
  }

  protected setApp(key: string, value: unknown): void {
    this.appValues.update((values) => ({ ...values, [key]: value ?? {} }));
  }

  protected setSettings(value: unknown): void {
    if (isPlainObject(value)) this.settings.set(value);
  }

  /** Whether a step may be left forward; the form shows why not. */
  private stepValid(step: WizardStep): boolean {
    switch (step) {
      case 'name':
        return this.nameProblem() === null;
      case 'configure':
        return this.picked().every((key) => validate(this.appSchema(key), this.appValues()[key]).length === 0);
      case 'settings': {
        const machine = this.catalog.schemas()?.machine;
        if (!machine) return false;
        return validate(machine, this.settings(), { root: machine }).filter((i) => i.path[0] !== 'applications').length === 0;
      }
      default:
        return true;
    }
  }

  protected next(): void {
    const step = this.step();
    if (!this.stepValid(step)) {
      this.reveal.set(true);
      this.nameTouched.set(true);
      return;
    }
    const following = this.steps[this.stepIndex() + 1];
    if (following) this.goTo(following.key);
  }

  protected back(): void {
    const previous = this.steps[this.stepIndex() - 1];
    if (previous) this.goTo(previous.key);
  }

  protected goTo(step: WizardStep): void {
    this.step.set(step);
    this.reveal.set(this.serverErrors().some((e) => stepOfError(e.field, this.name()) === step));
    if (step === 'review') void this.loadPreview();
    // Tell screen readers where they are: focus the new step's heading.
    afterNextRender(() => this.stepHeading()?.nativeElement.focus(), { injector: this.injector });
  }

  private async loadPreview(): Promise<void> {
    this.preview.set(null);
    this.previewError.set(null);
    this.previewLoading.set(true);
    try {
      this.preview.set(await this.api.createMachine(this.networkId(), this.name(), this.config(), { dryRun: true }));
      this.serverErrors.set([]);
    } catch (error) {
      this.showError(error);
    } finally {
      this.previewLoading.set(false);
    }
  }

  protected async create(): Promise<void> {
    const networkId = this.networkId();
    const name = this.name();
    this.creating.set(true);
    this.previewError.set(null);
    try {
      const created = await this.api.createMachine(networkId, name, this.config(), { message: this.message() });
      this.notifier.ok(`Machine “${name}” created${created.revision ? ` (${created.revision.slice(0, 7)})` : ''}.`);
      await this.store.loadMachines(networkId);
      await this.router.navigate(['/networks', networkId, 'machines', name]);
    } catch (error) {
      this.showError(error);
    } finally {
      this.creating.set(false);
    }
  }

  private showError(error: unknown): void {
    const view = describeError(error);
    this.serverErrors.set(view.status === 400 ? view.fields : view.status === 409 ? [{ field: 'name', message: view.message }] : []);
    this.previewError.set(view);
  }
}
