import { METRICS_RANGE_SECONDS, type MetricsRange } from '@clan/contracts';

/**
 * The RRD-like layout of the metrics tables: raw samples (one per collector
 * interval), 5-minute and hourly buckets. Buckets are aligned to the Unix
 * epoch in UTC, the same as Postgres `date_bin(…, TIMESTAMPTZ 'epoch')`.
 */
export const FIVE_MINUTES = 300;
export const ONE_HOUR = 3600;
export const ONE_DAY = 86_400;

/** Rollup resolutions in seconds, finest first. */
export const ROLLUP_RESOLUTIONS = [FIVE_MINUTES, ONE_HOUR] as const;
export type RollupResolution = (typeof ROLLUP_RESOLUTIONS)[number];

/** How long each table keeps rows, in seconds. */
export const RETENTION_SECONDS = {
  raw: ONE_DAY,
  [FIVE_MINUTES]: 7 * ONE_DAY,
  [ONE_HOUR]: 365 * ONE_DAY,
} as const;

/** Start of the bucket of `resolutionSeconds` containing `ms` (epoch-aligned, UTC). */
export function bucketStart(ms: number, resolutionSeconds: number): number {
  const size = resolutionSeconds * 1000;
  return Math.floor(ms / size) * size;
}

/** Start of the first bucket that begins at or after `ms`. */
export function bucketStartAtOrAfter(ms: number, resolutionSeconds: number): number {
  const size = resolutionSeconds * 1000;
  return Math.ceil(ms / size) * size;
}

/** The oldest rows each table keeps at `nowMs`; older ones are pruned. */
export function pruneCutoffs(nowMs: number): { raw: Date; fiveMinutes: Date; hourly: Date } {
  return {
    raw: new Date(nowMs - RETENTION_SECONDS.raw * 1000),
    fiveMinutes: new Date(nowMs - RETENTION_SECONDS[FIVE_MINUTES] * 1000),
    hourly: new Date(nowMs - RETENTION_SECONDS[ONE_HOUR] * 1000),
  };
}

/**
 * Where a rollup pass starts. Buckets are recomputed whole from their source
 * (5-minute from raw, hourly from 5-minute), so a pass must never start in a
 * bucket whose source rows may already be pruned: that would overwrite a
 * complete bucket with a partial one. `sinceMs` is clamped accordingly and
 * aligned down to each resolution.
 */
export function rollupStarts(sinceMs: number, nowMs: number): { fiveMinutes: Date; hourly: Date } {
  const rawKeptFrom = bucketStartAtOrAfter(nowMs - RETENTION_SECONDS.raw * 1000, FIVE_MINUTES);
  const fiveKeptFrom = bucketStartAtOrAfter(nowMs - RETENTION_SECONDS[FIVE_MINUTES] * 1000, ONE_HOUR);
  return {
    fiveMinutes: new Date(Math.max(bucketStart(sinceMs, FIVE_MINUTES), rawKeptFrom)),
    hourly: new Date(Math.max(bucketStart(sinceMs, ONE_HOUR), fiveKeptFrom)),
  };
}

/** Which table answers a range, and at what step the points come. */
export interface RangePlan {
  range: MetricsRange;
  /** `raw` samples, or rollups of this resolution. */
  source: 'raw' | RollupResolution;
  stepSeconds: number;
  from: Date;
  to: Date;
}

/**
 * hour → raw samples at the collector interval (at least 10 s);
 * day → 5-minute buckets; week → 5-minute buckets merged to 30 minutes;
 * month → hourly buckets; year → hourly buckets merged to days.
 * Every range is at most ~720 points. `from` is aligned down to the step.
 */
export function planRange(range: MetricsRange, nowMs: number, intervalSeconds: number): RangePlan {
  const plans: Record<MetricsRange, { source: RangePlan['source']; stepSeconds: number }> = {
    hour: { source: 'raw', stepSeconds: Math.max(10, intervalSeconds) },
    day: { source: FIVE_MINUTES, stepSeconds: FIVE_MINUTES },
    week: { source: FIVE_MINUTES, stepSeconds: 1800 },
    month: { source: ONE_HOUR, stepSeconds: ONE_HOUR },
    year: { source: ONE_HOUR, stepSeconds: ONE_DAY },
  };
  const { source, stepSeconds } = plans[range];
  const from = bucketStart(nowMs - METRICS_RANGE_SECONDS[range] * 1000, stepSeconds);
  return { range, source, stepSeconds, from: new Date(from), to: new Date(nowMs) };
}
