import type { NotificationSeverity } from '@clan/contracts';
import { DELIVERY_TIMEOUT_MS, DeliveryError, type OutgoingNotification } from './outgoing';
import type { NtfySettings, TargetSecretsByType } from './target-settings';
import { isPermanentHttpStatus, readErrorBody } from './webhook.sender';

/** ntfy priorities: 3 default, 4 high, 5 max (docs.ntfy.sh/publish, "Message priority"). */
export const NTFY_PRIORITY: Readonly<Record<NotificationSeverity, string>> = { info: '3', warning: '4', critical: '5' };

/** Emoji short codes ntfy shows in front of the title. */
const SEVERITY_TAG: Readonly<Record<NotificationSeverity, string>> = {
  info: 'information_source',
  warning: 'warning',
  critical: 'rotating_light',
};

/** HTTP header values are Latin-1; ntfy (≥ 2.4) decodes RFC 2047 encoded words for Title and Tags. */
export function headerText(value: string): string {
  const flat = value.replace(/[\r\n\t]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(flat) ? flat : `=?UTF-8?B?${Buffer.from(flat, 'utf8').toString('base64')}?=`;
}

export function ntfyUrl(settings: NtfySettings): string {
  return `${settings.server.replace(/\/+$/, '')}/${encodeURIComponent(settings.topic)}`;
}

export function ntfyHeaders(n: OutgoingNotification, token: string | undefined): Record<string, string> {
  const tags = [SEVERITY_TAG[n.severity], n.kind, ...(n.test ? ['test'] : [])];
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    'user-agent': 'clan-panel',
    title: headerText(n.title),
    priority: NTFY_PRIORITY[n.severity],
    tags: headerText(tags.join(',')),
  };
  if (n.link && /^https?:\/\//.test(n.link)) headers['click'] = n.link;
  if (token) headers['authorization'] = `Bearer ${token}`;
  return headers;
}

/** Publishes to `<server>/<topic>`: the message as body, title/priority/tags as headers. */
export async function sendNtfy(settings: NtfySettings, secrets: TargetSecretsByType['ntfy'], n: OutgoingNotification): Promise<void> {
  const res = await fetch(ntfyUrl(settings), {
    method: 'POST',
    headers: ntfyHeaders(n, secrets.token),
    body: n.message,
    redirect: 'manual',
    signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
  });
  if (res.ok) {
    await res.body?.cancel().catch(() => undefined);
    return;
  }
  throw new DeliveryError(`ntfy answered HTTP ${res.status}${await readErrorBody(res)}`, isPermanentHttpStatus(res.status));
}
