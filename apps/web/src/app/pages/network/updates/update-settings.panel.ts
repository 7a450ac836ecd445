import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { describeError, type ErrorView } from '../../../core/api/errors';
import { ErrorBox } from '../../../shared/error-box';
import { NetworkContext } from '../network-context';
import { UpdatesApi, type UpdatesView, type UpdateWindowView } from '../network-updates.api';
import { DAY_NAMES, windowText } from './update-format';

const DEFAULT_WINDOW: UpdateWindowView = { days: [0, 6], start: '02:00', end: '05:00' };

type Field = 'autoUpdate' | 'window' | 'window.days' | 'window.start' | 'window.end';
const FIELDS: readonly string[] = ['autoUpdate', 'window', 'window.days', 'window.start', 'window.end'];

/**
 * Automatic updates and the maintenance window (decision 0017 §4): on, a found
 * update is previewed and rolled out in the next window with the defaults.
 * PUT …/updates/settings; a 400 lands under its field.
 */
@Component({
  selector: 'clan-update-settings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ErrorBox],
  styles: `
    .days {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 14px;
      border: 0;
      padding: 0;
      margin: 0;
    }
  `,
  template: `
    <section class="panel" aria-labelledby="update-settings-title" data-testid="update-settings">
      <h2 id="update-settings-title" class="panel-header">Automatic updates</h2>
      @if (!canConfigure()) {
        <p data-testid="update-settings-text">
          @if (updates().autoUpdate) {
            On: a found update is previewed and rolled out {{ when(updates().window) }}.
          } @else {
            Off: an admin previews and rolls out each update.
          }
        </p>
      } @else {
        <form class="form" data-testid="update-settings-form" (ngSubmit)="save()">
          <label class="check">
            <input type="checkbox" name="autoUpdate" data-testid="update-auto" [(ngModel)]="autoUpdate" />
            Update by itself: preview each update the check finds and roll it out, canary first, in the maintenance window
          </label>
          @if (errors()['autoUpdate']; as m) {
            <small class="hint hint-error" role="alert" data-testid="update-auto-error">{{ m }}</small>
          }
          <label class="check">
            <input type="checkbox" name="useWindow" data-testid="update-window-on" [(ngModel)]="useWindow" />
            Only in a maintenance window
          </label>
          @if (useWindow()) {
            <fieldset class="days" data-testid="update-window-days">
              <legend class="sr-only">Days</legend>
              @for (name of dayNames; track name; let d = $index) {
                <label class="check">
                  <input type="checkbox" [attr.data-testid]="'update-day-' + d" [checked]="days().includes(d)" (change)="toggleDay(d)" />
                  {{ name }}
                </label>
              }
            </fieldset>
            @if (errors()['window.days'] ?? errors()['window']; as m) {
              <small class="hint hint-error" role="alert" data-testid="update-days-error">{{ m }}</small>
            }
            <div class="inline-form wrap">
              <div class="field">
                <label for="update-window-start">From (host time)</label>
                <input
                  id="update-window-start"
                  name="start"
                  type="time"
                  data-testid="update-window-start"
                  [attr.aria-invalid]="errors()['window.start'] ? 'true' : null"
                  [(ngModel)]="start"
                />
                @if (errors()['window.start']; as m) {
                  <small class="hint hint-error" role="alert" data-testid="update-window-start-error">{{ m }}</small>
                }
              </div>
              <div class="field">
                <label for="update-window-end">Until</label>
                <input
                  id="update-window-end"
                  name="end"
                  type="time"
                  data-testid="update-window-end"
                  [attr.aria-invalid]="errors()['window.end'] ? 'true' : null"
                  [(ngModel)]="end"
                />
                @if (errors()['window.end']; as m) {
                  <small class="hint hint-error" role="alert" data-testid="update-window-end-error">{{ m }}</small>
                }
              </div>
            </div>
            <small class="hint">An end before the start reaches past midnight.</small>
          }
          <clan-error [error]="error()" />
          @if (saved()) {
            <p class="small" role="status" data-testid="update-settings-saved">Saved.</p>
          }
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" data-testid="update-settings-save" [disabled]="busy()">
              {{ busy() ? 'Saving…' : 'Save' }}
            </button>
          </div>
        </form>
      }
    </section>
  `,
})
export class UpdateSettingsPanel {
  readonly updates = input.required<UpdatesView>();
  readonly canConfigure = input(false);
  readonly savedView = output<UpdatesView>();

  private readonly api = inject(UpdatesApi);
  private readonly context = inject(NetworkContext);

  protected readonly dayNames = DAY_NAMES;
  protected readonly autoUpdate = signal(false);
  protected readonly useWindow = signal(false);
  protected readonly days = signal<number[]>([]);
  protected readonly start = signal('');
  protected readonly end = signal('');
  protected readonly busy = signal(false);
  protected readonly saved = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly errors = signal<Partial<Record<Field, string>>>({});

  constructor() {
    // The form starts from what the panel has; a reload (polling) does not overwrite edits in progress…
    let loadedFor: string | null = null;
    effect(() => {
      const u = this.updates();
      const key = JSON.stringify([u.autoUpdate, u.window]);
      if (key === loadedFor) return;
      loadedFor = key;
      untracked(() => this.reset(u));
    });
  }

  protected when(w: UpdateWindowView | null): string {
    return w ? `in the window (${windowText(w)}, host time)` : 'at any time';
  }

  protected toggleDay(d: number): void {
    const days = this.days();
    this.days.set(days.includes(d) ? days.filter((x) => x !== d) : [...days, d].sort((a, b) => a - b));
  }

  protected async save(): Promise<void> {
    const networkId = this.context.networkId();
    if (!networkId || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    this.errors.set({});
    this.saved.set(false);
    try {
      const window = this.useWindow() ? { days: this.days(), start: this.start(), end: this.end() } : null;
      const view = await this.api.setSettings(networkId, { autoUpdate: this.autoUpdate(), window });
      this.saved.set(true);
      this.savedView.emit(view);
    } catch (error) {
      const view = describeError(error);
      const mine: Partial<Record<Field, string>> = {};
      for (const f of view.fields) if (FIELDS.includes(f.field)) mine[f.field as Field] = f.message;
      if (Object.keys(mine).length && Object.keys(mine).length === view.fields.length) this.errors.set(mine);
      else this.error.set(view);
    } finally {
      this.busy.set(false);
    }
  }

  private reset(u: UpdatesView): void {
    const w = u.window ?? DEFAULT_WINDOW;
    this.autoUpdate.set(u.autoUpdate);
    this.useWindow.set(u.window !== null);
    this.days.set([...w.days]);
    this.start.set(w.start);
    this.end.set(w.end);
  }
}
