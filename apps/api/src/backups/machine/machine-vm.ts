import { VmState } from '@clan/libvirt-client';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { VmLayout } from '../../services/disk/vm-layout';
import { LibvirtService } from '../../services/libvirt/libvirt.service';
import { MachineStateService } from '../../vms/machine-state.service';
import type { MachineBuild } from './machine-backup-tags';

/** Where a machine's data can be read from now: its controller, its state disk, or neither. */
export type MachineVmPlace = 'running' | 'stopped' | 'paused' | 'never-deployed';

export interface MachineVm extends MachineBuild {
  place: MachineVmPlace;
  /** libvirt's word for the domain's state (for sentences). */
  state: string;
  /** The controller's socket (the health channel). */
  socketPath: string;
  stateDisk: string;
  /** The machine's VM directory (the state disk's; a live copy of it goes there). */
  dir: string;
  /** libvirt's name of the machine's domain; null when it has none. */
  domainName: string | null;
}

/** How each libvirt state decides where a backup reads from. */
export function placeOf(state: VmState | string, hasDomain: boolean): MachineVmPlace {
  if (!hasDomain) return 'never-deployed';
  if (state === VmState.Running || state === VmState.Blocked) return 'running';
  if (state === VmState.ShutOff || state === VmState.Crashed || state === VmState.Undefined) return 'stopped';
  // Paused, suspended, shutting down, unknown: qemu holds the disk and the controller cannot answer.
  return 'paused';
}

/** A machine's VM as the backups see it: running or not, the build it runs, its socket and state disk. */
@Injectable()
export class MachineVms {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly machines: MachineStateService,
    private readonly libvirt: LibvirtService,
  ) {}

  async of(networkId: string, machine: string): Promise<MachineVm> {
    const layout = new VmLayout(this.config.stateDir, networkId, machine);
    const row = await this.machines.get(networkId, machine);
    const state = row?.domainName ? (await this.libvirt.client.state(row.domainName)).state : VmState.Undefined;
    return {
      place: placeOf(state, Boolean(row?.domainName)),
      state,
      revision: row?.deployedRevision ?? null,
      generation: row?.currentGeneration ?? null,
      socketPath: layout.healthSocket,
      stateDisk: layout.stateDisk,
      dir: layout.dir,
      domainName: row?.domainName ?? null,
    };
  }
}
