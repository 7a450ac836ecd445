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
 * The notification routes (docs/notifications.md) as the pages use them:
 * calls of the shared facade's `notifications` group. A target scope of null
 * means the host-level targets; a network id, that network's own.
 */
@Injectable({ providedIn: 'root' })
export class NotificationsApi {
  private readonly api = inject(Api);
  private readonly notifications = this.api.facade.notifications;

  list(query: NotificationQuery = {}): Promise<NotificationPage> {
    return this.api.run(this.notifications.list(query));
  }

  async unreadCount(): Promise<number> {
    return (await this.api.run(this.notifications.unreadCount())).unread;
  }

  markRead(notificationId: string): Promise<MarkedRead> {
    return this.api.run(this.notifications.markRead(notificationId));
  }

  markAllRead(): Promise<MarkedRead> {
    return this.api.run(this.notifications.markAllRead());
  }

  targets(networkId: string | null): Promise<TargetList> {
    return this.api.run(this.notifications.targets(networkId));
  }

  createTarget(networkId: string | null, body: CreateTargetRequest): Promise<TargetView> {
    return this.api.run(this.notifications.createTarget(networkId, body));
  }

  updateTarget(networkId: string | null, targetId: string, body: UpdateTargetRequest): Promise<TargetView> {
    return this.api.run(this.notifications.updateTarget(networkId, targetId, body));
  }

  deleteTarget(networkId: string | null, targetId: string): Promise<void> {
    return this.api.run(this.notifications.deleteTarget(networkId, targetId));
  }

  testTarget(networkId: string | null, targetId: string): Promise<TargetTestResult> {
    return this.api.run(this.notifications.testTarget(networkId, targetId));
  }
}
