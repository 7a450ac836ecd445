import { existsSync } from 'node:fs';
import { VmState } from '@clan/libvirt-client';
import { Inject, Injectable } from '@nestjs/common';
import { MachinesService } from '../configs/machines.service';
import { conflict, DomainError } from '../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { LibvirtService } from '../services/libvirt/libvirt.service';
import { MachineDomains } from '../services/libvirt/machine-domains';
import { VmLayout } from '../services/disk/vm-layout';
import { MachineConsoleStore } from './settings/machine-console.store';

export interface MachineConsoleFacts {
  /** The VM runs (or is paused). */
  running: boolean;
  domainName: string | null;
  /** The machine's console setting. */
  display: boolean;
  /** A VNC server answers on the VM's socket right now (display on and the domain defined with it). */
  displayAvailable: boolean;
}

/** What a console can attach to: a machine in the configuration, or one whose VM is still there. */
@Injectable()
export class ConsoleTargets {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly machines: MachinesService,
    private readonly settings: MachineConsoleStore,
    private readonly libvirt: LibvirtService,
    private readonly domains: MachineDomains,
  ) {}

  layout(networkId: string, machine: string): VmLayout {
    return new VmLayout(this.config.stateDir, networkId, machine);
  }

  /** Throws 404 (the configuration's own "not found") unless the machine is configured or still has a VM. */
  async requireMachine(networkId: string, machine: string): Promise<void> {
    try {
      await this.machines.get(networkId, machine);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (!(await this.domains.domainOf(networkId, machine))) throw err;
    }
  }

  async facts(networkId: string, machine: string): Promise<MachineConsoleFacts> {
    const domainName = await this.domains.domainOf(networkId, machine);
    const { display } = await this.settings.get(networkId, machine);
    let running = false;
    if (domainName) {
      const { state } = await this.libvirt.client.state(domainName);
      running = state === VmState.Running || state === VmState.Blocked || state === VmState.Paused;
    }
    const displayAvailable = display && running && existsSync(this.layout(networkId, machine).vncSocket);
    return { running, domainName, display, displayAvailable };
  }

  /** Refuses (409) a graphical console the machine cannot serve now, saying what to do. */
  async requireDisplay(networkId: string, machine: string): Promise<void> {
    const f = await this.facts(networkId, machine);
    if (!f.display) {
      throw conflict(`${machine} has no display. Turn it on in the machine's console settings, then restart the VM.`);
    }
    if (!f.running) throw conflict(`${machine} is not running; start it to use its display.`);
    if (!f.displayAvailable) throw conflict(`${machine} runs without its display; restart the VM so it gets one.`);
  }
}
