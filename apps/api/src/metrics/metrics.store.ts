import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { METRIC_COLUMNS, type MetricColumn, type MetricValues } from './metric-values';
import type { MetricScope } from './metric-series.entity';
import { FIVE_MINUTES, ONE_HOUR, pruneCutoffs, type RangePlan, rollupStarts } from './retention';

/** A sample to store: which series, and its values. */
export interface SeriesSample {
  scope: MetricScope;
  networkId: string | null;
  machine: string | null;
  values: MetricValues;
}

/** Whose series a query reads: the host, one machine, or every machine of a network (summed). */
export type SeriesFilter = { scope: 'host' } | { scope: 'machine'; networkId: string; machine?: string };

/** One step of a query answer: average and maximum per column (null: no data for it). */
export interface StepRow {
  t: Date;
  avg: Record<MetricColumn, number | null>;
  max: Record<MetricColumn, number | null>;
}

const COLS = METRIC_COLUMNS.map((c) => c.column);
const EPOCH = `TIMESTAMPTZ 'epoch'`;
const sameSeries = (a: string, b: string) =>
  `${a}.scope = ${b}.scope AND ${a}.network_id IS NOT DISTINCT FROM ${b}.network_id AND ${a}.machine IS NOT DISTINCT FROM ${b}.machine`;

/**
 * Samples: one statement finds or creates each series and inserts its
 * sample (a sample already stored for that series and time is kept).
 */
const INSERT_SAMPLES = `
WITH k AS (
  SELECT * FROM unnest($2::varchar[], $3::uuid[], $4::varchar[], ${COLS.map((_, i) => `$${i + 5}::float8[]`).join(', ')})
    AS k(scope, network_id, machine, ${COLS.join(', ')})
),
d AS (SELECT DISTINCT scope, network_id, machine FROM k),
ins AS (
  INSERT INTO metric_series (scope, network_id, machine) SELECT scope, network_id, machine FROM d
  ON CONFLICT DO NOTHING
  RETURNING id, scope, network_id, machine
),
ser AS (
  SELECT id, scope, network_id, machine FROM ins
  UNION ALL
  SELECT s.id, s.scope, s.network_id, s.machine FROM metric_series s JOIN d ON ${sameSeries('s', 'd')}
)
INSERT INTO metric_samples (series_id, at, ${COLS.join(', ')})
SELECT ser.id, $1, ${COLS.map((c) => `k.${c}`).join(', ')} FROM k JOIN ser ON ${sameSeries('ser', 'k')}
ON CONFLICT (series_id, at) DO NOTHING`;

const ROLLUP_COLUMNS = COLS.flatMap((c) => [`${c}_avg`, `${c}_max`]);
const UPSERT_TAIL = `ON CONFLICT (series_id, resolution, bucket) DO UPDATE SET samples = EXCLUDED.samples, ${ROLLUP_COLUMNS.map(
  (c) => `${c} = EXCLUDED.${c}`,
).join(', ')}`;

/** 5-minute buckets from raw samples: every bucket from $1 on, recomputed whole. */
const ROLLUP_FIVE_MINUTES = `
INSERT INTO metric_rollups (series_id, resolution, bucket, samples, ${ROLLUP_COLUMNS.join(', ')})
SELECT series_id, ${FIVE_MINUTES}, date_bin('${FIVE_MINUTES} seconds', at, ${EPOCH}) AS b, count(*),
  ${COLS.map((c) => `avg(${c}), max(${c})`).join(',\n  ')}
FROM metric_samples WHERE at >= $1
GROUP BY series_id, b
${UPSERT_TAIL}`;

/**
 * A sample-weighted average of `<col>_avg` over rows that have it: exact
 * when buckets are merged, as long as a metric is present in all or none of
 * a bucket's samples (rates are missing only right after a (re)start).
 */
const weightedAvg = (col: string) => `sum(${col}_avg * samples) / NULLIF(sum(samples) FILTER (WHERE ${col}_avg IS NOT NULL), 0)`;

/** Hourly buckets from the 5-minute ones (sample-weighted averages, maxima of maxima). */
const ROLLUP_HOURLY = `
INSERT INTO metric_rollups (series_id, resolution, bucket, samples, ${ROLLUP_COLUMNS.join(', ')})
SELECT series_id, ${ONE_HOUR}, date_bin('${ONE_HOUR} seconds', bucket, ${EPOCH}) AS b, sum(samples),
  ${COLS.map((c) => `${weightedAvg(c)}, max(${c}_max)`).join(',\n  ')}
FROM metric_rollups WHERE resolution = ${FIVE_MINUTES} AND bucket >= $1
GROUP BY series_id, b
${UPSERT_TAIL}`;

function seriesWhere(filter: SeriesFilter, params: unknown[]): string {
  if (filter.scope === 'host') return `scope = 'host'`;
  params.push(filter.networkId);
  let where = `scope = 'machine' AND network_id = $${params.length}`;
  if (filter.machine !== undefined) {
    params.push(filter.machine);
    where += ` AND machine = $${params.length}`;
  }
  return where;
}

