import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';

/** Lifecycle of a generation (docs/vms.md). */
export enum GenerationStatus {
  /** Built and kept as a profile generation; never booted. */
  Built = 'built',
  /** Booting / health check running. */
  Booting = 'booting',
  /** Passed its health check at least once. */
  Healthy = 'healthy',
  /** Failed its health check and there was nothing to roll back to. */
  Unhealthy = 'unhealthy',
  /** Failed its health check; the panel rolled back from it. */
  RolledBack = 'rolled-back',
  /** Garbage-collected: its profile generation and boot files are gone. */
  Collected = 'collected',
}

/**
 * One built system closure of a machine: store path + the config revision it
 * was built from. Numbered per machine from 1; the number is also the Nix
 * profile generation that keeps it alive (a GC root).
 */
@Entity({ name: 'generations' })
@Index('UQ_generations_machine_number', ['networkId', 'machine', 'number'], { unique: true })
export class GenerationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'network_id' })
  networkId!: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  @Column({ type: 'varchar', length: 63 })
  machine!: string;

  @Column({ type: 'int' })
  number!: number;

  /** Commit of the network repository it was built from. */
  @Column({ type: 'varchar', length: 40 })
  revision!: string;

  /** The system toplevel, /nix/store/…. */
  @Column({ type: 'text', name: 'store_path' })
  storePath!: string;

  /** Bytes of the closure (what the VM's store disk holds). */
  @Column({
    type: 'bigint',
    name: 'closure_bytes',
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  closureBytes!: number | null;

  @Column({ type: 'varchar', length: 16 })
  status!: GenerationStatus;

  /** The build task that produced it. */
  @Column({ type: 'uuid', name: 'task_id', nullable: true })
  taskId!: string | null;

  @Column({ type: 'timestamptz', name: 'built_at' })
  builtAt!: Date;

  @Column({ type: 'timestamptz', name: 'booted_at', nullable: true })
  bootedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'healthy_at', nullable: true })
  healthyAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'rolled_back_at', nullable: true })
  rolledBackAt!: Date | null;

  /** Why it was rolled back or failed, in a sentence. */
  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
