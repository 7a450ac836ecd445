import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { SecretBox } from '../services/secrets/secret-box';
import type { NotificationTargetEntity } from './entities/notification-target.entity';
import type { NotificationEntity } from './entities/notification.entity';
import type { OutgoingNotification } from './targets/outgoing';
import type { TargetSecrets } from './targets/target-settings';

/**
 * What both delivery paths (queued deliveries and the test button) need:
 * the target's secrets opened, the outcome recorded on the target, and the
 * notification in the form senders take.
 */
@Injectable()
export class TargetVault {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly box: SecretBox,
  ) {}

  seal(secrets: TargetSecrets): string | null {
    const present = Object.fromEntries(Object.entries(secrets).filter(([, v]) => typeof v === 'string' && v.length > 0));
    return Object.keys(present).length ? this.box.seal(JSON.stringify(present)) : null;
  }

  /** Throws when the sealed value cannot be opened (the master key changed). */
  open(target: Pick<NotificationTargetEntity, 'secretsEncrypted'>): TargetSecrets {
    if (!target.secretsEncrypted) return {};
    return JSON.parse(this.box.open(target.secretsEncrypted)) as TargetSecrets;
  }

  /** The target's "last delivery" columns; updated_at stays the time of the last configuration change. */
  async recordOutcome(targetId: string, error: string | null): Promise<void> {
    await this.ds.query(
      'UPDATE "notification_targets" SET "last_attempt_at" = now(), "last_status" = $2, "last_error" = $3, ' +
        '"last_success_at" = CASE WHEN $4::boolean THEN now() ELSE "last_success_at" END WHERE "id" = $1',
      [targetId, error === null ? 'ok' : 'failed', error, error === null],
    );
  }

  /** Panel paths become absolute links when the panel knows its public origin (CLAN_ORIGIN). */
  absoluteLink(link: string | null): string | null {
    if (!link) return null;
    if (link.startsWith('/') && this.config.origin) return `${this.config.origin.replace(/\/+$/, '')}${link}`;
    return link;
  }

  outgoing(n: NotificationEntity, networkName: string | null, deliveryId: string | null): OutgoingNotification {
    return {
      id: n.id,
      deliveryId,
      test: false,
      kind: n.kind,
      severity: n.severity,
      networkId: n.networkId,
      networkName,
      subject: n.subject,
      state: n.state,
      previousState: n.previousState,
      title: n.title,
      message: n.message,
      link: this.absoluteLink(n.link),
      createdAt: n.createdAt.toISOString(),
    };
  }
}
