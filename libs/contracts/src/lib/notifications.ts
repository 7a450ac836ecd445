/**
 * Notifications (docs/notifications.md): what the panel tells people when
 * something they care about changes state (a device not backed up, …).
 */

export type NotificationSeverity = 'info' | 'warning' | 'critical';

/** Least to most severe; a target's minimum severity lets through its own rank and above. */
export const NOTIFICATION_SEVERITIES: readonly NotificationSeverity[] = ['info', 'warning', 'critical'];

export function severityRank(severity: NotificationSeverity): number {
  return NOTIFICATION_SEVERITIES.indexOf(severity);
}

/** Where notifications go besides the panel itself. */
export type NotificationTargetType = 'webhook' | 'ntfy' | 'email';

export const NOTIFICATION_TARGET_TYPES: readonly NotificationTargetType[] = ['webhook', 'ntfy', 'email'];

/**
 * The state a subject is in when nothing needs attention. Its first
 * observation is recorded silently; a later change back to it is news ("recovered").
 */
export const NOTIFICATION_OK_STATE = 'ok';

/** A stored in-app notification, as the API lists it and the WebSocket pushes it. */
export interface NotificationSummary {
  id: string;
  kind: string;
  severity: NotificationSeverity;
  networkId: string | null;
  networkName: string | null;
  subject: string;
  state: string;
  previousState: string | null;
  title: string;
  message: string;
  link: string | null;
  createdAt: string;
  read: boolean;
}

/** True when `kind` is matched by a target's kind filter: exact, `prefix.*`, or `*`. */
export function kindMatches(pattern: string, kind: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return kind.startsWith(pattern.slice(0, -1));
  return pattern === kind;
}
