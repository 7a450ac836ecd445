import type { NotificationSeverity } from '@clan/contracts';

/** What a sender delivers: a stored notification, or the synthetic one of a test. */
export interface OutgoingNotification {
  /** The notification's id; a fresh id for a test. */
  id: string;
  /** The delivery's id (the same on every retry), or null for a test. */
  deliveryId: string | null;
  test: boolean;
  kind: string;
  severity: NotificationSeverity;
  networkId: string | null;
  networkName: string | null;
  subject: string;
  state: string;
  previousState: string | null;
  title: string;
  message: string;
  /** Absolute when the panel knows its origin (CLAN_ORIGIN), else the panel path as stored. */
  link: string | null;
  createdAt: string;
}

/**
 * A delivery that did not go through. `permanent`: trying again cannot help
 * (the receiver refused the request as such: a 4xx, an SMTP 5xx), so the
 * delivery fails at once instead of retrying.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** How long one attempt may take before it counts as failed. */
export const DELIVERY_TIMEOUT_MS = 15_000;

/** The one-line cause of a network error from fetch/undici or nodemailer, without stack or request details. */
export function describeNetworkError(error: unknown): string {
  if (error instanceof DeliveryError) return error.message;
  const e = error as { name?: string; message?: string; code?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`;
  const cause = e?.cause;
  if (cause?.code || cause?.message) return [cause.code, cause.message].filter(Boolean).join(': ');
  return [e?.code, e?.message].filter(Boolean).join(': ') || String(error);
}
