import type { NetworkRole, NetworkSystem } from '@clan/contracts';
import type { ClanClient } from '../client';
import { unwrap } from '../errors';
import type { PageQuery } from '../paging';
import type { QueryOf, Schemas } from './types';

export class NetworksApi {
  constructor(private readonly client: ClanClient) {}

  list(page: PageQuery = {}) {
    return unwrap(this.client.GET('/api/networks', { params: { query: page } }));
  }

  get(networkId: string) {
    return unwrap(this.client.GET('/api/networks/{networkId}', { params: { path: { networkId } } }));
  }

  /** `system`: what its machines run (default NixOS; `demo` for hosts without nixpkgs); `meshLayer`: default WireGuard. */
  create(name: string, description?: string, system?: NetworkSystem, meshLayer?: 'wireguard' | 'yggdrasil') {
    return unwrap(
      this.client.POST('/api/networks', {
        body: {
          name,
          ...(description !== undefined ? { description } : {}),
          ...(system !== undefined ? { system } : {}),
          ...(meshLayer !== undefined ? { meshLayer } : {}),
        },
      }),
    );
  }

  update(networkId: string, description: string) {
    return unwrap(this.client.PATCH('/api/networks/{networkId}', { params: { path: { networkId } }, body: { description } }));
  }

  /** Machines build with the new system from their next build on. */
  setSystem(networkId: string, system: NetworkSystem) {
    return unwrap(this.client.PATCH('/api/networks/{networkId}', { params: { path: { networkId } }, body: { system } }));
  }

  async delete(networkId: string): Promise<void> {
    await unwrap(this.client.DELETE('/api/networks/{networkId}', { params: { path: { networkId } } }));
  }

  /** One network's audit trail, newest first. */
  audit(networkId: string, page: PageQuery = {}) {
    return unwrap(this.client.GET('/api/networks/{networkId}/audit', { params: { path: { networkId }, query: page } }));
  }
}

export class MembersApi {
  constructor(private readonly client: ClanClient) {}

  list(networkId: string, page: PageQuery = {}) {
    return unwrap(this.client.GET('/api/networks/{networkId}/members', { params: { path: { networkId }, query: page } }));
  }

  add(networkId: string, username: string, role: NetworkRole) {
    return unwrap(this.client.POST('/api/networks/{networkId}/members', { params: { path: { networkId } }, body: { username, role } }));
  }

  changeRole(networkId: string, userId: string, role: NetworkRole) {
    return unwrap(
      this.client.PATCH('/api/networks/{networkId}/members/{userId}', { params: { path: { networkId, userId } }, body: { role } }),
    );
  }

  async remove(networkId: string, userId: string): Promise<void> {
    await unwrap(this.client.DELETE('/api/networks/{networkId}/members/{userId}', { params: { path: { networkId, userId } } }));
  }

  // — person invites: a one-time link with which someone creates their account and joins —

  invites(networkId: string) {
    return unwrap(this.client.GET('/api/networks/{networkId}/person-invites', { params: { path: { networkId } } }));
  }

  /** The answer carries the link once. */
  invite(networkId: string, body: Schemas['CreatePersonInviteDto']) {
    return unwrap(this.client.POST('/api/networks/{networkId}/person-invites', { params: { path: { networkId } }, body }));
  }

  revokeInvite(networkId: string, inviteId: string) {
    return unwrap(this.client.DELETE('/api/networks/{networkId}/person-invites/{inviteId}', { params: { path: { networkId, inviteId } } }));
  }

  /** Public: what an invitation is for (network, inviter, role). */
  previewInvite(token: string) {
    return unwrap(this.client.GET('/api/person-invites/{token}', { params: { path: { token } } }));
  }

  /** Public: creates the account, joins the network and signs in (session cookie); answers where to go next. */
  acceptInvite(token: string, body: Schemas['AcceptPersonInviteDto']) {
    return unwrap(this.client.POST('/api/person-invites/{token}/accept', { params: { path: { token } }, body }));
  }
}

/** The panel-wide audit trail (host admins). */
export class AuditApi {
  constructor(private readonly client: ClanClient) {}

  list(query: QueryOf<'listAudit'>) {
    return unwrap(this.client.GET('/api/audit', { params: { query } }));
  }
}
