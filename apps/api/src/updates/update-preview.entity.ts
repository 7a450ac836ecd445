import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';

/** One package whose version or size changes between the running system and the candidate (`nix store diff-closures`). */
export interface PreviewPackage {
  name: string;
  /** Versions before and after; [] when the package is new (from) or gone (to). ε (no version) is ''. */
  from: string[];
  to: string[];
  /** Closure size change in bytes (0 when Nix printed none). */
  sizeDelta: number;
}

/** What the update changes on one machine. */
export interface PreviewMachine {
  machine: string;
  /** The system the machine runs (its current generation) or, when it runs none, the one the head builds. */
  baseline: { kind: 'running' | 'head'; generation: number | null; storePath: string };
  /** The candidate's toplevel built from the proposed lock; null when its build failed (see error). */
  candidate: string | null;
  /** The toplevel store paths differ. */
  changes: boolean;
  /** The kernel, kernel-params or initrd links differ: applying it restarts the machine. */
  reboot: boolean;
  packages: PreviewPackage[];
  /** systemd units whose files differ (e.g. `nginx.service`): they restart when the update is applied without a reboot. */
  restarts: string[];
  /** Closure sizes (`nix path-info -S`) in bytes. */
  closureBytes: { from: number; to: number | null };
  /** Bytes of store paths the candidate needs that the baseline's closure does not have (what a host would download or build). */
  downloadBytes: number | null;
  /** Why this machine's candidate could not be built or compared, as a sentence; null when it was. */
  error: string | null;
}

export enum UpdatePreviewStatus {
  Building = 'building',
  Ready = 'ready',
  Failed = 'failed',
  /** The upstream moved, or a rollout of it started: shown in the history, not offered. */
  Superseded = 'superseded',
}

/**
 * A preview of one update of a network (docs/updates.md, "Preview"): the
 * proposed flake.lock (the lock bump), its diff and per machine what it
 * changes, built by the `update.preview` task. Nothing is deployed.
 */
@Entity({ name: 'update_previews' })
@Index(['networkId', 'createdAt'])
export class UpdatePreviewEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'network_id' })
  networkId!: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  @Column({ type: 'varchar', length: 16 })
  status!: UpdatePreviewStatus;

  /** The network repository's head the preview was made from. */
  @Column({ type: 'varchar', length: 64, name: 'base_revision' })
  baseRevision!: string;

  /** The `clan` revision the head's flake.lock pins, and the one the proposed lock pins. */
  @Column({ type: 'varchar', length: 64, name: 'from_rev' })
  fromRev!: string;

  @Column({ type: 'varchar', length: 64, name: 'to_rev', nullable: true })
  toRev!: string | null;

  @Column({ type: 'text', name: 'from_lock' })
  fromLock!: string;

  /** The proposed flake.lock; null until `nix flake lock --update-input clan` ran. */
  @Column({ type: 'text', name: 'to_lock', nullable: true })
  toLock!: string | null;

  /** A unified diff of flake.lock, head → proposed. */
  @Column({ type: 'text', name: 'lock_diff', nullable: true })
  lockDiff!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  machines!: PreviewMachine[];

  @Column({ type: 'uuid', name: 'task_id', nullable: true })
  taskId!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true })
  finishedAt!: Date | null;
}
