import type { ClanClient } from '../client';
import { unwrap } from '../errors';
import type { QueryOf, Schemas } from './types';

export type CreateTarget = Schemas['CreateHostTargetDto'];
export type UpdateTarget = Schemas['UpdateHostTargetDto'];

/**
 * Notifications and their delivery targets (docs/notifications.md). A target
 * scope of null means the host-level targets; a network id, that network's own.
 */
export class NotificationsApi {
  constructor(private readonly client: ClanClient) {}

  list(query: QueryOf<'listNotifications'> = {}) {
    return unwrap(this.client.GET('/api/notifications', { params: { query } }));
  }

  unreadCount() {
    return unwrap(this.client.GET('/api/notifications/unread-count'));
  }

  markRead(notificationId: string) {
    return unwrap(this.client.POST('/api/notifications/{notificationId}/read', { params: { path: { notificationId } } }));
  }

  markAllRead() {
    return unwrap(this.client.POST('/api/notifications/read-all'));
  }

  targets(networkId: string | null) {
    return networkId === null
      ? unwrap(this.client.GET('/api/notification-targets'))
      : unwrap(this.client.GET('/api/networks/{networkId}/notification-targets', { params: { path: { networkId } } }));
  }

  createTarget(networkId: string | null, body: CreateTarget) {
    if (networkId === null) return unwrap(this.client.POST('/api/notification-targets', { body }));
    return unwrap(
      this.client.POST('/api/networks/{networkId}/notification-targets', {
        params: { path: { networkId } },
        body: withoutNetworkIds(body),
      }),
    );
  }

  updateTarget(networkId: string | null, targetId: string, body: UpdateTarget) {
    if (networkId === null) {
      return unwrap(this.client.PATCH('/api/notification-targets/{targetId}', { params: { path: { targetId } }, body }));
    }
    return unwrap(
      this.client.PATCH('/api/networks/{networkId}/notification-targets/{targetId}', {
        params: { path: { networkId, targetId } },
        body: withoutNetworkIds(body),
      }),
    );
  }

  async deleteTarget(networkId: string | null, targetId: string): Promise<void> {
    if (networkId === null) await unwrap(this.client.DELETE('/api/notification-targets/{targetId}', { params: { path: { targetId } } }));
    else
      await unwrap(
        this.client.DELETE('/api/networks/{networkId}/notification-targets/{targetId}', { params: { path: { networkId, targetId } } }),
      );
  }

  testTarget(networkId: string | null, targetId: string) {
    return networkId === null
      ? unwrap(this.client.POST('/api/notification-targets/{targetId}/test', { params: { path: { targetId } } }))
      : unwrap(
          this.client.POST('/api/networks/{networkId}/notification-targets/{targetId}/test', { params: { path: { networkId, targetId } } }),
        );
  }
}

/** A network's own targets take no network filter (their network is the filter). */
function withoutNetworkIds<T extends { networkIds?: unknown }>(body: T): Omit<T, 'networkIds'> {
  const copy: Partial<T> = { ...body };
  delete copy.networkIds;
  return copy as Omit<T, 'networkIds'>;
}
