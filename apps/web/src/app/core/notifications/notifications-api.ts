import { Injectable, inject } from '@angular/core';
import type { components } from '@clan/api-client';
import type { NotificationSummary } from '@clan/contracts';
import { Api } from '../api/api';

type Schemas = components['schemas'];
export type NotificationView = NotificationSummary;
export type NotificationPage = { items: NotificationView[]; total: number; unread: number };
export type TargetView = Schemas['TargetDto'];
export type TargetList = Schemas['TargetListDto'];
export type TargetTestResult = Schemas['TargetTestResultDto'];
export type CreateTargetRequest = Schemas['CreateHostTargetDto'];
export type UpdateTargetRequest = Schemas['UpdateHostTargetDto'];
export type MarkedRead = Schemas['MarkedReadDto'];

export interface NotificationQuery {
  unread?: boolean;
  networkId?: string;
  minSeverity?: 'info' | 'warning' | 'critical';
  limit?: number;
  offset?: number;
}

/**
 * The notification routes (docs/notifications.md). A target scope of null
 * means the host-level targets; a network id, that network's own.
 */
@Injectable({ providedIn: 'root' })
export class NotificationsApi {
  private readonly api = inject(Api);
  private readonly client = this.api.client;

  list(query: NotificationQuery = {}): Promise<NotificationPage> {
    return this.api.call(this.client.GET('/api/notifications', { params: { query } }));
  }

  async unreadCount(): Promise<number> {
    return (await this.api.call(this.client.GET('/api/notifications/unread-count'))).unread;
  }

  markRead(notificationId: string): Promise<MarkedRead> {
    return this.api.call(this.client.POST('/api/notifications/{notificationId}/read', { params: { path: { notificationId } } }));
  }

  markAllRead(): Promise<MarkedRead> {
    return this.api.call(this.client.POST('/api/notifications/read-all'));
  }

  targets(networkId: string | null): Promise<TargetList> {
    return networkId === null
      ? this.api.call(this.client.GET('/api/notification-targets'))
      : this.api.call(this.client.GET('/api/networks/{networkId}/notification-targets', { params: { path: { networkId } } }));
  }

  createTarget(networkId: string | null, body: CreateTargetRequest): Promise<TargetView> {
    if (networkId === null) return this.api.call(this.client.POST('/api/notification-targets', { body }));
    const networkBody = withoutNetworkIds(body);
    return this.api.call(
      this.client.POST('/api/networks/{networkId}/notification-targets', { params: { path: { networkId } }, body: networkBody }),
    );
  }

  updateTarget(networkId: string | null, targetId: string, body: UpdateTargetRequest): Promise<TargetView> {
    if (networkId === null)
      return this.api.call(this.client.PATCH('/api/notification-targets/{targetId}', { params: { path: { targetId } }, body }));
    const networkBody = withoutNetworkIds(body);
    return this.api.call(
      this.client.PATCH('/api/networks/{networkId}/notification-targets/{targetId}', {
        params: { path: { networkId, targetId } },
        body: networkBody,
      }),
    );
  }

  async deleteTarget(networkId: string | null, targetId: string): Promise<void> {
    if (networkId === null)
      await this.api.call(this.client.DELETE('/api/notification-targets/{targetId}', { params: { path: { targetId } } }));
    else
      await this.api.call(
        this.client.DELETE('/api/networks/{networkId}/notification-targets/{targetId}', { params: { path: { networkId, targetId } } }),
      );
  }

  testTarget(networkId: string | null, targetId: string): Promise<TargetTestResult> {
    return networkId === null
      ? this.api.call(this.client.POST('/api/notification-targets/{targetId}/test', { params: { path: { targetId } } }))
      : this.api.call(
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
