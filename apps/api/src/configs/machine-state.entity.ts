import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';

/**
 * Runtime state of a machine that configs.json cannot hold: which revision of
 * the network repository is deployed (set by the VM manager). The declarative
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

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
