import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, output, signal } from '@angular/core';
import { FleetApi } from './fleet.api';
import { describeError, type ErrorView } from '../../core/api/errors';
import type { HostView } from '../../core/api/fleet-types';
import { Dialog } from '../../shared/dialog';
import { ErrorBox } from '../../shared/error-box';
import { FocusOnInit } from '../../shared/focus-on-init';
import { hostNameProblem } from './host-format';

/** A new name for a host (a DNS label, like when it was added). */
@Component({
  selector: 'clan-rename-host-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Dialog, ErrorBox, FocusOnInit],
  template: `
    <clan-dialog [heading]="'Rename ' + host().name" (closed)="closed.emit()">
      <form class="form" novalidate (submit)="$event.preventDefault(); save()">
        <div class="field">
          <label for="rename-host-name">New name</label>
          <input
            id="rename-host-name"
            name="name"
            data-testid="rename-host-name"
            maxlength="63"
            autocomplete="off"
            spellcheck="false"
            clanFocusOnInit
            aria-describedby="rename-host-hint"
            [attr.aria-invalid]="problem() ? 'true' : null"
            [value]="name()"
            (input)="name.set($any($event.target).value)"
          />
          @if (problem(); as p) {
            <small id="rename-host-hint" class="hint hint-error" role="alert" data-testid="rename-host-error">{{ p }}</small>
          } @else {
            <small id="rename-host-hint" class="hint">Lower-case letters, digits and dashes. Machines on it keep running.</small>
          }
        </div>
        <clan-error [error]="error()" />
        <div class="dialog-actions">
          <button type="button" class="btn" (click)="closed.emit()">Cancel</button>
          <button
            type="submit"
            class="btn btn-primary"
            data-testid="rename-host-save"
            [disabled]="busy() || problem() !== null || trimmed() === host().name"
          >
            {{ busy() ? 'Saving…' : 'Rename' }}
          </button>
        </div>
      </form>
    </clan-dialog>
  `,
})
export class RenameHostDialog {
  readonly host = input.required<HostView>();
  readonly takenNames = input<readonly string[]>([]);
  readonly closed = output<void>();
  readonly renamed = output<HostView>();

  private readonly api = inject(FleetApi);
  /** Starts as the current name. */
  protected readonly name = linkedSignal(() => this.host().name);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly trimmed = computed(() => this.name().trim());
  protected readonly problem = computed(() =>
    hostNameProblem(
      this.trimmed(),
      this.takenNames().filter((n) => n !== this.host().name),
    ),
  );

  protected async save(): Promise<void> {
    if (this.busy() || this.problem() || this.trimmed() === this.host().name) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      this.renamed.emit(await this.api.updateHost(this.host().id, { name: this.trimmed() }));
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
