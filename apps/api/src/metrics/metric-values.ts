import type { MetricName } from '@clan/contracts';

/** One sample of one series: every value is null when it could not be measured (yet). */
export interface MetricValues {
  /** Percent of the series' capacity (a machine's vCPUs, the host's cores), 0–100. */
  cpuPercent: number | null;
  /** vCPUs of a machine (weights its cpuPercent when a network is summed); null for the host. */
  vcpus: number | null;
  memoryUsedBytes: number | null;
  memoryTotalBytes: number | null;
  diskReadBps: number | null;
  diskWriteBps: number | null;
  netRxBps: number | null;
  netTxBps: number | null;
  /** 1-minute load average (host only). */
  load1: number | null;
}

/**
 * The value columns of `metric_samples`; `metric_rollups` has `<column>_avg`
 * and `<column>_max` for each. SQL is built from this list (constants only).
 */
export const METRIC_COLUMNS = [
  { key: 'cpuPercent', column: 'cpu_percent' },
  { key: 'vcpus', column: 'vcpus' },
  { key: 'memoryUsedBytes', column: 'memory_used_bytes' },
  { key: 'memoryTotalBytes', column: 'memory_total_bytes' },
  { key: 'diskReadBps', column: 'disk_read_bps' },
  { key: 'diskWriteBps', column: 'disk_write_bps' },
  { key: 'netRxBps', column: 'net_rx_bps' },
  { key: 'netTxBps', column: 'net_tx_bps' },
  { key: 'load1', column: 'load1' },
] as const satisfies readonly { key: keyof MetricValues; column: string }[];

export type MetricColumn = (typeof METRIC_COLUMNS)[number]['column'];

/** The API metric each column answers (vcpus is only a weight). */
export const METRIC_OF_COLUMN: Readonly<Partial<Record<MetricColumn, MetricName>>> = {
  cpu_percent: 'cpu',
  memory_used_bytes: 'memory',
  memory_total_bytes: 'memoryTotal',
  disk_read_bps: 'diskRead',
  disk_write_bps: 'diskWrite',
  net_rx_bps: 'netRx',
  net_tx_bps: 'netTx',
  load1: 'load',
};

export const EMPTY_VALUES: Readonly<MetricValues> = {
  cpuPercent: null,
  vcpus: null,
  memoryUsedBytes: null,
  memoryTotalBytes: null,
  diskReadBps: null,
  diskWriteBps: null,
  netRxBps: null,
  netTxBps: null,
  load1: null,
};
