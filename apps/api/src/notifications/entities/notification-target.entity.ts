import type { NotificationSeverity, NotificationTargetType } from '@clan/contracts';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { NetworkEntity } from '../../networks/network.entity';
import type { TargetSettings } from '../targets/target-settings';

/**
 * Where notifications are delivered besides the panel: a webhook, an ntfy
 * topic or an email address list, with its matchers. `network_id` NULL: a
 * host-level target (managed with Sys.Modify); else the network's own
 * (Network.Manage), which only ever matches that network's notifications.
 */
@Entity({ name: 'notification_targets' })
@Index('IDX_notification_targets_network', ['networkId'])
export class NotificationTargetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'network_id', nullable: true })
  networkId!: string | null;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: NotificationTargetType;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'varchar', length: 16, name: 'min_severity', default: 'warning' })
  minSeverity!: NotificationSeverity;

  /** Host-level targets only: the networks whose notifications match; NULL = every network and host-wide ones. */
  @Column({ type: 'uuid', array: true, name: 'network_ids', nullable: true })
  networkIds!: string[] | null;

  /** Kinds that match (`backup.freshness`, `backup.*`); NULL = every kind. */
  @Column({ type: 'varchar', length: 64, array: true, nullable: true })
  kinds!: string[] | null;

  /** The non-secret settings of the type (URL, topic, SMTP host…). */
  @Column({ type: 'jsonb' })
  settings!: TargetSettings;

  /** The secret settings (tokens, passwords, signing secret) as JSON, sealed with SecretBox; NULL when there are none. */
  @Column({ type: 'text', name: 'secrets_encrypted', nullable: true })
  secretsEncrypted!: string | null;

  @Column({ type: 'timestamptz', name: 'last_attempt_at', nullable: true })
  lastAttemptAt!: Date | null;

  /** Outcome of the last attempt (a delivery or a test): `ok` or `failed`. */
  @Column({ type: 'varchar', length: 16, name: 'last_status', nullable: true })
  lastStatus!: 'ok' | 'failed' | null;

  /** Why the last attempt failed (secrets scrubbed). */
  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', name: 'last_success_at', nullable: true })
  lastSuccessAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
