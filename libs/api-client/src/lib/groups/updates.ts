import type { ClanClient } from '../client';
import { unwrap } from '../errors';
import type { Schemas } from './types';

type StartRollout = Schemas['StartRolloutDto'];
type UpdateSettings = Schemas['UpdateSettingsDto'];

/** A network's updates (docs/updates.md): the upstream it follows, its lock and the last check. */
export class UpdatesApi {
  constructor(private readonly client: ClanClient) {}

  /** `{ upstream, inputs }`: what flake.lock pins and what the last check found. */
  get(networkId: string) {
    return unwrap(this.client.GET('/api/networks/{networkId}/updates', { params: { path: { networkId } } }));
  }

  /** Follow a git flake (locked and committed), or stop following it (null). */
  setUpstream(networkId: string, upstream: string | null) {
    return unwrap(this.client.PUT('/api/networks/{networkId}/updates/upstream', { params: { path: { networkId } }, body: { upstream } }));
  }

  /** Start an update check (a task). */
  check(networkId: string) {
    return unwrap(this.client.POST('/api/networks/{networkId}/updates/check', { params: { path: { networkId } } }));
  }

  /** Automatic updates and the maintenance window. */
  setSettings(networkId: string, body: UpdateSettings) {
    return unwrap(this.client.PUT('/api/networks/{networkId}/updates/settings', { params: { path: { networkId } }, body }));
  }

  /** Start a preview of the upstream's newest revision (a task; nothing is deployed). */
  preview(networkId: string) {
    return unwrap(this.client.POST('/api/networks/{networkId}/updates/preview', { params: { path: { networkId } } }));
  }

  getPreview(networkId: string, previewId: string) {
    return unwrap(
      this.client.GET('/api/networks/{networkId}/updates/previews/{previewId}', { params: { path: { networkId, previewId } } }),
    );
  }

  /** Roll a ready preview out (a task). */
  startRollout(networkId: string, body: StartRollout) {
    return unwrap(this.client.POST('/api/networks/{networkId}/updates/rollouts', { params: { path: { networkId } }, body }));
  }

  listRollouts(networkId: string, paging: { limit?: number; offset?: number } = {}) {
    return unwrap(this.client.GET('/api/networks/{networkId}/updates/rollouts', { params: { path: { networkId }, query: paging } }));
  }

  getRollout(networkId: string, rolloutId: string) {
    return unwrap(
      this.client.GET('/api/networks/{networkId}/updates/rollouts/{rolloutId}', { params: { path: { networkId, rolloutId } } }),
    );
  }

  resume(networkId: string, rolloutId: string) {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/updates/rollouts/{rolloutId}/resume', { params: { path: { networkId, rolloutId } } }),
    );
  }

  skip(networkId: string, rolloutId: string, machine: string) {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/updates/rollouts/{rolloutId}/skip', {
        params: { path: { networkId, rolloutId } },
        body: { machine },
      }),
    );
  }

  abort(networkId: string, rolloutId: string) {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/updates/rollouts/{rolloutId}/abort', { params: { path: { networkId, rolloutId } } }),
    );
  }
}
