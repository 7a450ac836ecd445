import { createTransport } from 'nodemailer';
import { DELIVERY_TIMEOUT_MS, DeliveryError, describeNetworkError, type OutgoingNotification } from './outgoing';
import type { EmailSettings, TargetSecretsByType } from './target-settings';

export function emailSubject(n: OutgoingNotification): string {
  return `[cLAN${n.severity === 'info' ? '' : ` ${n.severity}`}] ${n.title}`;
}

export function emailText(n: OutgoingNotification): string {
  const where = n.networkName ? `network ${n.networkName}` : 'the host';
  const change = n.previousState ? `${n.previousState} → ${n.state}` : n.state;
  return [
    n.message,
    ...(n.link ? ['', n.link] : []),
    '',
    '—',
    n.test ? 'A test from the cLAN panel: this target works.' : `${n.kind} on ${where}: ${change}`,
    'Sent by the cLAN panel.',
    '',
  ].join('\n');
}

/** One SMTP conversation per message (deliveries are rare; no pooled connection to go stale). */
export async function sendEmail(settings: EmailSettings, secrets: TargetSecretsByType['email'], n: OutgoingNotification): Promise<void> {
  const transport = createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: settings.username ? { user: settings.username, pass: secrets.password ?? '' } : undefined,
    connectionTimeout: DELIVERY_TIMEOUT_MS,
    greetingTimeout: DELIVERY_TIMEOUT_MS,
    socketTimeout: DELIVERY_TIMEOUT_MS,
    logger: false,
    debug: false,
  });
  try {
    await transport.sendMail({
      from: settings.from,
      to: settings.to,
      subject: emailSubject(n),
      text: emailText(n),
      headers: { 'X-Clan-Notification': n.id, 'X-Clan-Severity': n.severity, 'X-Clan-Kind': n.kind },
    });
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    // SMTP 5xx replies are permanent (bad address, refused credentials); 4xx and connection trouble are worth retrying.
    throw new DeliveryError(`SMTP: ${describeNetworkError(error)}`, typeof code === 'number' && code >= 500 && code < 600);
  } finally {
    transport.close();
  }
}
