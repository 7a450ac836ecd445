/**
 * Shapes of the fleet routes (several hosts, one panel: /api/hosts…, a
 * machine's placement and moves). Written by hand from the API contract
 * because the committed OpenAPI document does not carry these routes yet;
 * once it does, these should become aliases of the generated DTOs like
 * vm-types.ts, so a contract change breaks the build here.
 */

export type HostRole = 'panel' | 'worker';
export type HostState = 'online' | 'offline';

/** What a host reported about its size when it joined (null: it never reported). */
export interface HostCapacityView {
  cpus: number;
  memoryBytes: number;
  diskBytes: number;
}

/** The host's last heartbeat: how busy it is. */
export interface HostLoadView {
  load1: number;
  memoryAvailableBytes: number;
  diskFreeBytes: number;
  /** Memory given to the machines' VMs on it. */
  vmMemoryBytes: number;
  runningVms: number;
}

export interface HostVersionsView {
  panel: string;
  node: string;
  libvirt: string | null;
  qemu: string | null;
  nix: string | null;
}

/** A machine placed on a host. */
export interface HostMachineView {
  networkId: string;
  networkName: string;
  machine: string;
  vmState: string;
}

export interface HostView {
  id: string;
  name: string;
  role: HostRole;
  /** Offline: it missed its heartbeats. */
  state: HostState;
  /** ISO time of the last heartbeat. */
  lastSeenAt: string | null;
  draining: boolean;
  capacity: HostCapacityView | null;
  load: HostLoadView | null;
  versions: HostVersionsView | null;
  meshAddress: string | null;
  machines: HostMachineView[];
  createdAt: string;
}

export interface UpdateHostRequest {
  name?: string;
  draining?: boolean;
}

export interface CreateHostEnrolmentRequest {
  name: string;
  /** 5..1440; the API's default is 60. */
  expiresInMinutes?: number;
}

/** A new one-time enrolment: the token is in this answer only. */
export interface CreatedHostEnrolmentView {
  id: string;
  name: string;
  token: string;
  expiresAt: string;
  /** The shell lines to run on the new host, in order. */
  commands: string[];
}

export interface HostEnrolmentView {
  id: string;
  name: string;
  expiresAt: string;
  usedAt: string | null;
  /** The host it made, once used. */
  hostId: string | null;
  createdAt: string;
}

/** One host a machine could be placed on. */
export interface PlacementHostView {
  id: string;
  name: string;
  state: HostState;
  draining: boolean;
  memoryAvailableBytes: number | null;
  diskFreeBytes: number | null;
  /** The panel's pick for this machine. */
  suggested: boolean;
}

/** Where a machine runs and where it could go. */
export interface MachinePlacementView {
  hostId: string;
  hostName: string;
  hostState: HostState;
  hosts: PlacementHostView[];
}

/** The host a machine's VM status names (absent on a panel without fleet support). */
export interface MachineHostRef {
  id: string;
  name: string;
  state: HostState;
}

/** The VM state the API reports instead of stopped/running while the machine's host is offline. */
export const HOST_OFFLINE_VM_STATE = 'host-offline';
