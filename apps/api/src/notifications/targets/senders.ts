import type { NotificationTargetType } from '@clan/contracts';
import { sendEmail } from './email.sender';
import { sendNtfy } from './ntfy.sender';
import { DeliveryError, describeNetworkError, type OutgoingNotification } from './outgoing';
import { scrubSecrets, type TargetSecrets, type TargetSettings, type TargetSettingsByType } from './target-settings';
import { sendWebhook } from './webhook.sender';

/**
 * Sends one notification to one target. Every failure comes back as a
 * DeliveryError whose message has the target's secrets scrubbed out.
 */
export async function deliver(
  type: NotificationTargetType,
  settings: TargetSettings,
  secrets: TargetSecrets,
  n: OutgoingNotification,
): Promise<void> {
  try {
    switch (type) {
      case 'webhook':
        return await sendWebhook(settings as TargetSettingsByType['webhook'], secrets, n);
      case 'ntfy':
        return await sendNtfy(settings as TargetSettingsByType['ntfy'], secrets, n);
      case 'email':
        return await sendEmail(settings as TargetSettingsByType['email'], secrets, n);
    }
  } catch (error) {
    const permanent = error instanceof DeliveryError && error.permanent;
    throw new DeliveryError(scrubSecrets(describeNetworkError(error), secrets).slice(0, 1000), permanent);
  }
}
