import type { MetricsRange } from '@clan/contracts';
import type { ClanClient } from '../client';
import { unwrap } from '../errors';
import type { PageQuery } from '../paging';
import type { Schemas } from './types';

export type VmPowerAction = Schemas['VmPowerAction'];

/** The VM manager (docs/vms.md): state, power, deploy, generations, the serial log. */
export class VmsApi {
  constructor(private readonly client: ClanClient) {}

  get(networkId: string, machine: string) {
    return unwrap(this.client.GET('/api/networks/{networkId}/machines/{machine}/vm', { params: { path: { networkId, machine } } }));
  }

  /** Queues a power action; a 409 names the build, deployment or power action already under way. */
  power(networkId: string, machine: string, action: VmPowerAction) {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/machines/{machine}/vm/{action}', { params: { path: { networkId, machine, action } } }),
    );
  }

  /** Builds the revision (default: the head) and boots it. */
  deploy(networkId: string, machine: string, revision?: string) {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/machines/{machine}/deploy', {
        params: { path: { networkId, machine } },
        body: revision ? { revision } : {},
      }),
    );
  }

  generations(networkId: string, machine: string, page: PageQuery = {}) {
    return unwrap(
      this.client.GET('/api/networks/{networkId}/machines/{machine}/generations', {
        params: { path: { networkId, machine }, query: page },
      }),
    );
  }

  rollback(networkId: string, machine: string, number: number) {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/machines/{machine}/generations/{number}/rollback', {
        params: { path: { networkId, machine, number } },
      }),
    );
  }

  serialLog(networkId: string, machine: string, tail?: number) {
    return unwrap(
      this.client.GET('/api/networks/{networkId}/machines/{machine}/vm/serial-log', {
        params: { path: { networkId, machine }, query: tail === undefined ? {} : { tail } },
      }),
    );
  }

  /** What the VM controller inside the running machine reports (409: not running; 503: the controller did not answer). */
  guestFacts(networkId: string, machine: string) {
    return unwrap(this.client.GET('/api/networks/{networkId}/machines/{machine}/guest', { params: { path: { networkId, machine } } }));
  }

  /** Every VM on the host (host admins). */
  onHost() {
    return unwrap(this.client.GET('/api/host/vms'));
  }

  /** Deletes old generations on the host, keeping `keep` per machine (default: the panel's). */
  collectGenerations(keep?: number) {
    return unwrap(this.client.POST('/api/host/generations/gc', { body: keep === undefined ? {} : { keep } }));
  }
}

/** Time series of the host, a network or a machine (same names and units as @clan/contracts' MetricsResponse). */
export class MetricsApi {
  constructor(private readonly client: ClanClient) {}

  host(range: MetricsRange) {
    return unwrap(this.client.GET('/api/host/metrics', { params: { query: { range } } }));
  }

  network(networkId: string, range: MetricsRange) {
    return unwrap(this.client.GET('/api/networks/{networkId}/metrics', { params: { path: { networkId }, query: { range } } }));
  }

  machine(networkId: string, machine: string, range: MetricsRange) {
    return unwrap(
      this.client.GET('/api/networks/{networkId}/machines/{machine}/metrics', {
        params: { path: { networkId, machine }, query: { range } },
      }),
    );
  }
}

/** Host-wide actions that start a task. */
export class HostApi {
  constructor(private readonly client: ClanClient) {}

  diagnostics(sampleSeconds = 5) {
    return unwrap(this.client.POST('/api/host/diagnostics', { body: { sampleSeconds } }));
  }
}
