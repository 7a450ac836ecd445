import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { describeError, type ErrorView } from '../../../core/api/errors';
import { Confirm } from '../../../core/ui/confirm';
import { ErrorBox } from '../../../shared/error-box';
import { NetworkContext } from '../network-context';
import { UpdatesApi } from '../network-updates.api';
import { rolloutPlan } from './update-format';

export const DEFAULT_SOAK_SECONDS = 120;
export const MAX_CONCURRENCY = 8;

type Field = 'canary' | 'concurrency' | 'soakSeconds';

/**
 * "Roll out" under a ready preview (decision 0017 §4): which machine goes first,
 * how many at a time after it, and how long each must stay healthy. A
 * confirmation says in words what will happen; the API's 400 lands under its
 * field, anything else (409: not ready, out of date, another rollout) in the box.
 */
@Component({
  selector: 'clan-update-rollout-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ErrorBox],
  template: `
    <form class="form" data-testid="rollout-form" (ngSubmit)="submit()">
      <h3>Roll out</h3>
      <div class="inline-form wrap">
        <div class="field grow">
          <label for="rollout-canary">First machine (the canary)</label>
          <select
            id="rollout-canary"
            name="canary"
            data-testid="rollout-canary"
            [attr.aria-invalid]="errors().canary ? 'true' : null"
            [(ngModel)]="canary"
          >
            <option value="">The panel picks: the one with the fewest apps</option>
            @for (m of changed(); track m) {
              <option [value]="m">{{ m }}</option>
            }
          </select>
          @if (errors().canary; as m) {
            <small class="hint hint-error" role="alert" data-testid="rollout-canary-error">{{ m }}</small>
          }
        </div>
        <div class="field">
          <label for="rollout-concurrency">Then, at a time</label>
          <input
            id="rollout-concurrency"
            name="concurrency"
            type="number"
            min="1"
            [max]="maxConcurrency"
            step="1"
            data-testid="rollout-concurrency"
            [attr.aria-invalid]="errors().concurrency ? 'true' : null"
            [(ngModel)]="concurrency"
          />
          @if (errors().concurrency; as m) {
            <small class="hint hint-error" role="alert" data-testid="rollout-concurrency-error">{{ m }}</small>
          }
        </div>
        <div class="field">
          <label for="rollout-soak">Stay healthy for (seconds)</label>
          <input
            id="rollout-soak"
            name="soakSeconds"
            type="number"
            min="0"
            step="1"
            data-testid="rollout-soak"
            [attr.aria-invalid]="errors().soakSeconds ? 'true' : null"
            [(ngModel)]="soakSeconds"
          />
          @if (errors().soakSeconds; as m) {
            <small class="hint hint-error" role="alert" data-testid="rollout-soak-error">{{ m }}</small>
          }
        </div>
      </div>
      <p class="hint" data-testid="rollout-plan">{{ plan() }}</p>
      <clan-error [error]="error()" />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" data-testid="rollout-start" [disabled]="busy()">
          {{ busy() ? 'Starting…' : 'Roll out' }}
        </button>
      </div>
    </form>
  `,
})
export class UpdateRolloutForm {
  readonly previewId = input.required<string>();
  /** The machines the update changes (the canary can only be one of them). */
  readonly changed = input<string[]>([]);
  readonly started = output<{ taskId: string; rolloutId: string }>();

  private readonly api = inject(UpdatesApi);
  private readonly context = inject(NetworkContext);
  private readonly confirm = inject(Confirm);

  protected readonly maxConcurrency = MAX_CONCURRENCY;
  protected readonly canary = signal('');
  protected readonly concurrency = signal<number | null>(1);
  protected readonly soakSeconds = signal<number | null>(DEFAULT_SOAK_SECONDS);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly errors = signal<Partial<Record<Field, string>>>({});

  protected readonly plan = computed(() =>
    rolloutPlan(this.changed(), this.canary() || null, Number(this.concurrency() ?? 1), Number(this.soakSeconds() ?? 0)),
  );

  protected async submit(): Promise<void> {
    const networkId = this.context.networkId();
    if (!networkId || this.busy()) return;
    this.error.set(null);
    this.errors.set({});
    const ok = await this.confirm.ask({
      title: 'Roll the update out?',
      message: `${this.capitalised(this.plan())} Machines not reached yet keep running what they run now.`,
      confirmLabel: 'Roll out',
    });
    if (!ok) return;
    this.busy.set(true);
    try {
      const body = {
        previewId: this.previewId(),
        ...(this.canary() ? { canary: this.canary() } : {}),
        concurrency: this.number(this.concurrency()),
        soakSeconds: this.number(this.soakSeconds()),
      };
      this.started.emit(await this.api.startRollout(networkId, body));
    } catch (error) {
      const view = describeError(error);
      const mine: Partial<Record<Field, string>> = {};
      for (const f of view.fields)
        if (f.field === 'canary' || f.field === 'concurrency' || f.field === 'soakSeconds') mine[f.field] = f.message;
      if (Object.keys(mine).length && Object.keys(mine).length === view.fields.length) this.errors.set(mine);
      else this.error.set(view);
    } finally {
      this.busy.set(false);
    }
  }

  /** What the field holds, as the API takes it: the API answers a sentence for anything out of range. */
  private number(value: number | string | null): number {
    return typeof value === 'number' ? value : Number(value);
  }

  private capitalised(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
}
