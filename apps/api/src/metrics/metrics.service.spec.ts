import { METRIC_COLUMNS, type MetricColumn } from './metric-values';
import type { StepRow } from './metrics.store';
import { toSeries } from './metrics.service';

const row = (iso: string, values: Partial<Record<MetricColumn, [number, number]>>): StepRow => {
  const avg = Object.fromEntries(METRIC_COLUMNS.map((c) => [c.column, values[c.column]?.[0] ?? null])) as StepRow['avg'];
  const max = Object.fromEntries(METRIC_COLUMNS.map((c) => [c.column, values[c.column]?.[1] ?? null])) as StepRow['max'];
  return { t: new Date(iso), avg, max };
};

describe('toSeries', () => {
  const rows = [
    row('2026-11-23T10:00:00Z', { cpu_percent: [12.3456, 50.001], memory_used_bytes: [1000.4, 1000.6], load1: [0.4249, 1.006] }),
    row('2026-11-23T10:00:10Z', { memory_used_bytes: [2000, 2000] }),
  ];

  it('makes one series per metric, in order, with its unit; steps without the metric are gaps', () => {
    const series = toSeries(rows, ['cpu', 'memory', 'netRx', 'load']);
    expect(series).toEqual([
      { metric: 'cpu', unit: 'percent', points: [{ t: '2026-11-23T10:00:00.000Z', avg: 12.35, max: 50 }] },
      {
        metric: 'memory',
        unit: 'bytes',
        points: [
          { t: '2026-11-23T10:00:00.000Z', avg: 1000, max: 1001 },
          { t: '2026-11-23T10:00:10.000Z', avg: 2000, max: 2000 },
        ],
      },
      { metric: 'netRx', unit: 'bytesPerSecond', points: [] },
      { metric: 'load', unit: 'load', points: [{ t: '2026-11-23T10:00:00.000Z', avg: 0.42, max: 1.01 }] },
    ]);
  });

  it('never exposes the vCPU weight column as a metric', () => {
    expect(toSeries(rows, ['cpu', 'memory', 'memoryTotal', 'diskRead', 'diskWrite', 'netRx', 'netTx']).map((s) => s.metric)).not.toContain(
      'vcpus',
    );
  });
});
