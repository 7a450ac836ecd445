import type { GenerationStatus, VmHealth, VmPowerAction, VmState, VmSummaryView } from '../api/vm-types';

export type Tone = 'ok' | 'warn' | 'danger' | 'info' | 'muted';

/** The power buttons, in the order the page shows them. */
export const POWER_ACTIONS: readonly VmPowerAction[] = ['start', 'stop', 'reboot', 'suspend', 'resume'];

export const POWER_LABEL: Readonly<Record<VmPowerAction, string>> = {
  start: 'Start',
  stop: 'Stop',
  reboot: 'Reboot',
  suspend: 'Suspend',
  resume: 'Resume',
};

/*
 * Which power action makes sense from which state. Mirrors the panel's
 * `vm.power` job (apps/api/src/vms/vm.jobs.ts) and libvirt-client's
 * transition table; the API still decides (it answers with a task that says
 * what it did, or 409 while another action runs).
 * - start from `undefined` defines the domain again for the current generation,
 *   so it needs a generation; from shut off or crashed it boots.
 * - stop is a graceful shutdown, then destroy after a timeout: fine from any
 *   state where something may still run.
 * - reboot = stop + start of a running (or paused) VM.
 */
/** A VM's state as the machine page shows it: libvirt's, or its host being offline (docs/fleet.md). */
export type VmViewState = VmState | 'host-offline';

const ALLOWED: Readonly<Record<VmViewState, readonly VmPowerAction[]>> = {
  undefined: ['start'],
  shutOff: ['start'],
  crashed: ['start', 'stop'],
  running: ['stop', 'reboot', 'suspend'],
  blocked: ['stop', 'reboot', 'suspend'],
  paused: ['stop', 'reboot', 'resume'],
  shuttingDown: ['stop'],
  pmSuspended: ['stop'],
  unknown: ['stop'],
  'host-offline': [],
};

export interface ActionAvailability {
  enabled: boolean;
  /** Why it is disabled, for the button's title (null when enabled). */
  reason: string | null;
}

export interface PowerContext {
  vm: Pick<VmSummaryView, 'state' | 'host' | 'activeTask' | 'currentGeneration' | 'healthyGeneration' | 'latestGeneration'> | null;
  /** Machine.PowerMgmt in this network. */
  canPower: boolean;
  /** A request of ours is on its way (the answer has not come back yet). */
  busy?: boolean;
}

/** Whether a power button is enabled, and if not, why (shown as its title). */
export function powerAvailability(action: VmPowerAction, context: PowerContext): ActionAvailability {
  const { vm, canPower, busy } = context;
  if (!canPower) return off('You need the Machine.PowerMgmt privilege in this network.');
  if (!vm) return off('Loading the VM’s state…');
  if (busy) return off('Sending…');
  if (vm.activeTask) return off(`Another action is under way (${vm.activeTask.type}); wait for it to finish.`);
  if (vm.state === 'host-offline') return off(`Its host ${vm.host.name} is offline; power actions wait until it is back (see Hosts).`);
  if (!ALLOWED[vm.state].includes(action)) return off(`Not possible while the VM is ${STATE_TEXT[vm.state].label}.`);
  if (action === 'start' && vm.state === 'undefined' && !hasGeneration(vm)) {
    return off('Nothing to start yet: deploy the machine first.');
  }
  return { enabled: true, reason: null };
}

/** "Deploy now" builds the configured revision and boots it; one action per VM at a time. */
export function deployAvailability(context: PowerContext): ActionAvailability {
  const { vm, canPower, busy } = context;
  if (!canPower) return off('You need the Machine.PowerMgmt privilege in this network.');
  if (!vm) return off('Loading the VM’s state…');
  if (busy) return off('Sending…');
  if (vm.activeTask) return off(`Another action is under way (${vm.activeTask.type}); wait for it to finish.`);
  return { enabled: true, reason: null };
}

