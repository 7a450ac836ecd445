import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import {
  METRIC_UNIT,
  METRICS_RANGE_SECONDS,
  isMetricsRange,
  type MetricName,
  type MetricsRange,
  type MetricsResponse,
} from '@clan/contracts';
import { describeError, type ErrorView } from '../../core/api/errors';
import { ErrorBox } from '../error-box';
import { LineChart, type ChartSeries } from './line-chart';

export interface MetricChartSpec {
  key: string;
  title: string;
  /** Metrics drawn together; they share the first one's unit. */
  series: { metric: MetricName; label: string; band?: boolean }[];
}

/** The four charts every machine, network and the host has. */
export const VM_CHARTS: readonly MetricChartSpec[] = [
  { key: 'cpu', title: 'CPU', series: [{ metric: 'cpu', label: 'CPU' }] },
  {
    key: 'memory',
    title: 'Memory',
    series: [
      { metric: 'memory', label: 'used' },
      { metric: 'memoryTotal', label: 'total', band: false },
    ],
  },
  {
    key: 'disk',
    title: 'Disk I/O',
    series: [
      { metric: 'diskRead', label: 'read' },
      { metric: 'diskWrite', label: 'write' },
    ],
  },
  {
    key: 'net',
    title: 'Network I/O',
    series: [
      { metric: 'netRx', label: 'in' },
      { metric: 'netTx', label: 'out' },
    ],
  },
];

export const HOST_CHARTS: readonly MetricChartSpec[] = [
  VM_CHARTS[0],
  { key: 'load', title: 'Load average (1 min)', series: [{ metric: 'load', label: 'load' }] },
  ...VM_CHARTS.slice(1),
];

export const RANGE_LABEL: Readonly<Record<MetricsRange, string>> = {
  hour: 'Hour',
  day: 'Day',
  week: 'Week',
  month: 'Month',
  year: 'Year',
};

const RANGE_KEY = 'clan.metrics.range';
/** How often the shown range is fetched again: about every few points. */
const REFRESH_MS: Readonly<Record<MetricsRange, number>> = {
  hour: 30_000,
  day: 5 * 60_000,
  week: 15 * 60_000,
  month: 60 * 60_000,
  year: 60 * 60_000,
};

/** Turns one answer of a metrics route into the series a chart draws. */
export function chartSeries(response: MetricsResponse | null, spec: MetricChartSpec): ChartSeries[] {
  return spec.series.map((s) => {
    const found = response?.series.find((r) => r.metric === s.metric);
    return {
      key: s.metric,
      label: s.label,
      band: s.band,
      points: (found?.points ?? []).map((p) => ({ t: Date.parse(p.t), avg: p.avg, max: p.max })),
    };
  });
}

/** A panel of charts over one range (hour/day/week/month), loaded through `load` and kept fresh. */
@Component({
  selector: 'clan-metrics-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'block' },
  imports: [LineChart, ErrorBox],
  template: `
    <section class="panel" [attr.aria-labelledby]="testId() + '-title'" [attr.data-testid]="testId()">
      <h2 class="panel-header" [id]="testId() + '-title'">
        {{ heading() }}
        <span class="panel-header-actions">
          <span class="segmented" role="group" aria-label="Time range">
            @for (r of ranges(); track r) {
              <button
                type="button"
                class="btn btn-small"
                [attr.aria-pressed]="range() === r"
                [attr.data-testid]="'metrics-range-' + r"
                (click)="pick(r)"
              >
                {{ rangeLabel[r] }}
              </button>
            }
          </span>
        </span>
      </h2>
      <clan-error [error]="error()" />
      @if (note()) {
        <p class="muted small">{{ note() }}</p>
      }
      <div class="chart-grid-layout" [attr.aria-busy]="loading()">
        @for (c of charts(); track c.key) {
          <clan-chart
            [heading]="c.title"
            [unit]="unitOf(c)"
            [series]="seriesOf(c)"
            [from]="window().from"
            [to]="window().to"
            [stepSeconds]="data()?.stepSeconds ?? 10"
            [emptyText]="loading() && !data() ? 'Loading…' : emptyText()"
            [testId]="'chart-' + c.key"
          />
        }
      </div>
    </section>
  `,
})
export class MetricsPanel {
  readonly heading = input('Metrics');
  readonly charts = input.required<readonly MetricChartSpec[]>();
  /** Fetches one range; a new function (another machine) loads again. */
  readonly load = input.required<(range: MetricsRange) => Promise<MetricsResponse>>();
  readonly ranges = input<readonly MetricsRange[]>(['hour', 'day', 'week', 'month']);
  readonly emptyText = input('No data for this period yet.');
  readonly note = input('');
  readonly testId = input('metrics');

  protected readonly rangeLabel = RANGE_LABEL;
  private readonly storage = inject(DOCUMENT).defaultView?.localStorage;
  protected readonly range = signal<MetricsRange>(this.storedRange());
  protected readonly data = signal<MetricsResponse | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  private readonly series = computed(() => {
    const data = this.data();
    return new Map(this.charts().map((c) => [c.key, chartSeries(data, c)]));
  });
  /** The answer's window, or the last `range` ending now until one arrives. */
  protected readonly window = computed(() => {
    const data = this.data();
    if (data) return { from: Date.parse(data.from), to: Date.parse(data.to) };
    const to = Date.now();
    return { from: to - METRICS_RANGE_SECONDS[this.range()] * 1000, to };
  });

  constructor() {
    let timer: ReturnType<typeof setInterval> | null = null;
    let generation = 0;
    effect(() => {
      const load = this.load();
      const range = this.range();
      untracked(() => {
        const mine = ++generation;
        const fetch = async (first: boolean) => {
          if (first) {
            this.loading.set(true);
            this.data.set(null);
          }
          try {
            const answer = await load(range);
            if (mine !== generation) return;
            this.data.set(answer);
            this.error.set(null);
          } catch (error) {
            if (mine === generation) this.error.set(describeError(error));
          } finally {
            if (mine === generation) this.loading.set(false);
          }
        };
        void fetch(true);
        if (timer !== null) clearInterval(timer);
        timer = setInterval(() => void fetch(false), REFRESH_MS[range]);
      });
    });
    inject(DestroyRef).onDestroy(() => {
      generation++;
      if (timer !== null) clearInterval(timer);
    });
  }

  protected unitOf(spec: MetricChartSpec) {
    return METRIC_UNIT[spec.series[0].metric];
  }

  protected seriesOf(spec: MetricChartSpec): ChartSeries[] {
    return this.series().get(spec.key) ?? [];
  }

  protected pick(range: MetricsRange): void {
    this.range.set(range);
    try {
      this.storage?.setItem(RANGE_KEY, range);
    } catch {
      // storage disabled: the choice lasts for this page
    }
  }

  private storedRange(): MetricsRange {
    try {
      const stored = this.storage?.getItem(RANGE_KEY);
      if (isMetricsRange(stored)) return stored;
    } catch {
      // fall through
    }
    return 'hour';
  }
}
