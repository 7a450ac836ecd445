import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { describeError, type ErrorView } from '../../core/api/errors';
import { Confirm } from '../../core/ui/confirm';
import { Notifier } from '../../core/ui/notifier';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { MeshApi } from './network-mesh.api';
import {
  allowanceRows,
  DEFAULT_RULES,
  describeFrom,
  describeTo,
  formsToRules,
  KNOWN_ROLES,
  type MeshRule,
  newRuleForm,
  routeRuleProblems,
  type RuleAllowance,
  type RuleForm,
  ruleSummary,
  ruleToForm,
  splitList,
} from './network-mesh-rules';
import { suggestionsFor } from './network-mesh-groups';

type GroupField = 'groups' | 'toGroups';

/**
 * Reachability rules: who may reach which machine and port over the mesh.
 * Rows are edited locally and saved together (PUT replaces the list); the
 * API checks them against the network's peers and machines and its 400
 * sentences are shown on the rows they name.
 */
@Component({
  selector: 'clan-mesh-rules',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ErrorBox, Icon],
  styles: `
    .rules-table input[type='text'] {
      width: 100%;
      min-width: 7em;
    }
    .rule-suggest {
      display: flex;
      flex-wrap: wrap;
      gap: 3px;
      margin-top: 3px;
    }
    .rule-suggest .btn {
      height: 20px;
      padding: 0 6px;
      font-size: var(--fs-small);
    }
    .rules-summary {
      margin: 0 0 var(--gap);
      padding-left: 18px;
    }
    .rules-roles {
      display: flex;
      flex-wrap: wrap;
      gap: 2px 8px;
    }
  `,
  template: `
    <section class="panel" aria-labelledby="mesh-rules-title" data-testid="mesh-rules">
      <h2 id="mesh-rules-title" class="panel-header">
        Reachability rules
        @if (isDefault()) {
          <span class="badge badge-muted">defaults</span>
        }
        @if (canManage()) {
          <span class="panel-header-actions">
            <button type="button" class="btn btn-small" data-testid="rules-reset" [disabled]="busy()" (click)="resetDefaults()">
              Reset to defaults
            </button>
          </span>
        }
      </h2>
      <p class="muted small">
        Who may open connections to which machine and port over the mesh; everything else is dropped on the machines' mesh interface. Empty
        criteria match everyone. Ports: <code>apps</code> (the machine's app ports), <code>ssh</code>, or e.g. <code>8080/tcp</code>,
        <code>53/udp</code>. Lists are separated by commas.
      </p>
      @if (loadError(); as e) {
        <clan-error [error]="e" />
      }
      @if (general().length) {
        <div class="alert alert-danger" role="alert" data-testid="rules-general-errors">
          @for (m of general(); track $index) {
            <p>{{ m }}</p>
          }
        </div>
      }
      <div class="table-wrap">
        <table class="table table-compact rules-table">
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">From roles</th>
              <th scope="col">From groups</th>
              <th scope="col">From peers</th>
              <th scope="col">Kinds</th>
              <th scope="col">To machines</th>
              <th scope="col">To groups</th>
              <th scope="col">Ports</th>
              @if (canManage()) {
                <th scope="col"><span class="sr-only">Actions</span></th>
              }
            </tr>
          </thead>
          <tbody>
            @for (form of forms(); track $index; let i = $index) {
              <tr [attr.data-testid]="'rule-row-' + i">
                @if (canManage()) {
                  <td>
                    <label class="sr-only" [for]="'rule-id-' + i">Rule id</label>
                    <input
                      type="text"
                      [id]="'rule-id-' + i"
                      [attr.data-testid]="'rule-id-' + i"
                      [ngModel]="form.id"
                      (ngModelChange)="edit(i, { id: $event })"
                    />
                  </td>
                  <td>
                    <fieldset class="rules-roles">
                      <legend class="sr-only">Roles of rule {{ form.id }}</legend>
                      @for (role of roles; track role) {
                        <label class="check">
                          <input
                            type="checkbox"
                            [attr.data-testid]="'rule-role-' + i + '-' + role"
                            [checked]="form.roles.includes(role)"
                            (change)="toggleRole(i, role, $event)"
                          />
                          {{ role }}
                        </label>
                      }
                    </fieldset>
                  </td>
                  <td (focusin)="focused.set('groups-' + i)" (focusout)="leave($event)">
                    <label class="sr-only" [for]="'rule-groups-' + i">From groups</label>
                    <input
                      type="text"
                      [id]="'rule-groups-' + i"
                      [attr.data-testid]="'rule-groups-' + i"
                      autocomplete="off"
                      [ngModel]="form.groups"
                      (ngModelChange)="edit(i, { groups: $event })"
                    />
                    @if (focused() === 'groups-' + i && suggest(form.groups).length) {
                      <div class="rule-suggest" [attr.data-testid]="'rule-groups-suggest-' + i">
                        @for (g of suggest(form.groups); track g) {
                          <button
                            type="button"
                            class="btn"
                            [attr.data-testid]="'rule-groups-add-' + i + '-' + g"
                            [attr.aria-label]="'Add group ' + g"
                            (mousedown)="$event.preventDefault()"
                            (click)="addGroup(i, 'groups', g)"
                          >
                            + {{ g }}
                          </button>
                        }
                      </div>
                    }
                  </td>
                  <td>
                    <label class="sr-only" [for]="'rule-peers-' + i">From peers</label>
                    <input
                      type="text"
                      [id]="'rule-peers-' + i"
                      [attr.data-testid]="'rule-peers-' + i"
                      [ngModel]="form.peers"
                      (ngModelChange)="edit(i, { peers: $event })"
                    />
                  </td>
                  <td>
                    <label class="sr-only" [for]="'rule-kinds-' + i">Kinds</label>
                    <select
                      [id]="'rule-kinds-' + i"
                      [attr.data-testid]="'rule-kinds-' + i"
                      [ngModel]="form.kinds"
                      (ngModelChange)="edit(i, { kinds: $event })"
                    >
                      <option value="any">any</option>
                      <option value="device">devices</option>
                      <option value="machine">machines</option>
                    </select>
                  </td>
                  <td>
                    <label class="sr-only" [for]="'rule-machines-' + i">To machines</label>
                    <input
                      type="text"
                      [id]="'rule-machines-' + i"
                      [attr.data-testid]="'rule-machines-' + i"
                      [ngModel]="form.machines"
                      (ngModelChange)="edit(i, { machines: $event })"
                    />
                  </td>
                  <td (focusin)="focused.set('toGroups-' + i)" (focusout)="leave($event)">
                    <label class="sr-only" [for]="'rule-to-groups-' + i">To groups</label>
                    <input
                      type="text"
                      [id]="'rule-to-groups-' + i"
                      [attr.data-testid]="'rule-to-groups-' + i"
                      autocomplete="off"
                      [ngModel]="form.toGroups"
                      (ngModelChange)="edit(i, { toGroups: $event })"
                    />
                    @if (focused() === 'toGroups-' + i && suggest(form.toGroups).length) {
                      <div class="rule-suggest" [attr.data-testid]="'rule-to-groups-suggest-' + i">
                        @for (g of suggest(form.toGroups); track g) {
                          <button
                            type="button"
                            class="btn"
                            [attr.data-testid]="'rule-to-groups-add-' + i + '-' + g"
                            [attr.aria-label]="'Add group ' + g"
                            (mousedown)="$event.preventDefault()"
                            (click)="addGroup(i, 'toGroups', g)"
                          >
                            + {{ g }}
                          </button>
                        }
                      </div>
                    }
                  </td>
                  <td>
                    <label class="sr-only" [for]="'rule-ports-' + i">Ports</label>
                    <input
                      type="text"
                      [id]="'rule-ports-' + i"
                      [attr.data-testid]="'rule-ports-' + i"
                      [ngModel]="form.ports"
                      (ngModelChange)="edit(i, { ports: $event })"
                    />
                  </td>
                  <td class="actions">
                    <button
                      type="button"
                      class="btn btn-small btn-danger-outline"
                      [attr.data-testid]="'rule-delete-' + i"
                      (click)="remove(i)"
                    >
                      Delete
                    </button>
                  </td>
                } @else {
                  <td>
                    <code>{{ form.id }}</code>
                  </td>
                  <td colspan="4">{{ fromText(i) }}</td>
                  <td colspan="2">{{ toText(i) }}</td>
                  <td>{{ form.ports }}</td>
                }
              </tr>
              @if (rowProblems()[i].length) {
                <tr class="rule-problems">
                  <td [attr.colspan]="canManage() ? 9 : 8">
                    <ul class="hint hint-error" [attr.data-testid]="'rule-problems-' + i" role="alert">
                      @for (m of rowProblems()[i]; track $index) {
                        <li>{{ m }}</li>
                      }
                    </ul>
                  </td>
                </tr>
              }
            } @empty {
              <tr class="empty-row">
                <td [attr.colspan]="canManage() ? 9 : 8">
                  {{ loading() ? 'Loading rules…' : 'No rules: nobody reaches any machine over the mesh.' }}
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      @if (canManage()) {
        <div class="form-actions">
          <button type="button" class="btn btn-small" data-testid="rules-add" (click)="add()"><clan-icon name="plus" /> Add rule</button>
          <button type="button" class="btn btn-primary" data-testid="rules-save" [disabled]="busy() || !dirty()" (click)="save()">
            {{ busy() ? 'Saving…' : 'Save rules' }}
          </button>
          @if (dirty()) {
            <button type="button" class="btn" data-testid="rules-discard" [disabled]="busy()" (click)="discard()">Discard changes</button>
          }
        </div>
      }

      @if (summaries().length) {
        <h3 class="subhead">In short</h3>
        <ul class="rules-summary small" data-testid="rules-summary">
          @for (line of summaries(); track $index) {
            <li>{{ line }}</li>
          }
        </ul>
      }

      <h3 class="subhead">What the rules allow, per machine</h3>
      <div class="table-wrap">
        <table class="table table-compact" data-testid="rules-allowances">
          <thead>
            <tr>
              <th scope="col">Machine</th>
              <th scope="col">Port</th>
              <th scope="col">Who may connect</th>
              <th scope="col">Because of</th>
            </tr>
          </thead>
          <tbody>
            @for (row of allowances(); track $index) {
              <tr>
                <td>{{ row.machine }}</td>
                <td class="mono">{{ row.port }}</td>
                <td>{{ row.sources }}</td>
                <td class="muted">{{ row.rules }}</td>
              </tr>
            } @empty {
              <tr class="empty-row">
                <td colspan="4">No machines in the mesh yet: the rules apply once machines join.</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      @if (dirty()) {
        <p class="muted small">This table shows the saved rules; save to see what your changes allow.</p>
      }
    </section>
  `,
})
export class MeshRulesPanel {
  readonly networkId = input.required<string>();
  readonly canManage = input(false);
  /** Groups already used by the network's peers: offered in the group fields. */
  readonly knownGroups = input<readonly string[]>([]);
  /** Each machine's groups, for the allowances of machines no peer has reached yet. */
  readonly machineGroups = input<Readonly<Record<string, readonly string[]>>>({});

