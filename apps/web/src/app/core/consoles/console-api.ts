import { Injectable, inject } from '@angular/core';
import { Api } from '../api/api';
import type { ConsoleTicketView, HostTerminalSessionView, MachineConsoleKind, MachineConsoleView } from './console-types';

/**
 * The console routes (docs/consoles.md) as the pages use them: calls of the
 * shared facade's `consoles` group, through `Api.run` like ClanApi. A ticket opens one
 * console WebSocket once, within 30 s: ask for a fresh one for every
 * connection attempt.
 */
@Injectable({ providedIn: 'root' })
export class ConsoleApi {
  private readonly api = inject(Api);
  private readonly consoles = this.api.facade.consoles;

  /** Display setting, whether the VM runs and has a display now, who is on the serial console (Machine.Console). */
  machineConsole(networkId: string, machine: string): Promise<MachineConsoleView> {
    return this.api.run(this.consoles.machine(networkId, machine));
  }

  /** Turns the graphical console on or off from the VM's next start (Machine.Config). */
  setMachineDisplay(networkId: string, machine: string, display: boolean): Promise<MachineConsoleView> {
    return this.api.run(this.consoles.setMachineDisplay(networkId, machine, display));
  }

  /** A ticket for the machine's serial or graphical console; VNC without a display answers 409 with what to do. */
  machineTicket(networkId: string, machine: string, kind: MachineConsoleKind): Promise<ConsoleTicketView> {
    return this.api.run(this.consoles.machineTicket(networkId, machine, kind));
  }

  /** A ticket for a new host shell, or to join the running one `sessionId` (Sys.Terminal). */
  hostTicket(sessionId?: string): Promise<ConsoleTicketView> {
    return this.api.run(this.consoles.hostTicket(sessionId));
  }

  /** Running host shells and who is connected to each (Sys.Terminal). */
  async hostSessions(): Promise<HostTerminalSessionView[]> {
    return (await this.api.run(this.consoles.hostSessions())).items;
  }
}
