import { createHmac } from 'node:crypto';
import { DELIVERY_TIMEOUT_MS, DeliveryError, type OutgoingNotification } from './outgoing';
import type { TargetSecretsByType, WebhookSettings } from './target-settings';

/** The JSON body a webhook receives (docs/notifications.md, "Webhook"). */
export function webhookPayload(n: OutgoingNotification): Record<string, unknown> {
  return {
    type: n.test ? 'test' : 'notification',
    id: n.id,
    deliveryId: n.deliveryId,
    kind: n.kind,
    severity: n.severity,
    networkId: n.networkId,
    networkName: n.networkName,
    subject: n.subject,
    state: n.state,
    previousState: n.previousState,
    title: n.title,
    message: n.message,
    link: n.link,
    createdAt: n.createdAt,
  };
}

/** `sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>.<body>"), as receivers recompute it. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A 4xx (other than timeouts and rate limits) or a redirect will not change on retry. */
export function isPermanentHttpStatus(status: number): boolean {
  if (status >= 300 && status < 400) return true;
  return status >= 400 && status < 500 && ![408, 425, 429].includes(status);
}

export async function readErrorBody(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  const line = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return line ? `: ${line}` : '';
}

/** POSTs the notification as JSON; redirects are not followed (the signature is for this URL only). */
export async function sendWebhook(
  settings: WebhookSettings,
  secrets: TargetSecretsByType['webhook'],
  n: OutgoingNotification,
): Promise<void> {
  const body = JSON.stringify(webhookPayload(n));
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'clan-panel',
    'x-clan-event': n.test ? 'test' : 'notification',
    'x-clan-delivery': n.deliveryId ?? n.id,
    'x-clan-timestamp': timestamp,
  };
  if (secrets.signingSecret) headers['x-clan-signature-256'] = webhookSignature(secrets.signingSecret, timestamp, body);
  if (settings.headerName && secrets.headerSecret) headers[settings.headerName.toLowerCase()] = secrets.headerSecret;
  const res = await fetch(settings.url, {
    method: 'POST',
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
  });
  if (res.ok) {
    await res.body?.cancel().catch(() => undefined);
    return;
  }
  const redirect = res.status >= 300 && res.status < 400 ? ' (redirects are not followed: use the final URL)' : '';
  throw new DeliveryError(`HTTP ${res.status}${redirect}${await readErrorBody(res)}`, isPermanentHttpStatus(res.status));
}