  private readonly api = inject(MeshApi);
  private readonly confirm = inject(Confirm);
  private readonly notifier = inject(Notifier);

  protected readonly roles = KNOWN_ROLES;
  /** What the API has: the baseline for "dirty" and "discard". */
  private readonly saved = signal<MeshRule[]>([]);
  protected readonly forms = signal<RuleForm[]>([]);
  protected readonly isDefault = signal(false);
  private readonly allowanceMap = signal<Record<string, RuleAllowance[]>>({});
  protected readonly allowances = computed(() => allowanceRows(this.allowanceMap(), this.saved(), this.machineGroups()));
  /** The saved rules in one line each ("kids → media: apps"). */
  protected readonly summaries = computed(() => this.saved().map(ruleSummary));
  /** The group field that has the focus ("groups-2"), whose suggestions show. */
  protected readonly focused = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly loadError = signal<ErrorView | null>(null);
  /** The API's problems per row, until that row changes. */
  private readonly serverRows = signal<string[][]>([]);
  protected readonly general = signal<string[]>([]);
  /** Set after a save attempt: then the rows' own problems show too. */
  private readonly attempted = signal(false);

  private readonly mapped = computed(() => formsToRules(this.forms()));
  protected readonly dirty = computed(() => JSON.stringify(this.mapped().rules) !== JSON.stringify(this.saved()));
  protected readonly rowProblems = computed(() => {
    const own = this.mapped().problems;
    const server = this.serverRows();
    const show = this.attempted();
    return own.map((p, i) => [...(show ? p : []), ...(server[i] ?? [])]);
  });

