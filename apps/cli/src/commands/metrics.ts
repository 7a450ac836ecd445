import { isMetricsRange, type MetricsRange, type MetricUnit } from '@clan/contracts';
import type { CliContext } from '../app/context';
import { UsageError } from '../lib/errors';
import { formatTimestamp, table } from '../lib/format';
import type { Metrics } from '../lib/api';
import { parseMachineRef } from '../lib/refs';
import { resolveNetwork } from './network';

export interface MetricsOptions {
  host?: boolean;
  range?: string;
}

const LABELS: Record<string, string> = {
  cpu: 'cpu',
  memory: 'memory used',
  memoryTotal: 'memory total',
  diskRead: 'disk read',
  diskWrite: 'disk write',
  netRx: 'net in',
  netTx: 'net out',
  load: 'load (1 min)',
};

const RANGE_TEXT: Record<MetricsRange, string> = {
  hour: 'last hour',
  day: 'last day',
  week: 'last week',
  month: 'last 30 days',
  year: 'last year',
};

/** "930 KiB", "1.4 GiB"; whole bytes below 1 KiB. */
function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const text = i === 0 ? String(Math.round(v)) : v < 10 ? v.toFixed(1) : String(Math.round(v));
  return `${n < 0 ? '-' : ''}${text} ${units[i]}`;
}

/** A value in its unit: "12.5 %", "1.4 GiB", "930 KiB/s", "0.42". */
export function formatMetric(value: number, unit: MetricUnit): string {
  switch (unit) {
    case 'percent':
      return `${value.toFixed(1)} %`;
    case 'bytes':
      return bytes(value);
    case 'bytesPerSecond':
      return `${bytes(value)}/s`;
    case 'load':
      return value.toFixed(2);
  }
}

const BARS = '▁▂▃▄▅▆▇█';

/**
 * A sparkline of `width` cells over [from, to]: each cell is the mean of the
 * points that fall in it, scaled from 0 to the largest cell; a cell without
 * points is a space (a gap, e.g. while the VM was off).
 */
export function sparkline(points: readonly { t: string; avg: number }[], from: string, to: string, width = 24): string {
  const start = Date.parse(from);
  const span = Math.max(1, Date.parse(to) - start);
  const sums = new Array<number>(width).fill(0);
  const counts = new Array<number>(width).fill(0);
  for (const p of points) {
    const i = Math.min(width - 1, Math.max(0, Math.floor(((Date.parse(p.t) - start) / span) * width)));
    sums[i] += p.avg;
    counts[i]++;
  }
  const cells = sums.map((s, i) => (counts[i] ? s / counts[i] : null));
  const top = Math.max(0, ...cells.map((c) => c ?? 0));
  return cells
    .map((c) => {
      if (c === null) return ' ';
      if (top <= 0) return BARS[0];
      return BARS[Math.min(BARS.length - 1, Math.max(0, Math.round((c / top) * (BARS.length - 1))))];
    })
    .join('')
    .trimEnd();
}

/** One row per metric: the newest value, the average and maximum over the range, and a sparkline. */
export function renderMetrics(title: string, m: Metrics): string {
  const rows = m.series.map((s) => {
    const last = s.points[s.points.length - 1];
    const avg = s.points.length ? s.points.reduce((a, p) => a + p.avg, 0) / s.points.length : null;
    const max = s.points.length ? Math.max(...s.points.map((p) => p.max)) : null;
    const show = (v: number | null) => (v === null ? '—' : formatMetric(v, s.unit));
    return {
      metric: LABELS[s.metric] ?? s.metric,
      now: show(last ? last.avg : null),
      avg: show(avg),
      max: show(max),
      trend: sparkline(s.points, m.from, m.to),
    };
  });
  const head = `${title} · ${RANGE_TEXT[m.range]} (${formatTimestamp(m.from)} → ${formatTimestamp(m.to)}, ${m.stepSeconds} s steps)`;
  const body = table(rows, [
    { header: 'metric', value: (r) => r.metric },
    { header: 'latest', value: (r) => r.now, align: 'right' },
    { header: 'avg', value: (r) => r.avg, align: 'right' },
    { header: 'max', value: (r) => r.max, align: 'right' },
    { header: 'trend', value: (r) => r.trend },
  ]);
  const empty = m.series.every((s) => s.points.length === 0)
    ? '\nNo samples in this range yet (the panel samples every few seconds while it runs).'
    : '';
  return `${head}\n${body}${empty}`;
}

/** `clanctl metrics [--host | <network>[/<machine>]] [--range …]` */
export async function metricsCommand(ctx: CliContext, target: string | undefined, options: MetricsOptions): Promise<void> {
  const range = options.range ?? 'hour';
  if (!isMetricsRange(range)) throw new UsageError(`--range must be one of hour, day, week, month, year (got "${range}")`);
  if (options.host && target) throw new UsageError('give either --host or <network>[/<machine>], not both');
  if (!options.host && !target) throw new UsageError('say whose metrics: --host, <network> or <network>/<machine>');
  const api = ctx.api();
  const metrics = api.metrics;
  let title: string;
  let answer: Metrics;
  if (options.host) {
    title = 'host';
    answer = await metrics.host(range);
  } else if (target?.includes('/')) {
    const ref = parseMachineRef(target);
    const network = await resolveNetwork(api, ref.network);
    title = `${network.name}/${ref.machine}`;
    answer = await metrics.machine(network.id, ref.machine, range);
  } else {
    const network = await resolveNetwork(api, target as string);
    title = `${network.name} (all machines)`;
    answer = await metrics.network(network.id, range);
  }
  ctx.print(answer, () => renderMetrics(title, answer));
}
