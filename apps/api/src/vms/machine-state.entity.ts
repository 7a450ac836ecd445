import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';

/**
 * Runtime state of a machine that configs.json cannot hold: which revision of
 * the network repository is deployed, which generation runs, and what libvirt
 * and the health probe last said (kept by the VM manager). The declarative
 * configuration itself lives only in the repository.
 */
@Entity({ name: 'machines' })
export class MachineStateEntity {
  @PrimaryColumn({ type: 'uuid', name: 'network_id' })
  networkId!: string;

  @PrimaryColumn({ type: 'varchar', length: 63 })
  name!: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  /** Commit sha of the configuration the running machine was built from; null until first deployed. */
  @Column({ type: 'varchar', length: 40, name: 'deployed_revision', nullable: true })
  deployedRevision!: string | null;

  /** The host the machine runs on (docs/fleet.md, "Placement"); null: the panel's own host. */
  @Column({ type: 'uuid', name: 'host_id', nullable: true })
  hostId!: string | null;

  /** The libvirt domain of this machine's VM (unique per panel); null until first defined. */
  @Column({ type: 'varchar', length: 128, name: 'domain_name', nullable: true, unique: true })
  domainName!: string | null;

  /** Generation number the domain is defined for (what boots on the next start). */
  @Column({ type: 'int', name: 'current_generation', nullable: true })
  currentGeneration!: number | null;

  /** Newest generation that passed its health check: the automatic rollback target. */
  @Column({ type: 'int', name: 'healthy_generation', nullable: true })
  healthyGeneration!: number | null;

  /** Last VM state seen (VmState of libvirt-client), or 'missing' when the domain vanished. */
  @Column({ type: 'varchar', length: 16, name: 'vm_state', default: 'undefined' })
  vmState!: string;

  @Column({ type: 'timestamptz', name: 'vm_state_at', nullable: true })
  vmStateAt!: Date | null;

  /** When the VM last started (uptime). */
  @Column({ type: 'timestamptz', name: 'booted_at', nullable: true })
  bootedAt!: Date | null;

  /** unknown | checking | healthy | unhealthy */
  @Column({ type: 'varchar', length: 16, default: 'unknown' })
  health!: string;

  @Column({ type: 'timestamptz', name: 'health_at', nullable: true })
  healthAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