  constructor() {
    effect(() => {
      const id = this.networkId();
      untracked(() => void this.load(id));
    });
  }

  protected fromText(i: number): string {
    return describeFrom(this.mapped().rules[i]);
  }

  protected toText(i: number): string {
    return describeTo(this.mapped().rules[i]);
  }

  /** The network's groups not yet in the field. */
  protected suggest(text: string): string[] {
    return suggestionsFor(splitList(text), this.knownGroups());
  }

  protected addGroup(i: number, field: GroupField, group: string): void {
    const list = splitList(this.forms()[i][field]);
    if (!list.includes(group)) this.edit(i, { [field]: [...list, group].join(', ') });
  }

  /** Focus leaving the cell (not moving to its own suggestion buttons) hides the suggestions. */
  protected leave(event: FocusEvent): void {
    const cell = event.currentTarget as HTMLElement | null;
    const next = event.relatedTarget as Node | null;
    if (!cell || !next || !cell.contains(next)) this.focused.set(null);
  }

  protected edit(i: number, change: Partial<RuleForm>): void {
    this.forms.update((list) => list.map((f, j) => (j === i ? { ...f, ...change } : f)));
    this.serverRows.update((rows) => rows.map((r, j) => (j === i ? [] : r)));
  }

  protected toggleRole(i: number, role: string, event: Event): void {
    const on = (event.target as HTMLInputElement).checked;
    const roles = this.forms()[i].roles.filter((r) => r !== role);
    this.edit(i, { roles: on ? [...roles, role].sort((a, b) => KNOWN_ROLES.indexOf(a) - KNOWN_ROLES.indexOf(b)) : roles });
  }

