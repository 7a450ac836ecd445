import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';

export enum RolloutMachineState {
  /** Not reached yet: runs what it ran before. */
  Pending = 'pending',
  /** Building, booting or soaking the update. */
  Updating = 'updating',
  /** Runs the update and passed its gate. */
  Updated = 'updated',
  /** Failed its gate; the panel rolled it back to the generation it ran before. */
  RolledBack = 'rolled-back',
  /** Failed, and could not be rolled back (see reason). */
  Failed = 'failed',
  /** The admin skipped it after a halt: it keeps running what it ran before. */
  Skipped = 'skipped',
  /** Updated, then taken back to the generation it ran before by an abort. */
  Reverted = 'reverted',
  /** The update does not change this machine's system: nothing to do. */
  Unchanged = 'unchanged',
}

/** One machine's place in a rollout. */
export interface RolloutMachine {
  machine: string;
  /** The first wave is the canary. */
  wave: number;
  state: RolloutMachineState;
  /** The generation it ran when the rollout started (what abort returns it to); null: none yet. */
  fromGeneration: number | null;
  /** The generation of the update it was given. */
  toGeneration: number | null;
  /** The tasks that built and deployed it (the task log says the rest). */
  taskIds: string[];
  /** Why it failed, was rolled back or skipped, as a sentence. */
  reason: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export enum UpdateRolloutStatus {
  Running = 'running',
  /** A machine failed its gate: nothing more happens until resume, skip or abort. */
  Halted = 'halted',
  Succeeded = 'succeeded',
  Aborting = 'aborting',
  Aborted = 'aborted',
  /** The rollout itself could not go on (e.g. the lock could not be committed); see haltReason. */
  Failed = 'failed',
}

/**
 * A rollout of a previewed update (docs/updates.md, "Rollout"): the lock bump
 * committed with the trailer `Clan-Rollout: <id>`, then deployed machine by
 * machine in waves (canary first), each gated on health and app checks for a
 * soak time; a failed gate rolls the machine back and halts the rollout.
 */
@Entity({ name: 'update_rollouts' })
@Index(['networkId', 'createdAt'])
export class UpdateRolloutEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'network_id' })
  networkId!: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  @Column({ type: 'uuid', name: 'preview_id' })
  previewId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: UpdateRolloutStatus;

  @Column({ type: 'varchar', length: 64, name: 'from_rev' })
  fromRev!: string;

  @Column({ type: 'varchar', length: 64, name: 'to_rev' })
  toRev!: string;

  /** The head before the lock commit, and the lock commit itself (null until committed). */
  @Column({ type: 'varchar', length: 64, name: 'base_revision' })
  baseRevision!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  revision!: string | null;

  /** The commit that put the old lock back (abort); null otherwise. */
  @Column({ type: 'varchar', length: 64, name: 'revert_revision', nullable: true })
  revertRevision!: string | null;

  @Column({ type: 'varchar', length: 64 })
  canary!: string;

  @Column({ type: 'int' })
  concurrency!: number;

  @Column({ type: 'int', name: 'soak_seconds' })
  soakSeconds!: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  machines!: RolloutMachine[];

  /** Where and why it halted (or failed), as a sentence; null while it runs or after it succeeded. */
  @Column({ type: 'text', name: 'halt_reason', nullable: true })
  haltReason!: string | null;

  /** 'manual' (a person started it) or 'schedule' (automatic updates). */
  @Column({ type: 'varchar', length: 16 })
  trigger!: 'manual' | 'schedule';

  @Column({ type: 'uuid', name: 'user_id', nullable: true })
  userId!: string | null;

  /** The task running it now (or last). */
  @Column({ type: 'uuid', name: 'task_id', nullable: true })
  taskId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true })
  finishedAt!: Date | null;
}
