import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { describeError, type ErrorView } from '../../core/api/errors';
import { ConsoleApi } from '../../core/consoles/console-api';
import { CONSOLE_WEBSOCKET, ConsoleConnection } from '../../core/consoles/console-connection';
import type { MachineConsoleView } from '../../core/consoles/console-types';
import { ErrorBox } from '../../shared/error-box';
import { TerminalView } from '../../shared/terminal/terminal-view';
import { VncView } from '../../shared/terminal/vnc-view';
import { MachineContext } from './machine-context';
import { MachineVm } from './machine-vm';

type ConsoleKind = 'serial' | 'vnc';

/**
 * The machine's consoles (docs/consoles.md): the serial console as a live
 * terminal (connected while the tab is open; a stopped VM replays its last
 * boot), the graphical console through noVNC when the machine has a display,
 * and for network admins the display setting.
 */
@Component({
  selector: 'clan-machine-console-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, ErrorBox, TerminalView, VncView],
  styles: `
    .console-head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 14px;
      margin-bottom: 10px;
    }
    .console-head a {
      margin-left: auto;
    }
    .console-help {
      margin: 8px 0 0;
      padding-left: 18px;
    }
    .console-display {
      margin-top: 14px;
    }
  `,
  template: `
    @if (!canConsole()) {
      <p class="empty-state-inline" data-testid="console-no-access">
        <strong>No console access.</strong>
        <span class="muted">Opening this machine’s console needs the Machine.Console privilege (owners and admins of the network).</span>
      </p>
    } @else {
      <div class="console-head">
        <div class="segmented" role="group" aria-label="Which console">
          <button
            type="button"
            class="btn btn-small"
            data-testid="console-kind-serial"
            [attr.aria-pressed]="kind() === 'serial'"
            (click)="kind.set('serial')"
          >
            Serial console
          </button>
          <button
            type="button"
            class="btn btn-small"
            data-testid="console-kind-vnc"
            [attr.aria-pressed]="kind() === 'vnc'"
            [disabled]="vncReason() !== null"
            [attr.title]="vncReason()"
            (click)="kind.set('vnc')"
          >
            Graphical console
          </button>
        </div>
        @if (vncReason(); as reason) {
          <span class="muted small" data-testid="console-vnc-reason">{{ reason }}</span>
        }
        <a class="small" data-testid="console-recordings-link" routerLink="/recordings" [queryParams]="recordingsQuery()"
          >Recordings of this console</a
        >
      </div>
      <clan-error [error]="infoError()" />

      @if (kind() === 'serial') {
        @if (neverDeployed()) {
          <div class="empty-state" data-testid="console-empty">
            <p><strong>No console output yet.</strong></p>
            <p class="muted">
              {{ name() }} has never been deployed, so it has no VM on this host. Deploy it from the Summary tab: its boot appears here as
              it happens.
            </p>
          </div>
        } @else if (serial(); as connection) {
          <clan-terminal-view #term [connection]="connection" [label]="'Serial console of ' + name()" />
          <ul class="console-help hint">
            <li>Click the terminal and type, as on the VM’s own screen. Leaving this tab disconnects you; the VM keeps running.</li>
            <li>Copy: select text, then Copy. Paste: the Paste button, or Ctrl+Shift+V (⌘V on a Mac).</li>
            <li>
              Window size: a serial line has none, so full-screen programs assume 80×24. Run
              <code>stty rows {{ term.size()?.rows ?? 24 }} cols {{ term.size()?.cols ?? 80 }}</code> in the guest to match this terminal.
            </li>
            <li>What the console prints while someone is connected is recorded; what you type is not.</li>
          </ul>
        } @else {
          <p class="muted">Loading the VM’s state…</p>
        }
      } @else if (vncTicket(); as ticket) {
        <clan-vnc-view [ticket]="ticket" [label]="'Graphical console of ' + name()" />
        <p class="hint">
          Click the screen to type into the VM. Keys the browser keeps for itself (Ctrl+Alt+Del) have a button. The graphical console is not
          recorded.
        </p>
      }

      @if (canConfigure()) {
        <div class="console-display">
          <label class="check">
            <input
              type="checkbox"
              data-testid="console-display-toggle"
              [checked]="info()?.display ?? false"
              [disabled]="!info() || saving()"
              (change)="setDisplay($event)"
            />
            Graphical display (takes effect at next start)
          </label>
          <p class="hint" data-testid="console-display-note" role="status" aria-live="polite">{{ displayNote() }}</p>
          <clan-error [error]="saveError()" />
        </div>
      }
    }
  `,
})
export class MachineConsoleTab {
  private readonly context = inject(MachineContext);
  private readonly machineVm = inject(MachineVm);
  private readonly api = inject(ConsoleApi);
  private readonly webSocket = inject(CONSOLE_WEBSOCKET);

