import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../../users/user.entity';
import { NotificationEntity } from './notification.entity';

/** "This user has read this notification." Absence means unread; read state is per person. */
@Entity({ name: 'notification_reads' })
@Index('IDX_notification_reads_user', ['userId'])
export class NotificationReadEntity {
  @PrimaryColumn({ type: 'uuid', name: 'notification_id' })
  notificationId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'user_id' })
  userId!: string;

  @ManyToOne(() => NotificationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id' })
  notification?: NotificationEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @CreateDateColumn({ type: 'timestamptz', name: 'read_at' })
  readAt!: Date;
}