/** Combines the series of one step: sums, except cpu (a percent), which is averaged weighted by vCPUs. */
function combine(col: MetricColumn, kind: 'avg' | 'max'): string {
  const c = `${col}_${kind}`;
  if (col !== 'cpu_percent') return `sum(${c}) AS ${c}`;
  const weight = 'COALESCE(vcpus_avg, 1)';
  return `sum(${c} * ${weight}) / NULLIF(sum(${weight}) FILTER (WHERE ${c} IS NOT NULL), 0) AS ${c}`;
}

/** Postgres access of the metrics tables; every statement is plain SQL over constant column lists. */
@Injectable()
export class MetricsStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** (network, machine) of each of these libvirt domains that a machine row names. */
  async machinesByDomain(domainNames: string[]): Promise<Map<string, { networkId: string; machine: string }>> {
    if (domainNames.length === 0) return new Map();
    const rows: { domain_name: string; network_id: string; name: string }[] = await this.db.query(
      'SELECT domain_name, network_id, name FROM machines WHERE domain_name = ANY($1::varchar[])',
      [domainNames],
    );
    return new Map(rows.map((r) => [r.domain_name, { networkId: r.network_id, machine: r.name }]));
  }

  async insertSamples(at: Date, samples: SeriesSample[]): Promise<void> {
    if (samples.length === 0) return;
    const params: unknown[] = [
      at,
      samples.map((s) => s.scope),
      samples.map((s) => s.networkId),
      samples.map((s) => s.machine),
      ...METRIC_COLUMNS.map(({ key }) => samples.map((s) => s.values[key])),
    ];
    await this.db.query(INSERT_SAMPLES, params);
  }

  /**
   * Recomputes the 5-minute buckets from `sinceMs` on from raw samples, then
   * the hourly buckets from the 5-minute ones. Idempotent; never starts in a
   * bucket whose source rows may already be pruned.
   */
  async rollup(sinceMs: number, nowMs = Date.now()): Promise<void> {
    const starts = rollupStarts(sinceMs, nowMs);
    await this.db.query(ROLLUP_FIVE_MINUTES, [starts.fiveMinutes]);
    await this.db.query(ROLLUP_HOURLY, [starts.hourly]);
  }

  /** Deletes rows past their retention; answers how many of each went. */
  async prune(nowMs = Date.now()): Promise<{ raw: number; fiveMinutes: number; hourly: number }> {
    const cut = pruneCutoffs(nowMs);
    const count = async (sql: string, params: unknown[]) => {
      const [, affected] = await this.db.query<[unknown, number]>(sql, params);
      return affected ?? 0;
    };
    return {
      raw: await count('DELETE FROM metric_samples WHERE at < $1', [cut.raw]),
      fiveMinutes: await count(`DELETE FROM metric_rollups WHERE resolution = ${FIVE_MINUTES} AND bucket < $1`, [cut.fiveMinutes]),
      hourly: await count(`DELETE FROM metric_rollups WHERE resolution = ${ONE_HOUR} AND bucket < $1`, [cut.hourly]),
    };
  }

  async machineHasSeries(networkId: string, machine: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM metric_series WHERE scope = 'machine' AND network_id = $1 AND machine = $2 LIMIT 1`,
      [networkId, machine],
    );
    return rows.length > 0;
  }

  /**
   * The steps of a range for the series the filter selects: per series, its
   * rows are merged into steps (sample-weighted average, maximum), then the
   * series are combined per step (see combine).
   */
  async query(plan: RangePlan, filter: SeriesFilter): Promise<StepRow[]> {
    const params: unknown[] = [plan.from, plan.to, plan.stepSeconds];
    const where = seriesWhere(filter, params);
    let source: string;
    if (plan.source === 'raw') {
      source = `SELECT series_id, at AS bucket, 1 AS samples, ${COLS.map((c) => `${c} AS ${c}_avg, ${c} AS ${c}_max`).join(', ')}
        FROM metric_samples WHERE at >= $1 AND at <= $2`;
    } else {
      params.push(plan.source);
      source = `SELECT series_id, bucket, samples, ${ROLLUP_COLUMNS.join(', ')}
        FROM metric_rollups WHERE resolution = $${params.length} AND bucket >= $1 AND bucket <= $2`;
    }
    const sql = `
WITH src AS (${source} AND series_id IN (SELECT id FROM metric_series WHERE ${where})),
per AS (
  SELECT series_id, date_bin($3::int * INTERVAL '1 second', bucket, ${EPOCH}) AS t,
    ${COLS.map((c) => `${weightedAvg(c)} AS ${c}_avg, max(${c}_max) AS ${c}_max`).join(',\n    ')}
  FROM src GROUP BY series_id, t
)
SELECT t, ${COLS.flatMap((c) => [combine(c, 'avg'), combine(c, 'max')]).join(', ')}
FROM per GROUP BY t ORDER BY t`;
    const rows: Record<string, unknown>[] = await this.db.query(sql, params);
    return rows.map((r) => {
      const pick = (kind: 'avg' | 'max') =>
        Object.fromEntries(COLS.map((c) => [c, r[`${c}_${kind}`] === null ? null : Number(r[`${c}_${kind}`])])) as Record<
          MetricColumn,
          number | null
        >;
      return { t: r['t'] as Date, avg: pick('avg'), max: pick('max') };
    });
  }
}
