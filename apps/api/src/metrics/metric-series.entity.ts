import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';

export type MetricScope = 'host' | 'machine';

/**
 * One time series: the host, or one machine of a network. Samples and
 * rollups point here by id, so their rows stay small. A network's metrics
 * are the sums of its machines' series (computed when asked). Deleting a
 * network deletes its series and, through them, their data.
 *
 * Uniqueness of (scope, network_id, machine) needs NULLs to compare equal
 * (the host series has neither), so it is an expression index made by the
 * migration, which TypeORM is told to leave alone.
 */
@Entity({ name: 'metric_series' })
@Index('UQ_metric_series_key', { synchronize: false })
@Index('IDX_metric_series_network', ['networkId', 'machine'])
export class MetricSeriesEntity {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column({ type: 'varchar', length: 8 })
  scope!: MetricScope;

  @Column({ type: 'uuid', name: 'network_id', nullable: true })
  networkId!: string | null;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  @Column({ type: 'varchar', length: 63, nullable: true })
  machine!: string | null;
}
