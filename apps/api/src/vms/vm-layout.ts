import type { DomainSpec } from '@clan/libvirt-client';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Where a VM's files live on the host: `<stateDir>/vms/<networkId>/<machine>/`
 *   state.img     persistent state disk (vda), kept across generations
 *   serial.log    serial console (libvirt truncates it on every start)
 *   health.sock   health channel (libvirt binds it)
 *   gen-<n>/      kernel, initrd (copies: libvirt chowns what it boots) and store.img
 * qemu runs as another user, so every directory on the way must be
 * traversable by others (0711: nothing can be listed).
 */
export class VmLayout {
  readonly dir: string;

  constructor(
    readonly stateDir: string,
    readonly networkId: string,
    readonly machine: string,
  ) {
    this.dir = join(stateDir, 'vms', networkId, machine);
  }

  get stateDisk(): string {
    return join(this.dir, 'state.img');
  }
  get serialLog(): string {
    return join(this.dir, 'serial.log');
  }
  get healthSocket(): string {
    return join(this.dir, 'health.sock');
  }
  genDir(n: number): string {
    return join(this.dir, `gen-${n}`);
  }
  kernel(n: number): string {
    return join(this.genDir(n), 'kernel');
  }
  initrd(n: number): string {
    return join(this.genDir(n), 'initrd');
  }
  storeDisk(n: number): string {
    return join(this.genDir(n), 'store.img');
  }

  /** Creates the directories and opens the path for qemu to traverse. */
  async ensure(n?: number): Promise<void> {
    await mkdir(n === undefined ? this.dir : this.genDir(n), { recursive: true });
    for (let d = n === undefined ? this.dir : this.genDir(n); d.startsWith(this.stateDir); d = dirname(d)) {
      const mode = (await stat(d)).mode & 0o777;
      if ((mode & 0o001) === 0) await chmod(d, mode | 0o711);
      if (d === this.stateDir) break;
    }
  }
}

export interface VmDomainInput {
  domainName: string;
  panelId: string;
  networkId: string;
  machine: string;
  generation: number;
  toplevel: string;
  kernelParams: string;
  domainType: 'kvm' | 'qemu';
  vcpus: number;
  memoryMiB: number;
  layout: VmLayout;
}

/** The libvirt domain of one generation of a machine (docs/vms.md, "Domain"). */
export function vmDomainSpec(i: VmDomainInput): DomainSpec {
  const cmdline = [`init=${i.toplevel}/init`, i.kernelParams.trim(), `clan.machine=${i.machine}`, `clan.generation=${i.generation}`]
    .filter(Boolean)
    .join(' ');
  return {
    name: i.domainName,
    type: i.domainType,
    memoryMiB: i.memoryMiB,
    vcpus: i.vcpus,
    cpuMode: i.domainType === 'kvm' ? 'host-passthrough' : 'maximum',
    os: { kernel: i.layout.kernel(i.generation), initrd: i.layout.initrd(i.generation), cmdline },
    disks: [
      { source: i.layout.stateDisk, target: 'vda', format: 'raw' },
      { source: i.layout.storeDisk(i.generation), target: 'vdb', format: 'raw', readonly: true },
    ],
    serial: { type: 'file', path: i.layout.serialLog },
    channel: { socketPath: i.layout.healthSocket, name: 'org.clan.health.0' },
    // The guest's own memory figures for metrics (memory used = available − unused).
    memballoon: { statsPeriodSeconds: 10 },
    metadata: { panel: i.panelId, network: i.networkId, machine: i.machine, generation: i.generation },
  };
}
