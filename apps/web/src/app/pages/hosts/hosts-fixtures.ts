import type { HostView } from '../../core/api/fleet-types';

/** Hosts as GET /api/hosts answers them, for the hosts pages' specs. */
export const GIB = 1024 ** 3;

export function hostFixture(overrides: Partial<HostView> = {}): HostView {
  return {
    id: 'h-panel',
    name: 'panel-host',
    role: 'panel',
    state: 'online',
    lastSeenAt: new Date(Date.now() - 5_000).toISOString(),
    draining: false,
    capacity: { cpus: 4, memoryBytes: 16 * GIB, diskBytes: 500 * GIB },
    load: { load1: 1.5, memoryAvailableBytes: 10 * GIB, diskFreeBytes: 400 * GIB, vmMemoryBytes: 4 * GIB, runningVms: 2 },
    versions: { panel: '1.4.0', node: '1.4.0', libvirt: '9.0.0', qemu: '7.2.0', nix: '2.24.9' },
    meshAddress: 'fd7a:115c:a1e0::1',
    machines: [{ networkId: 'n1', networkName: 'family', machine: 'files', vmState: 'running' }],
    createdAt: '2026-12-01T10:00:00.000Z',
    ...overrides,
  };
}

export const WORKER_OFFLINE = hostFixture({
  id: 'h-worker',
  name: 'worker-1',
  role: 'worker',
  state: 'offline',
  lastSeenAt: new Date(Date.now() - 3 * 60_000).toISOString(),
  machines: [],
  meshAddress: null,
});
