import { existsSync } from 'node:fs';
import { VmState } from '@clan/libvirt-client';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { MachineStateEntity } from '../configs/machine-state.entity';
import { MachinesService } from '../configs/machines.service';
import { conflict, DomainError } from '../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { LibvirtService } from '../vms/libvirt.service';
import { VmLayout } from '../vms/vm-layout';
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
    @InjectRepository(MachineStateEntity) private readonly states: Repository<MachineStateEntity>,
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
      const row = await this.states.findOne({
        where: { networkId, name: machine },
        select: { domainName: true, networkId: true, name: true },
      });
      if (!row?.domainName) throw err;
    }
  }

  async facts(networkId: string, machine: string): Promise<MachineConsoleFacts> {
    const row = await this.states.findOne({
      where: { networkId, name: machine },
      select: { domainName: true, networkId: true, name: true },
    });
    const domainName = row?.domainName ?? null;
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
