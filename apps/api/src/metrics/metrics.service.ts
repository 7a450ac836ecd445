import { METRIC_UNIT, type MetricName, type MetricsRange } from '@clan/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { machineNotFound } from '../configs/machines.service';
import { networkNotFound } from '../networks/networks.service';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import type { MetricPointDto, MetricSeriesDto, MetricsDto } from './dto/metrics.dto';
import { METRIC_COLUMNS, METRIC_OF_COLUMN } from './metric-values';
import { MetricsStore, type SeriesFilter, type StepRow } from './metrics.store';
import { planRange } from './retention';

const HOST_METRICS: readonly MetricName[] = ['cpu', 'memory', 'memoryTotal', 'diskRead', 'diskWrite', 'netRx', 'netTx', 'load'];
const MACHINE_METRICS: readonly MetricName[] = HOST_METRICS.filter((m) => m !== 'load');

/** Percentages and loads keep two decimals; bytes and rates are whole numbers. */
function rounded(metric: MetricName, v: number): number {
  const unit = METRIC_UNIT[metric];
  return unit === 'percent' || unit === 'load' ? Math.round(v * 100) / 100 : Math.round(v);
}

/** Turns step rows into one series per metric, leaving out steps without that metric. */
export function toSeries(rows: StepRow[], metrics: readonly MetricName[]): MetricSeriesDto[] {
  return metrics.map((metric) => {
    const column = METRIC_COLUMNS.find((c) => METRIC_OF_COLUMN[c.column] === metric)?.column;
    const points: MetricPointDto[] = [];
    for (const row of rows) {
      const avg = column ? row.avg[column] : null;
      const max = column ? row.max[column] : null;
      if (avg === null || max === null) continue;
      points.push({ t: row.t.toISOString(), avg: rounded(metric, avg), max: rounded(metric, max) });
    }
    return { metric, unit: METRIC_UNIT[metric], points };
  });
}

/** Answers the metrics routes from the stored samples and rollups. */
@Injectable()
export class MetricsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly store: MetricsStore,
  ) {}

  host(range: MetricsRange): Promise<MetricsDto> {
    return this.answer(range, { scope: 'host' }, HOST_METRICS);
  }

  async network(networkId: string, range: MetricsRange): Promise<MetricsDto> {
    const found: unknown[] = await this.db.query('SELECT 1 FROM networks WHERE id = $1', [networkId]);
    if (found.length === 0) throw networkNotFound(networkId);
    return this.answer(range, { scope: 'machine', networkId }, MACHINE_METRICS);
  }

  /** A machine is known when the panel has a row for it or metrics of it (a removed machine's history stays readable). */
  async machine(networkId: string, machine: string, range: MetricsRange): Promise<MetricsDto> {
    const found: unknown[] = await this.db.query('SELECT 1 FROM machines WHERE network_id = $1 AND name = $2', [networkId, machine]);
    if (found.length === 0 && !(await this.store.machineHasSeries(networkId, machine))) {
      const network: unknown[] = await this.db.query('SELECT 1 FROM networks WHERE id = $1', [networkId]);
      throw network.length === 0 ? networkNotFound(networkId) : machineNotFound(machine);
    }
    return this.answer(range, { scope: 'machine', networkId, machine }, MACHINE_METRICS);
  }

  private async answer(range: MetricsRange, filter: SeriesFilter, metrics: readonly MetricName[]): Promise<MetricsDto> {
    const plan = planRange(range, Date.now(), this.config.metricsIntervalSeconds);
    const rows = await this.store.query(plan, filter);
    return {
      range,
      stepSeconds: plan.stepSeconds,
      from: plan.from.toISOString(),
      to: plan.to.toISOString(),
      series: toSeries(rows, metrics),
    };
  }
}
