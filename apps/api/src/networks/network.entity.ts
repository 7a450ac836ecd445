import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'networks' })
export class NetworkEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** DNS-safe slug: used in `<device>.<network>.clan` and repository paths. */
  @Index('UQ_networks_name', { unique: true })
  @Column({ type: 'varchar', length: 63 })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
