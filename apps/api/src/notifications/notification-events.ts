import type { NotificationSummary } from '@clan/contracts';
import type { NotificationEntity } from './entities/notification.entity';

/** Redis pub/sub channel (under the queue prefix) carrying notification events to every panel process's WebSocket. */
export const NOTIFICATION_EVENTS_CHANNEL = 'events:notifications';

export type NotificationChannelMessage =
  | { type: 'notification.created'; notification: NotificationSummary }
  /** Only the sockets of `userId` hear about it. */
  | { type: 'notifications.read'; userId: string; ids: string[] | 'all' };

export function toNotificationSummary(n: NotificationEntity, networkName: string | null, read: boolean): NotificationSummary {
  return {
    id: n.id,
    kind: n.kind,
    severity: n.severity,
    networkId: n.networkId,
    networkName,
    subject: n.subject,
    state: n.state,
    previousState: n.previousState,
    title: n.title,
    message: n.message,
    link: n.link,
    createdAt: n.createdAt.toISOString(),
    read,
  };
}
