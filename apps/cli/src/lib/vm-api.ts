import { type components, unwrap } from '@clan/api-client';
import type { PanelApi } from './api';

type Schemas = components['schemas'];
export type VmSummary = Schemas['VmSummaryDto'];
export type VmPowerAction = Schemas['VmPowerAction'];
export type VmState = Schemas['VmState'];
export type Generation = Schemas['GenerationDto'];
export type HostVm = Schemas['HostVmDto'];
export type SerialLog = Schemas['SerialLogDto'];
export type TaskStarted = Schemas['TaskStartedDto'];

/**
 * The VM manager's routes (tag `vms`, docs/vms.md). Requests go through the
 * PanelApi's client, so they share its timeout, unreachable handling and
 * bearer token.
 */
export class VmApi {
  constructor(private readonly api: PanelApi) {}

  private get client() {
    return this.api.client;
  }

  summary(networkId: string, machine: string): Promise<VmSummary> {
    return unwrap(this.client.GET('/api/networks/{networkId}/machines/{machine}/vm', { params: { path: { networkId, machine } } }));
  }

  power(networkId: string, machine: string, action: VmPowerAction): Promise<TaskStarted> {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/machines/{machine}/vm/{action}', { params: { path: { networkId, machine, action } } }),
    );
  }

  deploy(networkId: string, machine: string, revision?: string): Promise<TaskStarted> {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/machines/{machine}/deploy', {
        params: { path: { networkId, machine } },
        body: revision ? { revision } : {},
      }),
    );
  }

  generations(
    networkId: string,
    machine: string,
    page: { limit?: number; offset?: number },
  ): Promise<{ items: Generation[]; total: number }> {
    return unwrap(
      this.client.GET('/api/networks/{networkId}/machines/{machine}/generations', {
        params: { path: { networkId, machine }, query: page },
      }),
    );
  }

  rollback(networkId: string, machine: string, number: number): Promise<TaskStarted> {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/machines/{machine}/generations/{number}/rollback', {
        params: { path: { networkId, machine, number } },
      }),
    );
  }

  serialLog(networkId: string, machine: string, tail?: number): Promise<SerialLog> {
    return unwrap(
      this.client.GET('/api/networks/{networkId}/machines/{machine}/vm/serial-log', {
        params: { path: { networkId, machine }, query: { tail } },
      }),
    );
  }

  hostVms(): Promise<{ items: HostVm[] }> {
    return unwrap(this.client.GET('/api/host/vms'));
  }

  collectGenerations(keep?: number): Promise<TaskStarted> {
    return unwrap(this.client.POST('/api/host/generations/gc', { body: keep === undefined ? {} : { keep } }));
  }
}
