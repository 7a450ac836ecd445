import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { NotificationTargetEntity } from './notification-target.entity';
import { NotificationEntity } from './notification.entity';

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/**
 * One notification on its way to one target. Its id is the BullMQ job id,
 * so enqueueing it twice (after a crash, by the sweeper) runs it once.
 */
@Entity({ name: 'notification_deliveries' })
@Unique('UQ_notification_deliveries_notification_target', ['notificationId', 'targetId'])
@Index('IDX_notification_deliveries_status', ['status', 'updatedAt'])
@Index('IDX_notification_deliveries_target', ['targetId'])
export class NotificationDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'notification_id' })
  notificationId!: string;

  @ManyToOne(() => NotificationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id' })
  notification?: NotificationEntity;

  @Column({ type: 'uuid', name: 'target_id' })
  targetId!: string;

  @ManyToOne(() => NotificationTargetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'target_id' })
  target?: NotificationTargetEntity;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
