import { kindMatches, type NotificationSeverity, severityRank } from '@clan/contracts';

export interface TargetMatchers {
  /** The target's own network (network-level target) or null (host-level). */
  networkId: string | null;
  minSeverity: NotificationSeverity;
  /** Host-level targets: only these networks; null = every network and host-wide notifications. */
  networkIds: string[] | null;
  /** null or empty: every kind. */
  kinds: string[] | null;
}

export interface MatchedEvent {
  severity: NotificationSeverity;
  networkId: string | null;
  kind: string;
}

/** Does this notification go to this target? (docs/notifications.md, "Matchers") */
export function targetMatches(target: TargetMatchers, event: MatchedEvent): boolean {
  if (severityRank(event.severity) < severityRank(target.minSeverity)) return false;
  if (target.networkId !== null) {
    if (event.networkId !== target.networkId) return false;
  } else if (target.networkIds !== null && target.networkIds.length > 0) {
    if (event.networkId === null || !target.networkIds.includes(event.networkId)) return false;
  }
  if (target.kinds !== null && target.kinds.length > 0 && !target.kinds.some((pattern) => kindMatches(pattern, event.kind))) return false;
  return true;
}
