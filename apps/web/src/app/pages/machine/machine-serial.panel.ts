import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { ClanApi } from '../../core/api/clan-api';
import { describeError, type ErrorView } from '../../core/api/errors';
import type { SerialLogView } from '../../core/api/vm-types';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { MachineContext } from './machine-context';
import { MachineVm } from './machine-vm';

/** Bytes of the serial log fetched for the preview; the last lines of it are shown. */
const SERIAL_TAIL_BYTES = 16_384;
const SERIAL_LINES = 40;

/** The end of the VM's serial console since its last boot (Machine.Console), read on demand. */
@Component({
  selector: 'clan-machine-serial-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'block' },
  imports: [ErrorBox, Icon],
  template: `
    <section class="panel" aria-labelledby="serial-title" data-testid="serial-log">
      <h2 id="serial-title" class="panel-header">
        Serial console
        <span class="panel-header-actions">
          <button type="button" class="btn btn-small" data-testid="serial-refresh" [disabled]="serialLoading()" (click)="loadSerial()">
            <clan-icon name="refresh" /> Refresh
          </button>
        </span>
      </h2>
      <clan-error [error]="serialError()" />
      @if (serialLines().length) {
        <p class="muted small">The last {{ serialLines().length }} lines since the last boot.</p>
        <pre class="log log-tail serial-log" tabindex="0" aria-label="Serial console output" data-testid="serial-text">{{
          serialLines().join('\\n')
        }}</pre>
      } @else if (serial()) {
        <p class="muted" data-testid="serial-empty">No console output yet: the VM has not booted on this host.</p>
      }
    </section>
  `,
})
export class MachineSerialPanel {
  private readonly machineVm = inject(MachineVm);
  private readonly api = inject(ClanApi);
  protected readonly canConsole = inject(MachineContext).network.canConsole;
  protected readonly serial = signal<SerialLogView | null>(null);
  protected readonly serialError = signal<ErrorView | null>(null);
  protected readonly serialLoading = signal(false);
  protected readonly serialLines = computed(() => {
    const text = this.serial()?.text ?? '';
    const lines = text.replace(/\r/g, '').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    // A truncated tail starts mid-line: drop that fragment.
    if (this.serial()?.truncated) lines.shift();
    return lines.slice(-SERIAL_LINES);
  });

  constructor() {
    // Read again when the machine changes and whenever one of its VM tasks ends.
    effect(() => {
      this.machineVm.name();
      this.machineVm.changes();
      if (this.canConsole()) untracked(() => void this.loadSerial());
    });
  }

  protected async loadSerial(): Promise<void> {
    const networkId = this.machineVm.networkId();
    const name = this.machineVm.name();
    if (!networkId || !name) return;
    this.serialLoading.set(true);
    try {
      const log = await this.api.serialLog(networkId, name, SERIAL_TAIL_BYTES);
      if (name !== this.machineVm.name()) return;
      this.serial.set(log);
      this.serialError.set(null);
    } catch (error) {
      this.serialError.set(describeError(error));
    } finally {
      this.serialLoading.set(false);
    }
  }
}
