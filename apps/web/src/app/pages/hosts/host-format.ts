import { HOST_OFFLINE_VM_STATE, type HostRole, type HostView, type PlacementHostView } from '../../core/api/fleet-types';
import { formatBytes } from '../../shared/chart/chart-math';
import { STATE_TEXT, timeAgo } from '../../core/vm/vm-rules';

export { formatBytes };

export const ROLE_TEXT: Readonly<Record<HostRole, { label: string; help: string }>> = {
  panel: { label: 'Panel host', help: 'Runs the panel itself (web, database, task queues) and machines' },
  worker: { label: 'Worker', help: 'Runs machines for the panel' },
};

/** "Online", or "Offline" with when it was last heard from. */
export function hostStateText(
  host: Pick<HostView, 'state' | 'lastSeenAt'>,
  now = Date.now(),
): { label: string; tone: string; detail: string } {
  if (host.state === 'online')
    return { label: 'Online', tone: 'ok', detail: host.lastSeenAt ? `heartbeat ${timeAgo(host.lastSeenAt, now)}` : '' };
  return {
    label: 'Offline',
    tone: 'danger',
    detail: host.lastSeenAt ? `last seen ${timeAgo(host.lastSeenAt, now)}` : 'never seen',
  };
}

/** One bar of a host's capacity: how full, in words and as a fraction (0..1). */
export interface UsageMeter {
  key: 'cpu' | 'memory' | 'disk' | 'vmMemory';
  label: string;
  /** 0..1, capped; null when the host has not reported it. */
  fraction: number | null;
  text: string;
}

/** CPU load against the CPUs, memory and disk used of their totals, and the memory given to VMs. */
export function usageMeters(host: Pick<HostView, 'capacity' | 'load'>): UsageMeter[] {
  const { capacity, load } = host;
  const unknown = (key: UsageMeter['key'], label: string): UsageMeter => ({ key, label, fraction: null, text: 'not reported yet' });
  if (!capacity || !load) {
    return [unknown('cpu', 'CPU load'), unknown('memory', 'Memory'), unknown('disk', 'Disk'), unknown('vmMemory', 'VM memory')];
  }
  const memoryUsed = Math.max(0, capacity.memoryBytes - load.memoryAvailableBytes);
  const diskUsed = Math.max(0, capacity.diskBytes - load.diskFreeBytes);
  const vms = load.runningVms === 1 ? '1 running VM' : `${load.runningVms} running VMs`;
  return [
    {
      key: 'cpu',
      label: 'CPU load',
      fraction: ratio(load.load1, capacity.cpus),
      text: `${load.load1.toFixed(2)} on ${capacity.cpus} ${capacity.cpus === 1 ? 'CPU' : 'CPUs'}`,
    },
    {
      key: 'memory',
      label: 'Memory',
      fraction: ratio(memoryUsed, capacity.memoryBytes),
      text: `${formatBytes(memoryUsed)} of ${formatBytes(capacity.memoryBytes)}`,
    },
    {
      key: 'disk',
      label: 'Disk',
      fraction: ratio(diskUsed, capacity.diskBytes),
      text: `${formatBytes(diskUsed)} of ${formatBytes(capacity.diskBytes)}`,
    },
    {
      key: 'vmMemory',
      label: 'VM memory',
      fraction: ratio(load.vmMemoryBytes, capacity.memoryBytes),
      text: `${formatBytes(load.vmMemoryBytes)} for ${vms}`,
    },
  ];
}

function ratio(part: number, whole: number): number | null {
  if (!Number.isFinite(part) || !Number.isFinite(whole) || whole <= 0) return null;
  return Math.max(0, Math.min(1, part / whole));
}

/** A bar turns amber from 80 % and red from 95 %. */
export function meterTone(fraction: number | null): 'ok' | 'warn' | 'danger' | 'muted' {
  if (fraction === null) return 'muted';
  if (fraction >= 0.95) return 'danger';
  if (fraction >= 0.8) return 'warn';
  return 'ok';
}

/** A host's name is a DNS label (it names the host in the mesh): what is wrong with one, as a sentence, or null. */
export function hostNameProblem(name: string, taken: readonly string[] = []): string | null {
  if (!name) return 'Give the host a name, e.g. worker-1.';
  if (name.length > 63) return 'Use at most 63 characters.';
  if (/[A-Z]/.test(name) && /^[a-zA-Z0-9-]+$/.test(name)) return 'Use lower-case letters only.';
  if (!/^[a-z0-9-]+$/.test(name)) return 'Use only lower-case letters, digits and dashes, e.g. worker-1.';
  if (name.startsWith('-') || name.endsWith('-')) return 'Start and end the name with a letter or digit.';
  if (taken.includes(name)) return `A host named “${name}” already exists: pick another name.`;
  return null;
}

export const ENROLMENT_EXPIRY: readonly { minutes: number; label: string }[] = [
  { minutes: 15, label: '15 minutes' },
  { minutes: 60, label: '1 hour' },
  { minutes: 1440, label: '24 hours' },
];
export const DEFAULT_ENROLMENT_MINUTES = 60;

/** "in 42 minutes", "in 3 hours", "expired". */
export function expiresIn(iso: string, now = Date.now()): string {
  const ms = Date.parse(iso) - now;
  if (!Number.isFinite(ms)) return '—';
  if (ms <= 0) return 'expired';
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return minutes === 1 ? 'in a minute' : `in ${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? 'in an hour' : `in ${hours} hours`;
}

/** Why a host cannot take a machine, or null when it can. */
export function placementBlocker(host: Pick<PlacementHostView, 'state' | 'draining' | 'name'>): string | null {
  if (host.state === 'offline') return `${host.name} is offline.`;
  if (host.draining) return `${host.name} is draining: it takes no new machines.`;
  return null;
}

/** A VM state as a host's machine list gives it: libvirt's states as the machine pages word them, and "Host offline". */
export function vmStateText(state: string): { label: string; tone: string } {
  if (state === HOST_OFFLINE_VM_STATE) return { label: 'Host offline', tone: 'danger' };
  // Own keys only: a state named like an Object method is still just an unknown state.
  return Object.hasOwn(STATE_TEXT, state) ? STATE_TEXT[state as keyof typeof STATE_TEXT] : { label: state || 'unknown', tone: 'muted' };
}
