import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { NetworkEntity } from '../../networks/network.entity';
import { BackupPolicyEntity } from '../backup-policy.entity';

/**
 * One verified restore of a machine policy (docs/backups.md, "Verified
 * restores"): its latest snapshot booted in a throw-away VM with no network,
 * and whether that VM came up healthy on the recorded generation.
 */
@Entity({ name: 'backup_verifications' })
@Index('IDX_backup_verifications_policy_at', ['policyId', 'verifiedAt'])
export class BackupVerificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'network_id' })
  networkId!: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  @Column({ type: 'uuid', name: 'policy_id' })
  policyId!: string;

  @ManyToOne(() => BackupPolicyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'policy_id' })
  policy?: BackupPolicyEntity;

  /** The task that ran it (null once the task row is gone). */
  @Column({ type: 'uuid', name: 'task_id', nullable: true })
  taskId!: string | null;

  /** The snapshot restored (null when the policy had none to restore). */
  @Column({ type: 'varchar', length: 64, name: 'snapshot_id', nullable: true })
  snapshotId!: string | null;

  /** The generation the snapshot was taken on (its `clan-generation=` tag), booted again. */
  @Column({ type: 'int', nullable: true })
  generation!: number | null;

  /** The configuration revision the snapshot was taken on (its `clan-revision=` tag). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  revision!: string | null;

  @Column({ type: 'boolean' })
  ok!: boolean;

  /** What happened, as a sentence: what was proven, or what failed. */
  @Column({ type: 'text' })
  detail!: string;

  @Column({ type: 'int', name: 'duration_ms' })
  durationMs!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'verified_at' })
  verifiedAt!: Date;
}
