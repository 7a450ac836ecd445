import type { ClanClient } from '../client';
import { unwrap } from '../errors';

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
}
