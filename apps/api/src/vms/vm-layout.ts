import { createHash } from 'node:crypto';
import type { DomainSpec } from '@clan/libvirt-client';
import type { VmNic } from '../services/config/config.schema';
import type { VmLayout } from '../services/disk/vm-layout';
import { SECRETS_DISK_SERIAL } from './secrets-disk';

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
  /** A graphical console (VNC on `layout.vncSocket`). */
  display?: boolean;
  layout: VmLayout;
  /** The underlay NIC (CLAN_VM_BRIDGE or CLAN_VM_NETWORK); absent: the VM has no network interface. */
  nic?: VmNic;
}

/**
 * The MAC address of a machine's NIC: locally administered, the same for every
 * generation of the machine (so its DHCP lease and the domain XML stay put)
 * and different for every machine of every network.
 */
export function vmMacAddress(networkId: string, machine: string): string {
  const h = createHash('sha256').update(`${networkId}/${machine}`).digest();
  // 52:54:00 is QEMU's prefix, already locally administered and unicast.
  return ['52', '54', '00', ...[...h.subarray(0, 3)].map((b) => b.toString(16).padStart(2, '0'))].join(':');
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
      { source: i.layout.secretsDisk, target: 'vdc', format: 'raw', readonly: true, serial: SECRETS_DISK_SERIAL },
    ],
    // A pty the panel attaches to (virsh console), logged to serial.log whether or not anyone is attached.
    serial: { type: 'pty', logFile: i.layout.serialLog },
    // The VM controller (docs/vm-controller.md): PING on the health port, requests on the control port,
    // so a long request (a backup) never holds up a health probe.
    channels: [
      { socketPath: i.layout.healthSocket, name: 'org.clan.health.0' },
      { socketPath: i.layout.controlSocket, name: 'org.clan.control.0' },
    ],
    ...(i.nic ? { interfaces: [{ ...i.nic, mac: vmMacAddress(i.networkId, i.machine) }] } : {}),
    ...(i.display ? { graphics: { type: 'vnc' as const, socket: i.layout.vncSocket } } : {}),
    // The guest's own memory figures for metrics (memory used = available − unused).
    memballoon: { statsPeriodSeconds: 10 },
    metadata: { panel: i.panelId, network: i.networkId, machine: i.machine, generation: i.generation },
  };
}
