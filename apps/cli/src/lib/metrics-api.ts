import { type components, unwrap } from '@clan/api-client';
import type { MetricsRange } from '@clan/contracts';
import type { PanelApi } from './api';

export type Metrics = components['schemas']['MetricsDto'];

/** The metrics routes (tag `metrics`, docs/api.md "Metrics"), through the PanelApi's client. */
export class MetricsApi {
  constructor(private readonly api: PanelApi) {}

  host(range: MetricsRange): Promise<Metrics> {
    return unwrap(this.api.client.GET('/api/host/metrics', { params: { query: { range } } }));
  }

  network(networkId: string, range: MetricsRange): Promise<Metrics> {
    return unwrap(this.api.client.GET('/api/networks/{networkId}/metrics', { params: { path: { networkId }, query: { range } } }));
  }

  machine(networkId: string, machine: string, range: MetricsRange): Promise<Metrics> {
    return unwrap(
      this.api.client.GET('/api/networks/{networkId}/machines/{machine}/metrics', {
        params: { path: { networkId, machine }, query: { range } },
      }),
    );
  }
}
