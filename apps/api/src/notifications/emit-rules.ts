import { NOTIFICATION_OK_STATE, NOTIFICATION_SEVERITIES, type NotificationSeverity, severityRank } from '@clan/contracts';

/**
 * One observation of a subject's state, from any module (backups first).
 * `subject` is a stable key (`backup:<policyId>`), `state` its current state;
 * see docs/notifications.md for the rules.
 */
export interface NotificationEvent {
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  networkId: string | null;
  subject: string;
  state: string;
  title: string;
  message: string;
  /** A panel path (`/networks/…`) or an absolute URL. */
  link?: string;
}

export const SUBJECT_MAX = 200;
export const STATE_MAX = 64;
export const KIND_MAX = 64;
export const TITLE_MAX = 200;
export const MESSAGE_MAX = 4000;
export const LINK_MAX = 500;

const KIND = /^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Checks an event from another module. Keys (kind, subject, state, network)
 * must be right — a wrong one is a programming error and throws; free text
 * (title, message) is trimmed and clipped instead, so a long message never
 * loses a notification.
 */
export function normaliseEvent(event: NotificationEvent): NotificationEvent {
  const problems: string[] = [];
  if (typeof event.kind !== 'string' || !KIND.test(event.kind) || event.kind.length > KIND_MAX)
    problems.push(`kind "${String(event.kind)}" must be lower-case dotted words, at most ${KIND_MAX} characters (e.g. "backup.freshness")`);
  if (!NOTIFICATION_SEVERITIES.includes(event.severity)) problems.push(`severity must be one of ${NOTIFICATION_SEVERITIES.join(', ')}`);
  if (event.networkId !== null && (typeof event.networkId !== 'string' || !UUID.test(event.networkId)))
    problems.push('networkId must be a network id or null');
  if (typeof event.subject !== 'string' || !event.subject.trim() || event.subject.length > SUBJECT_MAX)
    problems.push(`subject must be a non-empty key of at most ${SUBJECT_MAX} characters`);
  if (typeof event.state !== 'string' || !event.state.trim() || event.state.length > STATE_MAX)
    problems.push(`state must be a non-empty word of at most ${STATE_MAX} characters`);
  if (typeof event.title !== 'string' || !event.title.trim()) problems.push('title must not be empty');
  if (typeof event.message !== 'string') problems.push('message must be a string');
  if (event.link !== undefined && (typeof event.link !== 'string' || event.link.length > LINK_MAX || !/^(\/|https?:\/\/)/.test(event.link)))
    problems.push(`link must be a panel path ("/…") or an http(s) URL of at most ${LINK_MAX} characters`);
  if (problems.length)
    throw new Error(`Invalid notification event for subject "${String(event.subject).slice(0, 80)}": ${problems.join('; ')}`);
  return {
    kind: event.kind,
    severity: event.severity,
    networkId: event.networkId === null ? null : event.networkId.toLowerCase(),
    subject: event.subject,
    state: event.state,
    title: clip(event.title.trim().replace(/\s+/g, ' '), TITLE_MAX),
    message: clip(event.message.trim(), MESSAGE_MAX),
    ...(event.link !== undefined ? { link: event.link } : {}),
  };
}

export type Change = 'unchanged' | 'first-ok' | 'notify';

/**
 * The emit rule: a notification per state change. The first state seen for a
 * subject is news unless it is "ok" (a new backup policy that works is not).
 */
export function classifyChange(previous: string | null, next: string): Change {
  if (previous === null) return next === NOTIFICATION_OK_STATE ? 'first-ok' : 'notify';
  return previous === next ? 'unchanged' : 'notify';
}

/**
 * The severity targets match a change against: the change's own, raised to
 * the one the subject had while it was not ok, so "recovered" (usually info)
 * reaches the targets that were told about the problem.
 */
export function matchSeverity(
  next: NotificationSeverity,
  previous: { state: string; severity: NotificationSeverity } | null,
): NotificationSeverity {
  if (!previous || previous.state === NOTIFICATION_OK_STATE) return next;
  return severityRank(previous.severity) > severityRank(next) ? previous.severity : next;
}
