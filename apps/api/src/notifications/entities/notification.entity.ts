import type { NotificationSeverity } from '@clan/contracts';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { NetworkEntity } from '../../networks/network.entity';

/** One state change people were told about: the in-app list, and the source of every delivery. */
@Entity({ name: 'notifications' })
@Index('IDX_notifications_created', ['createdAt'])
@Index('IDX_notifications_network_created', ['networkId', 'createdAt'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  kind!: string;

  @Column({ type: 'varchar', length: 16 })
  severity!: NotificationSeverity;

  /** NULL: host-wide; only host admins see it. */
  @Column({ type: 'uuid', name: 'network_id', nullable: true })
  networkId!: string | null;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  @Column({ type: 'varchar', length: 200 })
  subject!: string;

  @Column({ type: 'varchar', length: 64 })
  state!: string;

  @Column({ type: 'varchar', length: 64, name: 'previous_state', nullable: true })
  previousState!: string | null;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text' })
  message!: string;

  /** A panel path (`/networks/…`) or an absolute URL. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  link!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
