/**
 * Metrics of the host, of networks and of machines (docs/api.md, "Metrics").
 * Shared by the API, the web app and clanctl.
 */

/** Time windows the metrics routes answer for, ending now. */
export const METRICS_RANGES = ['hour', 'day', 'week', 'month', 'year'] as const;
export type MetricsRange = (typeof METRICS_RANGES)[number];

export function isMetricsRange(value: unknown): value is MetricsRange {
  return typeof value === 'string' && (METRICS_RANGES as readonly string[]).includes(value);
}

/** Length of each range in seconds. */
export const METRICS_RANGE_SECONDS: Readonly<Record<MetricsRange, number>> = {
  hour: 3600,
  day: 86_400,
  week: 7 * 86_400,
  month: 30 * 86_400,
  year: 365 * 86_400,
};

/**
 * - `cpu`: percent of the capacity — a machine's vCPUs, a network's vCPUs
 *   together, the host's cores (0–100).
 * - `memory`: bytes in use; `memoryTotal`: bytes the machine has (or the host's RAM).
 * - `diskRead`, `diskWrite`, `netRx`, `netTx`: bytes per second.
 * - `load`: the host's 1-minute load average (host only).
 */
export const METRIC_NAMES = ['cpu', 'memory', 'memoryTotal', 'diskRead', 'diskWrite', 'netRx', 'netTx', 'load'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export const METRIC_UNITS = ['percent', 'bytes', 'bytesPerSecond', 'load'] as const;
export type MetricUnit = (typeof METRIC_UNITS)[number];

export const METRIC_UNIT: Readonly<Record<MetricName, MetricUnit>> = {
  cpu: 'percent',
  memory: 'bytes',
  memoryTotal: 'bytes',
  diskRead: 'bytesPerSecond',
  diskWrite: 'bytesPerSecond',
  netRx: 'bytesPerSecond',
  netTx: 'bytesPerSecond',
  load: 'load',
};

/** One point: the average and the maximum of the samples in [t, t + stepSeconds). */
export interface MetricPoint {
  /** Start of the step, ISO 8601 (UTC). */
  t: string;
  avg: number;
  max: number;
}

export interface MetricSeries {
  metric: MetricName;
  unit: MetricUnit;
  /** Oldest first; steps without data are left out (a gap, e.g. while the VM was off). */
  points: MetricPoint[];
}

/** Answer of GET /api/host/metrics, …/networks/:networkId/metrics and …/machines/:machine/metrics. */
export interface MetricsResponse {
  range: MetricsRange;
  stepSeconds: number;
  from: string;
  to: string;
  series: MetricSeries[];
}
