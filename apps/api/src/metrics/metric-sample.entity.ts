import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MetricSeriesEntity } from './metric-series.entity';

const value = (name: string) => Column({ type: 'double precision', name, nullable: true });

/**
 * A raw sample: one per series per collector interval, kept one day
 * (docs/vms.md, "Metrics"). Rates are per second over the interval before `at`.
 */
@Entity({ name: 'metric_samples' })
@Index('IDX_metric_samples_at', ['at'])
export class MetricSampleEntity {
  @PrimaryColumn({ type: 'int', name: 'series_id' })
  seriesId!: number;

  @ManyToOne(() => MetricSeriesEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'series_id' })
  series?: MetricSeriesEntity;

  @PrimaryColumn({ type: 'timestamptz' })
  at!: Date;

  @value('cpu_percent') cpuPercent!: number | null;
  @value('vcpus') vcpus!: number | null;
  @value('memory_used_bytes') memoryUsedBytes!: number | null;
  @value('memory_total_bytes') memoryTotalBytes!: number | null;
  @value('disk_read_bps') diskReadBps!: number | null;
  @value('disk_write_bps') diskWriteBps!: number | null;
  @value('net_rx_bps') netRxBps!: number | null;
  @value('net_tx_bps') netTxBps!: number | null;
  @value('load1') load1!: number | null;
}
