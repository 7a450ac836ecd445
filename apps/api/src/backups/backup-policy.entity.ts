import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';
import { UserEntity } from '../users/user.entity';
import { BackupRepositoryEntity } from './backup-repository.entity';

export type BackupSubjectKind = 'machine' | 'device';
/** Who runs restic: the panel on this host, or the device itself (it reports through check-ins). */
export type BackupRunner = 'panel' | 'device';

/** A command as argv (no shell). `name` labels it in logs; for dumps it is the file name in the snapshot. */
export interface BackupHook {
  name: string;
  command: string[];
}

/**
 * What to back up of one subject (a machine of the network or a device such
 * as a laptop), where to, when, and how long to keep it. The `last_*`
 * columns are the status the panel derives from runs, check-ins and polls.
 */
@Entity({ name: 'backup_policies' })
@Index('IDX_backup_policies_subject', ['networkId', 'subjectKind', 'subjectName'])
export class BackupPolicyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'network_id' })
  networkId!: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  @Column({ type: 'uuid', name: 'repository_id' })
  repositoryId!: string;

  @ManyToOne(() => BackupRepositoryEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'repository_id' })
  repository?: BackupRepositoryEntity;

  @Column({ type: 'varchar', length: 16, name: 'subject_kind' })
  subjectKind!: BackupSubjectKind;

  @Column({ type: 'varchar', length: 63, name: 'subject_name' })
  subjectName!: string;

  /** The member whose device this is (the family view shows it to them). */
  @Column({ type: 'uuid', name: 'owner_user_id', nullable: true })
  ownerUserId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_user_id' })
  owner?: UserEntity;

  @Column({ type: 'varchar', length: 8 })
  runner!: BackupRunner;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  paths!: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  excludes!: string[];

  /** Machines: add the state paths their apps declare in the catalog. */
  @Column({ type: 'boolean', name: 'include_app_state', default: true })
  includeAppState!: boolean;

  @Column({ type: 'jsonb', name: 'pre_hooks', default: () => "'[]'" })
  preHooks!: BackupHook[];

  @Column({ type: 'jsonb', name: 'post_hooks', default: () => "'[]'" })
  postHooks!: BackupHook[];

  @Column({ type: 'jsonb', name: 'dump_hooks', default: () => "'[]'" })
  dumpHooks!: BackupHook[];

  /** Cron (five fields); NULL = no schedule (manual, or the device's own timer). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  schedule!: string | null;

  @Column({ type: 'varchar', length: 200, name: 'check_schedule', nullable: true })
  checkSchedule!: string | null;

  /** `--read-data-subset` of scheduled checks, e.g. "10%" or "1/5"; NULL = metadata only. */
  @Column({ type: 'varchar', length: 16, name: 'check_read_data_subset', nullable: true })
  checkReadDataSubset!: string | null;

  @Column({ type: 'int', name: 'keep_last', default: 0 })
  keepLast!: number;

  @Column({ type: 'int', name: 'keep_daily', default: 0 })
  keepDaily!: number;

  @Column({ type: 'int', name: 'keep_weekly', default: 0 })
  keepWeekly!: number;

  @Column({ type: 'int', name: 'keep_monthly', default: 0 })
  keepMonthly!: number;

  @Column({ type: 'int', name: 'late_after_hours' })
  lateAfterHours!: number;

  @Column({ type: 'int', name: 'stale_after_hours' })
  staleAfterHours!: number;

  /** SHA-256 of the per-policy check-in token; NULL = none issued. */
  @Column({ type: 'varchar', length: 64, name: 'checkin_token_hash', nullable: true })
  checkinTokenHash!: string | null;

  @Column({ type: 'timestamptz', name: 'last_success_at', nullable: true })
  lastSuccessAt!: Date | null;

  @Column({ type: 'varchar', length: 64, name: 'last_snapshot_id', nullable: true })
  lastSnapshotId!: string | null;

  @Column({ type: 'timestamptz', name: 'last_run_at', nullable: true })
  lastRunAt!: Date | null;

  /** succeeded | failed, of the last run (panel run or check-in). */
  @Column({ type: 'varchar', length: 16, name: 'last_run_status', nullable: true })
  lastRunStatus!: string | null;

  @Column({ type: 'varchar', length: 32, name: 'last_error_class', nullable: true })
  lastErrorClass!: string | null;

  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', name: 'last_checkin_at', nullable: true })
  lastCheckinAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
