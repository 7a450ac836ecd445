import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';
import type { BackupRepositoryKind } from './repository-kinds';

export type { BackupRepositoryKind } from './repository-kinds';

/**
 * A restic repository (a backup target) of a network: one of the kinds of
 * repository-kinds.ts (a directory on the host, an S3-compatible bucket). The location, the password and the S3 keys are
 * sealed with SecretBox; `display_location` is the location without any
 * user:password part, for lists.
 */
@Entity({ name: 'backup_repositories' })
@Index('UQ_backup_repositories_network_name', ['networkId', 'name'], { unique: true })
export class BackupRepositoryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'network_id' })
  networkId!: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  @Column({ type: 'varchar', length: 63 })
  name!: string;

  @Column({ type: 'varchar', length: 8 })
  kind!: BackupRepositoryKind;

  @Column({ type: 'text', name: 'location_encrypted' })
  locationEncrypted!: string;

  @Column({ type: 'varchar', length: 1024, name: 'display_location' })
  displayLocation!: string;

  @Column({ type: 'text', name: 'password_encrypted' })
  passwordEncrypted!: string;

  /** Sealed JSON `{ accessKeyId, secretAccessKey, region }` for S3; NULL for local repositories. */
  @Column({ type: 'text', name: 'credentials_encrypted', nullable: true })
  credentialsEncrypted!: string | null;

  /** When `restic init` (or a first successful access) showed the repository exists. */
  @Column({ type: 'timestamptz', name: 'initialized_at', nullable: true })
  initializedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'last_check_at', nullable: true })
  lastCheckAt!: Date | null;

  /** Result of the last `restic check`: true = no errors. */
  @Column({ type: 'boolean', name: 'last_check_ok', nullable: true })
  lastCheckOk!: boolean | null;

  @Column({ type: 'text', name: 'last_check_error', nullable: true })
  lastCheckError!: string | null;

  /** Last poll: when, and what went wrong (NULL = it worked). */
  @Column({ type: 'timestamptz', name: 'polled_at', nullable: true })
  polledAt!: Date | null;

  @Column({ type: 'text', name: 'poll_error', nullable: true })
  pollError!: string | null;

  @Column({ type: 'varchar', length: 32, name: 'poll_error_class', nullable: true })
  pollErrorClass!: string | null;

  @Column({ type: 'bigint', name: 'size_bytes', nullable: true })
  sizeBytes!: string | null;

  @Column({ type: 'bigint', name: 'free_bytes', nullable: true })
  freeBytes!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
