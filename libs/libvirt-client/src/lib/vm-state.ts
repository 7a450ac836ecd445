/** The panel's own view of a domain's state, independent of libvirt's numbering. */
export enum VmState {
  /** Not known to libvirt (or undefined). Only `define` applies. */
  Undefined = 'undefined',
  ShutOff = 'shutOff',
  Running = 'running',
  Paused = 'paused',
  ShuttingDown = 'shuttingDown',
  Crashed = 'crashed',
  /** Suspended to RAM by the guest (ACPI S3). */
  PmSuspended = 'pmSuspended',
  Blocked = 'blocked',
  Unknown = 'unknown',
}

export type VmAction = 'define' | 'undefine' | 'start' | 'shutdown' | 'destroy' | 'reboot' | 'suspend' | 'resume';

export const VM_ACTIONS: readonly VmAction[] = ['define', 'undefine', 'start', 'shutdown', 'destroy', 'reboot', 'suspend', 'resume'];

/*
 * Which action is allowed from which state. `define` on an existing domain
 * redefines it (libvirt applies the new XML at next boot), so it is allowed
 * everywhere. `undefine` of a running domain would make it transient, which
 * the panel never wants, so it requires shut off. Unknown states allow only
 * the actions that are safe whatever the truth is.
 */
export const VM_TRANSITIONS: Readonly<Record<VmState, readonly VmAction[]>> = {
  [VmState.Undefined]: ['define'],
  [VmState.ShutOff]: ['define', 'undefine', 'start'],
  [VmState.Crashed]: ['define', 'undefine', 'start', 'destroy'],
  [VmState.Running]: ['define', 'shutdown', 'destroy', 'reboot', 'suspend'],
  [VmState.Blocked]: ['define', 'shutdown', 'destroy', 'reboot', 'suspend'],
  [VmState.Paused]: ['define', 'destroy', 'resume'],
  [VmState.ShuttingDown]: ['define', 'destroy'],
  [VmState.PmSuspended]: ['define', 'destroy'],
  [VmState.Unknown]: ['define', 'destroy'],
};

export function canTransition(from: VmState, action: VmAction): boolean {
  return VM_TRANSITIONS[from].includes(action);
}

/** Maps the first word(s) of `virsh domstate` (LC_ALL=C) to a VmState. */
export function vmStateFromVirsh(state: string): VmState {
  switch (state.trim().toLowerCase()) {
    case 'running':
      return VmState.Running;
    case 'idle':
    case 'blocked':
      return VmState.Blocked;
    case 'paused':
      return VmState.Paused;
    case 'in shutdown':
      return VmState.ShuttingDown;
    case 'shut off':
      return VmState.ShutOff;
    case 'crashed':
      return VmState.Crashed;
    case 'pmsuspended':
      return VmState.PmSuspended;
    default:
      return VmState.Unknown;
  }
}

/** Maps libvirt's virDomainState number (as in `domstats` state.state) to a VmState. */
export function vmStateFromCode(code: number): VmState {
  return (
    [
      VmState.Unknown, // 0 NOSTATE
      VmState.Running, // 1
      VmState.Blocked, // 2
      VmState.Paused, // 3
      VmState.ShuttingDown, // 4
      VmState.ShutOff, // 5
      VmState.Crashed, // 6
      VmState.PmSuspended, // 7
    ][code] ?? VmState.Unknown
  );
}
