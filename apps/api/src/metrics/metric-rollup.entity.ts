import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MetricSeriesEntity } from './metric-series.entity';

const value = (name: string) => Column({ type: 'double precision', name, nullable: true });

/**
 * A bucket of a series at a resolution (300 s kept 7 days, 3600 s kept 365
 * days) with the average and maximum of each metric over its samples. Made
 * and remade by SQL from the finer data (MetricsStore.rollup), so re-running
 * a rollup over the same span changes nothing.
 */
@Entity({ name: 'metric_rollups' })
@Index('IDX_metric_rollups_resolution_bucket', ['resolution', 'bucket'])
export class MetricRollupEntity {
  @PrimaryColumn({ type: 'int', name: 'series_id' })
  seriesId!: number;

  @ManyToOne(() => MetricSeriesEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'series_id' })
  series?: MetricSeriesEntity;

  /** Bucket length in seconds. */
  @PrimaryColumn({ type: 'int' })
  resolution!: number;

  /** Start of the bucket (epoch-aligned). */
  @PrimaryColumn({ type: 'timestamptz' })
  bucket!: Date;

  /** Raw samples behind the bucket (weights averages when buckets are merged). */
  @Column({ type: 'int' })
  samples!: number;

  @value('cpu_percent_avg') cpuPercentAvg!: number | null;
  @value('cpu_percent_max') cpuPercentMax!: number | null;
  @value('vcpus_avg') vcpusAvg!: number | null;
  @value('vcpus_max') vcpusMax!: number | null;
  @value('memory_used_bytes_avg') memoryUsedBytesAvg!: number | null;
  @value('memory_used_bytes_max') memoryUsedBytesMax!: number | null;
  @value('memory_total_bytes_avg') memoryTotalBytesAvg!: number | null;
  @value('memory_total_bytes_max') memoryTotalBytesMax!: number | null;
  @value('disk_read_bps_avg') diskReadBpsAvg!: number | null;
  @value('disk_read_bps_max') diskReadBpsMax!: number | null;
  @value('disk_write_bps_avg') diskWriteBpsAvg!: number | null;
  @value('disk_write_bps_max') diskWriteBpsMax!: number | null;
  @value('net_rx_bps_avg') netRxBpsAvg!: number | null;
  @value('net_rx_bps_max') netRxBpsMax!: number | null;
  @value('net_tx_bps_avg') netTxBpsAvg!: number | null;
  @value('net_tx_bps_max') netTxBpsMax!: number | null;
  @value('load1_avg') load1Avg!: number | null;
  @value('load1_max') load1Max!: number | null;
}
