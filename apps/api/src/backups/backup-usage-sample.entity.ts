import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BackupRepositoryEntity } from './backup-repository.entity';

/** Repository size (and free space on a local target) over time: one row per poll or run. */
@Entity({ name: 'backup_usage_samples' })
@Index('IDX_backup_usage_samples_repository_at', ['repositoryId', 'at'])
export class BackupUsageSampleEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid', name: 'repository_id' })
  repositoryId!: string;

  @ManyToOne(() => BackupRepositoryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'repository_id' })
  repository?: BackupRepositoryEntity;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'bigint', name: 'size_bytes' })
  sizeBytes!: string;

  @Column({ type: 'bigint', name: 'free_bytes', nullable: true })
  freeBytes!: string | null;
}