/** Stop and reboot interrupt whatever runs inside, so they ask first. */
export function needsConfirmation(action: VmPowerAction): boolean {
  return action === 'stop' || action === 'reboot';
}

function hasGeneration(vm: PowerContext['vm']): boolean {
  return vm !== null && (vm.currentGeneration ?? vm.healthyGeneration ?? vm.latestGeneration) != null;
}

function off(reason: string): ActionAvailability {
  return { enabled: false, reason };
}

export const STATE_TEXT: Readonly<Record<VmViewState, { label: string; tone: Tone }>> = {
  undefined: { label: 'not created', tone: 'muted' },
  shutOff: { label: 'stopped', tone: 'muted' },
  running: { label: 'running', tone: 'ok' },
  blocked: { label: 'running (idle)', tone: 'ok' },
  paused: { label: 'paused', tone: 'warn' },
  shuttingDown: { label: 'shutting down', tone: 'info' },
  crashed: { label: 'crashed', tone: 'danger' },
  pmSuspended: { label: 'suspended by guest', tone: 'warn' },
  unknown: { label: 'unknown', tone: 'muted' },
  'host-offline': { label: 'host offline', tone: 'danger' },
};

export const HEALTH_TEXT: Readonly<Record<VmHealth, { label: string; tone: Tone; help: string }>> = {
  unknown: { label: 'unknown', tone: 'muted', help: 'Not checked: the VM is not running, or has not been probed yet.' },
  checking: { label: 'checking', tone: 'info', help: 'The panel is waiting for the guest to answer its health probe.' },
  healthy: { label: 'healthy', tone: 'ok', help: 'The guest answered its health probe for the generation it runs.' },
  unhealthy: { label: 'unhealthy', tone: 'danger', help: 'The guest did not answer its health probe in time.' },
};

export const GENERATION_TEXT: Readonly<Record<GenerationStatus, { label: string; tone: Tone; help: string }>> = {
  built: { label: 'built', tone: 'muted', help: 'Built, never booted.' },
  booting: { label: 'booting', tone: 'info', help: 'Booting; the health check is under way.' },
  healthy: { label: 'healthy', tone: 'ok', help: 'Booted and passed its health check.' },
  unhealthy: { label: 'unhealthy', tone: 'danger', help: 'Booted but failed its health check.' },
  'rolled-back': { label: 'rolled back', tone: 'warn', help: 'Failed, and the panel went back to the last healthy generation.' },
  collected: { label: 'collected', tone: 'muted', help: 'Garbage-collected: its system is gone and it cannot be booted again.' },
};

/** 90061 → "1 d 1 h", 3725 → "1 h 2 min", 42 → "42 s". */
export function formatUptime(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min ${s % 60} s`;
  return `${s} s`;
}

/** A time in words relative to `now`: "just now", "5 minutes ago", "3 days ago"; older than a month: the date. */
export function timeAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const then = Date.parse(iso);
  if (!Number.isFinite(then)) return '—';
  const seconds = Math.round((now - then) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes === 1 ? 'a minute ago' : `${minutes} minutes ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return hours === 1 ? 'an hour ago' : `${hours} hours ago`;
  const days = Math.round(hours / 24);
  if (days < 31) return days === 1 ? 'yesterday' : `${days} days ago`;
  return new Date(then).toISOString().slice(0, 10);
}

/** "Roll back to this": an older generation that still exists, while no other action runs. */
export function rollbackAvailability(
  generation: { number: number; status: GenerationStatus; current: boolean },
  context: PowerContext,
): ActionAvailability {
  const { vm, canPower, busy } = context;
  if (!canPower) return off('You need the Machine.PowerMgmt privilege in this network.');
  if (generation.status === 'collected') return off('Garbage-collected: its system is gone.');
  if (generation.current) return off('The VM runs this generation already.');
  if (!vm) return off('Loading the VM’s state…');
  if (busy) return off('Sending…');
  if (vm.activeTask) return off(`Another action is under way (${vm.activeTask.type}); wait for it to finish.`);
  return { enabled: true, reason: null };
}
