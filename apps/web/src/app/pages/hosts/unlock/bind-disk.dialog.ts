import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, input, output, signal, viewChild } from '@angular/core';
import { FleetApi } from '../fleet.api';
import { describeError, type ErrorView } from '../../../core/api/errors';
import type { TaskRef } from '../../../core/api/api-types';
import { Dialog } from '../../../shared/dialog';
import { ErrorBox } from '../../../shared/error-box';
import { FocusOnInit } from '../../../shared/focus-on-init';
import { hostNames, pinCount, pinList } from './unlock-format';
import type { UnlockHostView } from './unlock-types';

/**
 * Binds a host's disk to its policy with the passphrase the disk opens with today. The passphrase lives
 * only in the password field: no signal holds it, and the field is emptied the moment it is sent.
 */
@Component({
  selector: 'clan-bind-disk-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Dialog, ErrorBox, FocusOnInit],
  template: `
    <clan-dialog [heading]="'Bind the disk of ' + host().name" (closed)="closed.emit()">
      <form class="form" novalidate data-testid="bind-form" (submit)="$event.preventDefault(); bind()">
        <p>
          After this, {{ host().name }} opens its disk by itself at boot when {{ policy() }}. The passphrase keeps working too, for when too
          few pins answer.
        </p>
        <p class="muted small">Device: {{ device() }}</p>
        <div class="field">
          <label for="bind-passphrase">The disk’s current passphrase</label>
          <input
            #passphrase
            id="bind-passphrase"
            type="password"
            autocomplete="off"
            spellcheck="false"
            maxlength="512"
            data-testid="bind-passphrase"
            clanFocusOnInit
            aria-describedby="bind-passphrase-hint"
            (input)="filled.set(!!$any($event.target).value)"
          />
          <small id="bind-passphrase-hint" class="hint" data-testid="bind-explanation">
            It is sealed to {{ host().name }} (only that host can read it), used once by its bind task and then deleted. The panel never
            stores it readable, and this page forgets it as soon as you press Bind.
          </small>
        </div>
        <clan-error [error]="error()" />
        <div class="dialog-actions">
          <button type="button" class="btn" (click)="closed.emit()">Cancel</button>
          <button type="submit" class="btn btn-primary" data-testid="bind-submit" [disabled]="busy() || !filled()">
            {{ busy() ? 'Starting…' : 'Bind' }}
          </button>
        </div>
      </form>
    </clan-dialog>
  `,
})
export class BindDiskDialog {
  readonly host = input.required<UnlockHostView>();
  readonly hosts = input.required<readonly UnlockHostView[]>();
  readonly closed = output<void>();
  readonly started = output<TaskRef>();

  private readonly api = inject(FleetApi);
  private readonly field = viewChild.required<ElementRef<HTMLInputElement>>('passphrase');
  /** Whether the field has something in it — never what. */
  protected readonly filled = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);

  /** "2 of its 3 pins (nas, garage + TPM) answer", "its pin (nas) answers". */
  protected readonly policy = computed(() => {
    const p = this.host().policy;
    if (!p) return 'enough of its pins answer';
    const pins = pinCount(p);
    const list = pinList(p, hostNames(this.hosts()));
    if (pins === 1) return `its pin (${list}) answers`;
    return p.threshold >= pins ? `all ${pins} of its pins (${list}) answer` : `${p.threshold} of its ${pins} pins (${list}) answer`;
  });
  protected readonly device = computed(() => this.host().policy?.device ?? 'the one the host was set up with (CLAN_UNLOCK_DEVICE)');

  protected async bind(): Promise<void> {
    const input = this.field().nativeElement;
    if (this.busy() || !input.value) return;
    const passphrase = input.value;
    // Forget it before the request: on a refusal the admin types it again rather than the page keeping it.
    input.value = '';
    this.filled.set(false);
    this.busy.set(true);
    this.error.set(null);
    try {
      this.started.emit(await this.api.bindDisk(this.host().hostId, passphrase));
    } catch (error) {
      this.error.set(describeError(error));
      input.focus();
    } finally {
      this.busy.set(false);
    }
  }
}
