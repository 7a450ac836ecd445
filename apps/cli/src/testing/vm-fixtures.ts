import type { VmSummary } from '../lib/api';

/** A machine that was never deployed, as GET …/machines/:machine/vm answers for it. */
export function freshVmSummary(over: Partial<VmSummary> = {}): VmSummary {
  return {
    networkId: '11111111-1111-4111-8111-111111111111',
    machine: 'anna',
    domainName: null,
    state: 'undefined',
    bootedAt: null,
    uptimeSeconds: null,
    currentGeneration: null,
    healthyGeneration: null,
    latestGeneration: null,
    health: 'unknown',
    healthAt: null,
    deployedRevision: null,
    drift: 'not-deployed',
    addresses: [],
    vcpus: 1,
    memoryMiB: 1024,
    stateDiskGiB: 10,
    activeTask: null,
    host: { id: '22222222-2222-4222-8222-222222222222', name: 'nuc', state: 'online' },
    ...over,
  };
}
