import type { NetworkRole } from '@clan/contracts';
import type { ClanClient } from '../client';
import { unwrap } from '../errors';
import type { PageQuery } from '../paging';
import type { QueryOf } from './types';

export class NetworksApi {
  constructor(private readonly client: ClanClient) {}

  list(page: PageQuery = {}) {
    return unwrap(this.client.GET('/api/networks', { params: { query: page } }));
  }

  get(networkId: string) {
    return unwrap(this.client.GET('/api/networks/{networkId}', { params: { path: { networkId } } }));
  }

  create(name: string, description?: string) {
    return unwrap(this.client.POST('/api/networks', { body: description !== undefined ? { name, description } : { name } }));
  }

  update(networkId: string, description: string) {
    return unwrap(this.client.PATCH('/api/networks/{networkId}', { params: { path: { networkId } }, body: { description } }));
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
}

/** The panel-wide audit trail (host admins). */
export class AuditApi {
  constructor(private readonly client: ClanClient) {}

  list(query: QueryOf<'listAudit'>) {
    return unwrap(this.client.GET('/api/audit', { params: { query } }));
  }
}
