import { Injectable, inject } from '@angular/core';
import type { MetricsRange, MetricsResponse } from '@clan/contracts';
import { unwrap, type components, type FetchResult } from '@clan/api-client';
import { Api } from '../../core/api/api';
import type { TaskRef } from '../../core/api/api-types';
import type {
  CreatedHostEnrolmentView,
  CreateHostEnrolmentRequest,
  HostEnrolmentView,
  HostView,
  MachinePlacementView,
  UpdateHostRequest,
} from '../../core/api/fleet-types';
import type { ClevisConfigView, SetClevisPolicyRequest, TangRotationView, UnlockHostView, UnlockOverviewView } from './unlock/unlock-types';

/**
 * The fleet's routes (several hosts, one panel: /api/hosts…, a machine's placement and moves) as the
 * hosts pages and the machine page's "Move to another host…" use them. A service of the lazy pages
 * rather than methods of ClanApi, which sits in the initial bundle: the fleet pages add nothing to it.
 * Host admins only, except placement and moves (network admins too).
 */
@Injectable({ providedIn: 'root' })
export class FleetApi {
  private readonly api = inject(Api);
  private readonly facade = this.api.facade;

  async hosts(): Promise<HostView[]> {
    return (await this.fleet<{ items: HostView[] }>('get', '/api/hosts')).items;
  }

  host(hostId: string): Promise<HostView> {
    return this.fleet('get', '/api/hosts/{hostId}', { path: { hostId } });
  }

  updateHost(hostId: string, body: UpdateHostRequest): Promise<HostView> {
    return this.fleet('patch', '/api/hosts/{hostId}', { path: { hostId } }, body);
  }

  /** Only a worker host with no machines; a 409 says why not otherwise. */
  removeHost(hostId: string): Promise<void> {
    return this.fleet('delete', '/api/hosts/{hostId}', { path: { hostId } });
  }

  /** Marks the host draining and moves every machine on it to other hosts, one at a time. */
  drainHost(hostId: string): Promise<TaskRef> {
    return this.fleet('post', '/api/hosts/{hostId}/drain', { path: { hostId } });
  }

  /** The answer's token and commands are shown once. */
  createHostEnrolment(body: CreateHostEnrolmentRequest): Promise<CreatedHostEnrolmentView> {
    return this.fleet('post', '/api/hosts/enrolments', {}, body);
  }

  async hostEnrolments(): Promise<HostEnrolmentView[]> {
    return (await this.fleet<{ items: HostEnrolmentView[] }>('get', '/api/hosts/enrolments')).items;
  }

  revokeHostEnrolment(enrolmentId: string): Promise<void> {
    return this.fleet('delete', '/api/hosts/enrolments/{enrolmentId}', { path: { enrolmentId } });
  }

  /** The host charts of one host of the fleet. */
  hostMetricsOf(hostId: string, range: MetricsRange): Promise<MetricsResponse> {
    return this.fleet('get', '/api/host/metrics', { query: { range, hostId } });
  }

  machinePlacement(networkId: string, machine: string): Promise<MachinePlacementView> {
    return this.fleet('get', '/api/networks/{networkId}/machines/{machine}/placement', { path: { networkId, machine } });
  }

  /** Cold migration: stopped here, copied, started there. */
  migrateMachine(networkId: string, machine: string, hostId: string): Promise<TaskRef> {
    return this.fleet('post', '/api/networks/{networkId}/machines/{machine}/migrate', { path: { networkId, machine } }, { hostId });
  }

  /** Unattended unlock (docs/fleet-unlock.md): every host's Tang server and policy, the dependency matrix, a cold start. */
  unlockOverview(): Promise<UnlockOverviewView> {
    return this.api.run(unwrap(this.facade.client.GET('/api/fleet/unlock')));
  }

  /** The exact `clevis luks bind … sss '<text>'` configuration of the host's policy (null while problems exist). */
  clevisConfig(hostId: string): Promise<ClevisConfigView> {
    return this.api.run(unwrap(this.facade.client.GET('/api/fleet/unlock/hosts/{hostId}/clevis-config', { params: { path: { hostId } } })));
  }

  /** 400 with `fields` naming threshold, tangHostIds or device when the policy cannot work. */
  setClevisPolicy(hostId: string, body: SetClevisPolicyRequest): Promise<UnlockHostView> {
    return this.api.run(
      unwrap(
        this.facade.client.PUT('/api/fleet/unlock/hosts/{hostId}/policy', {
          params: { path: { hostId } },
          // The generated type of `device` is an object (see SetClevisPolicyRequest); the API takes the string.
          body: body as components['schemas']['SetClevisPolicyDto'],
        }),
      ),
    );
  }

  /** The disk keeps the binding it has. */
  async deleteClevisPolicy(hostId: string): Promise<void> {
    await this.api.run(unwrap(this.facade.client.DELETE('/api/fleet/unlock/hosts/{hostId}/policy', { params: { path: { hostId } } })));
  }

  /** A `tang.apply` task on the host; turning off a server a policy uses is a 409 with a sentence. */
  setTang(hostId: string, enabled: boolean): Promise<TaskRef> {
    return this.api.run(
      unwrap(this.facade.client.PUT('/api/fleet/unlock/hosts/{hostId}/tang', { params: { path: { hostId } }, body: { enabled } })),
    );
  }

  /** A `tang.rotate` task on the host; the answer names the hosts whose bindings it renews. */
  rotateTangKeys(hostId: string): Promise<TangRotationView> {
    return this.api.run(unwrap(this.facade.client.POST('/api/fleet/unlock/hosts/{hostId}/tang/rotate', { params: { path: { hostId } } })));
  }

  /** A `clevis.bind` task on the host; the API seals the passphrase to that host and keeps it nowhere readable. */
  bindDisk(hostId: string, passphrase: string): Promise<TaskRef> {
    return this.api.run(
      unwrap(this.facade.client.POST('/api/fleet/unlock/hosts/{hostId}/bind', { params: { path: { hostId } }, body: { passphrase } })),
    );
  }

  /**
   * The fleet routes are not in the committed OpenAPI document yet, so they go through the generated
   * client untyped (same origin, session cookie, CSRF token on writes, path values encoded by it).
   */
  private fleet<T>(
    method: 'get' | 'post' | 'patch' | 'delete',
    path: string,
    params: { path?: Record<string, string>; query?: Record<string, string> } = {},
    body?: object,
  ): Promise<T> {
    const client = this.facade.client as unknown as {
      request(method: string, url: string, init: { params: typeof params; body?: object }): Promise<FetchResult<T>>;
    };
    return this.api.run(unwrap(client.request(method, path, body === undefined ? { params } : { params, body })));
  }
}