  protected add(): void {
    this.forms.update((list) => [...list, newRuleForm(list.map((f) => f.id))]);
    this.serverRows.update((rows) => [...rows, []]);
  }

  protected remove(i: number): void {
    this.forms.update((list) => list.filter((_, j) => j !== i));
    this.serverRows.update((rows) => rows.filter((_, j) => j !== i));
  }

  protected discard(): void {
    this.show(this.saved());
  }

  protected async save(): Promise<void> {
    this.attempted.set(true);
    const { rules, ok } = this.mapped();
    if (!ok) return;
    await this.put(rules, 'Reachability rules saved; the machines’ firewalls follow.');
  }

  protected async resetDefaults(): Promise<void> {
    const yes = await this.confirm.ask({
      title: 'Reset reachability rules',
      message:
        'Replace the rules with the defaults? Members and machines reach every machine’s app ports; only owners and admins reach SSH.',
      confirmLabel: 'Reset to defaults',
    });
    if (!yes) return;
    await this.put(
      DEFAULT_RULES.map((r) => structuredClone(r)),
      'Reachability rules reset to the defaults.',
    );
  }

  private async put(rules: MeshRule[], done: string): Promise<void> {
    this.busy.set(true);
    this.general.set([]);
    try {
      const answer = await this.api.putRules(this.networkId(), rules);
      this.apply(answer);
      this.attempted.set(false);
      this.notifier.ok(done);
    } catch (error) {
      const view = describeError(error);
      if (view.status === 400) {
        const routed = routeRuleProblems(
          view,
          rules.map((r) => r.id),
        );
        this.serverRows.set(routed.rows);
        this.general.set(routed.general);
      } else this.general.set([view.message]);
    } finally {
      this.busy.set(false);
    }
  }

  private apply(answer: { rules: MeshRule[]; isDefault: boolean; allowances: Record<string, RuleAllowance[]> }): void {
    this.isDefault.set(answer.isDefault);
    this.allowanceMap.set(answer.allowances ?? {});
    this.show(answer.rules);
  }

  private show(rules: MeshRule[]): void {
    const forms = rules.map(ruleToForm);
    // The baseline goes through the same mapping, so key order (jsonb sorts keys) never reads as a change.
    this.saved.set(formsToRules(forms).rules);
    this.forms.set(forms);
    this.serverRows.set(rules.map(() => []));
    this.general.set([]);
    this.attempted.set(false);
  }

  private async load(networkId: string): Promise<void> {
    this.loading.set(true);
    this.loadError.set(null);
    try {
      const answer = await this.api.rules(networkId);
      if (this.networkId() === networkId) this.apply(answer);
    } catch (error) {
      this.loadError.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }
}
