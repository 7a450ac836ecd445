import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';
import { BackupPolicyEntity } from './backup-policy.entity';
import { BackupRepositoryEntity } from './backup-repository.entity';

export type BackupRunKind = 'backup' | 'prune' | 'check' | 'restore' | 'init';
export type BackupRunStatus = 'running' | 'succeeded' | 'failed';
/** Who ran it: the panel's own task, or a device reporting through a check-in. */
export type BackupRunSource = 'panel' | 'checkin';

/** What a finished backup reports (restic's summary, plus dump snapshots and warnings). */
export interface BackupRunSummary {
  snapshotId?: string | null;
  filesNew?: number;
  filesChanged?: number;
  filesUnmodified?: number;
  bytesAdded?: number;
  totalBytes?: number;
  totalFiles?: number;
  dumps?: { name: string; snapshotId: string | null; bytes: number }[];
  warnings?: string[];
  /** prune: snapshots forgotten; check: the subset read; restore: where to. */
  [key: string]: unknown;
}

/** One backup, prune, check, restore or init, by the panel or reported by a device. */
@Entity({ name: 'backup_runs' })
@Index('IDX_backup_runs_policy_started', ['policyId', 'startedAt'])
@Index('IDX_backup_runs_repository_started', ['repositoryId', 'startedAt'])
export class BackupRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'network_id' })
  networkId!: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  @Column({ type: 'uuid', name: 'repository_id' })
  repositoryId!: string;

  @ManyToOne(() => BackupRepositoryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'repository_id' })
  repository?: BackupRepositoryEntity;

  @Column({ type: 'uuid', name: 'policy_id', nullable: true })
  policyId!: string | null;

  @ManyToOne(() => BackupPolicyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'policy_id' })
  policy?: BackupPolicyEntity;

  @Column({ type: 'varchar', length: 16 })
  kind!: BackupRunKind;

  @Column({ type: 'varchar', length: 16 })
  source!: BackupRunSource;

  @Column({ type: 'uuid', name: 'task_id', nullable: true })
  taskId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: BackupRunStatus;

  @Column({ type: 'varchar', length: 32, name: 'error_class', nullable: true })
  errorClass!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'timestamptz', name: 'started_at' })
  startedAt!: Date;

  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'int', name: 'duration_ms', nullable: true })
  durationMs!: number | null;

  @Column({ type: 'varchar', length: 64, name: 'snapshot_id', nullable: true })
  snapshotId!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  summary!: BackupRunSummary;
}
