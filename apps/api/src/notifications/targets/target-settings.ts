import type { NotificationTargetType } from '@clan/contracts';

/** Non-secret settings of each target type, stored as JSON (notification_targets.settings). */
export interface WebhookSettings {
  url: string;
  /** A header sent with a secret value, e.g. `Authorization`; the value is a secret. */
  headerName: string | null;
}

export interface NtfySettings {
  /** The ntfy server's base URL, e.g. `https://ntfy.sh`. */
  server: string;
  topic: string;
}

export interface EmailSettings {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  username: string | null;
  from: string;
  to: string[];
}

export interface TargetSettingsByType {
  webhook: WebhookSettings;
  ntfy: NtfySettings;
  email: EmailSettings;
}

export type TargetSettings = TargetSettingsByType[NotificationTargetType];

/** Secret settings of each type: write-only in the API, sealed at rest, scrubbed from errors. */
export interface TargetSecretsByType {
  webhook: { headerSecret?: string; signingSecret?: string };
  ntfy: { token?: string };
  email: { password?: string };
}

export type TargetSecrets = Partial<Record<string, string>>;

export const SECRET_FIELDS: { readonly [T in NotificationTargetType]: readonly (keyof TargetSecretsByType[T] & string)[] } = {
  webhook: ['headerSecret', 'signingSecret'],
  ntfy: ['token'],
  email: ['password'],
};

/**
 * Replaces every secret value (and its URL-encoded and base64 forms) in a
 * message with `***`, so an error that echoes a request (a proxy, a
 * receiver's error page) never stores or logs a credential.
 */
export function scrubSecrets(text: string, secrets: TargetSecrets): string {
  let out = text;
  for (const value of Object.values(secrets)) {
    if (!value || value.length < 3) continue;
    for (const form of new Set([value, encodeURIComponent(value), Buffer.from(value).toString('base64')])) {
      out = out.split(form).join('***');
    }
  }
  return out;
}
