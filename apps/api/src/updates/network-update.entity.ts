import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';

/**
 * The last update check of one input of a network that follows an upstream
 * (docs/updates.md): what its flake.lock pins at the head and what the
 * upstream's branch points at now. One row per network and input, written by
 * the `update.check` job only.
 */
@Entity({ name: 'network_updates' })
export class NetworkUpdateEntity {
  @PrimaryColumn({ type: 'uuid', name: 'network_id' })
  networkId!: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  /** The flake input: `clan` (the only one a network repository has). */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  input!: string;

  @Column({ type: 'varchar', length: 64, name: 'current_rev', nullable: true })
  currentRev!: string | null;

  @Column({ type: 'timestamptz', name: 'current_modified_at', nullable: true })
  currentModifiedAt!: Date | null;

  @Column({ type: 'varchar', length: 64, name: 'latest_rev', nullable: true })
  latestRev!: string | null;

  @Column({ type: 'timestamptz', name: 'latest_modified_at', nullable: true })
  latestModifiedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'checked_at' })
  checkedAt!: Date;

  /** Why the last check failed, as a sentence; null when it worked. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