  protected readonly kind = signal<ConsoleKind>('serial');
  protected readonly info = signal<MachineConsoleView | null>(null);
  protected readonly infoError = signal<ErrorView | null>(null);
  protected readonly saving = signal(false);
  protected readonly saveError = signal<ErrorView | null>(null);
  protected readonly displayNote = signal('');
  protected readonly serial = signal<ConsoleConnection | null>(null);

  protected readonly canConsole = this.context.network.canConsole;
  protected readonly canConfigure = this.context.network.canConfigure;
  protected readonly name = computed(() => this.machineVm.name() ?? '');
  private readonly networkId = computed(() => this.machineVm.networkId() ?? '');
  protected readonly recordingsQuery = computed(() => ({ networkId: this.networkId(), machine: this.name() }));

  /** Known once the VM summary (or its error) is in: until then it is too early to say "never deployed". */
  private readonly vmKnown = computed(() => this.machineVm.vm() !== null || this.machineVm.error() !== null);
  private readonly vmState = computed(() => this.machineVm.vm()?.state ?? null);
  protected readonly neverDeployed = computed(() => {
    const vm = this.machineVm.vm();
    return vm !== null && vm.state === 'undefined' && vm.latestGeneration === null && !vm.activeTask;
  });

  /** Why the graphical console cannot be opened now; null when it can. */
  protected readonly vncReason = computed(() => {
    const info = this.info();
    if (!info) return this.infoError() ? 'Whether the machine has a display is not known.' : 'Checking whether the machine has a display…';
    if (info.displayAvailable) return null;
    if (!info.display) {
      return this.canConfigure()
        ? 'This machine has no graphical display. Turn on “Graphical display” below; it takes effect at the VM’s next start.'
        : 'This machine has no graphical display; a network admin can turn one on.';
    }
    if (!info.running) return 'The VM is not running: start it to use its graphical console.';
    return 'The VM was started before its display was turned on: restart it to get one.';
  });

  protected readonly vncTicket = computed(() => {
    const networkId = this.networkId();
    const name = this.name();
    return networkId && name ? () => this.api.machineTicket(networkId, name, 'vnc') : null;
  });

  /** The serial console to show: one connection per machine while the serial view is chosen. */
  private readonly serialTarget = computed(() => {
    const networkId = this.networkId();
    const name = this.name();
    if (!networkId || !name || !this.canConsole() || this.kind() !== 'serial') return null;
    if (!this.vmKnown() || this.neverDeployed()) return null;
    return { networkId, name };
  });

  constructor() {
    let current = '';
    effect(() => {
      const target = this.serialTarget();
      const key = target ? `${target.networkId}/${target.name}` : '';
      untracked(() => {
        if (key === current) return;
        current = key;
        this.serial()?.close();
        this.serial.set(
          target
            ? new ConsoleConnection({
                ticket: () => this.api.machineTicket(target.networkId, target.name, 'serial'),
                WebSocket: this.webSocket,
              })
            : null,
        );
      });
    });

    // What can be opened changes with the VM: read it again when the VM's state changes or one of its tasks ends.
    effect(() => {
      const networkId = this.networkId();
      const name = this.name();
      this.vmState();
      this.machineVm.changes();
      if (networkId && name && this.canConsole()) untracked(() => void this.loadInfo(networkId, name));
    });

    inject(DestroyRef).onDestroy(() => this.serial()?.close());
  }

  protected async setDisplay(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const display = input.checked;
    const networkId = this.networkId();
    const name = this.name();
    this.saving.set(true);
    this.saveError.set(null);
    this.displayNote.set('');
    try {
      const info = await this.api.setMachineDisplay(networkId, name, display);
      if (name !== this.name()) return;
      this.info.set(info);
      this.displayNote.set(
        display
          ? 'Saved. The VM gets its graphical display when it is next started (start, reboot or deploy).'
          : 'Saved. The VM loses its graphical display when it is next started.',
      );
    } catch (error) {
      input.checked = !display;
      this.saveError.set(describeError(error));
    } finally {
      this.saving.set(false);
    }
  }

  private async loadInfo(networkId: string, name: string): Promise<void> {
    try {
      const info = await this.api.machineConsole(networkId, name);
      if (name !== this.name() || networkId !== this.networkId()) return;
      this.info.set(info);
      this.infoError.set(null);
    } catch (error) {
      if (name === this.name()) this.infoError.set(describeError(error));
    }
  }
}
