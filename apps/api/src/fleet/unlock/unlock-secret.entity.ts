import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { HostEntity } from '../host.entity';

/**
 * A one-time secret for one host (the admin's LUKS passphrase for a bind), sealed to that host's
 * key (host-sealing.ts). The bind job reads and deletes it; an unread one is deleted when it expires.
 */
@Entity({ name: 'unlock_secrets' })
export class UnlockSecretEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'host_id' })
  hostId!: string;

  @ManyToOne(() => HostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'host_id' })
  host?: HostEntity;

  @Column({ type: 'text' })
  sealed!: string;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt!: Date;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
