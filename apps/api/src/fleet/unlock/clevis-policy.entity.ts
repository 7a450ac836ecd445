import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { HostEntity } from '../host.entity';

/** A host's Clevis policy (docs/fleet-unlock.md, "Policy") and what was last bound on its disk. */
@Entity({ name: 'clevis_policies' })
export class ClevisPolicyEntity {
  @PrimaryColumn({ type: 'uuid', name: 'host_id' })
  hostId!: string;

  @OneToOne(() => HostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'host_id' })
  host?: HostEntity;

  @Column({ type: 'int' })
  threshold!: number;

  /** Hosts whose Tang servers hold a pin, in the order of the rendered configuration. */
  @Column({ type: 'jsonb', name: 'tang_host_ids', default: () => `'[]'` })
  tangHostIds!: string[];

  @Column({ type: 'boolean', default: false })
  tpm!: boolean;

  /** The LUKS device; null: the host's CLAN_UNLOCK_DEVICE. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  device!: string | null;

  /** The sss configuration last bound (text as given to clevis), null: never bound. */
  @Column({ type: 'text', name: 'bound_config', nullable: true })
  boundConfig!: string | null;

  /** The LUKS key slot of that binding: the one a rebind replaces. */
  @Column({ type: 'int', name: 'bound_slot', nullable: true })
  boundSlot!: number | null;

  @Column({ type: 'varchar', length: 255, name: 'bound_device', nullable: true })
  boundDevice!: string | null;

  @Column({ type: 'timestamptz', name: 'bound_at', nullable: true })
  boundAt!: Date | null;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
