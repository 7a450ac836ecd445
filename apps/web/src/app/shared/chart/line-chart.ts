import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  InjectionToken,
  ViewEncapsulation,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import type { MetricUnit } from '@clan/contracts';
import type uPlot from 'uplot';
import { alignedData, formatTick, formatTime, formatValue, nearestIndex, timeTicks, valueScale, type ChartPoint } from './chart-math';

export interface ChartSeries {
  key: string;
  label: string;
  /** Oldest first; steps without data are simply missing (drawn as a gap). */
  points: ChartPoint[];
  /** Draw the max band above the average line (off for a constant such as "total memory"). */
  band?: boolean;
}

/** Loads uPlot's constructor; a lazy chunk, fetched when the first chart draws. Tests provide a fake. */
export const UPLOT_LOADER = new InjectionToken<() => Promise<typeof uPlot>>('UPLOT_LOADER', {
  providedIn: 'root',
  factory: () => () => import('uplot').then((m) => m.default),
});

const HEIGHT = 150;
const AXIS_LEFT = 64;
const AXIS_BOTTOM = 22;
const DEFAULT_WIDTH = 520;
const FONT = '10.5px system-ui, sans-serif';

/** Colours the theme gives the chart (read from CSS variables, so light and dark follow the page). */
interface Palette {
  series: string[];
  axis: string;
  grid: string;
}

/** `rgb(1, 2, 3)` → `rgba(1, 2, 3, 0.16)`; other colour syntaxes are kept as they are. */
function translucent(color: string, alpha: number): string {
  const match = /^rgba?\(([^)]+)\)$/.exec(color.trim());
  if (!match) return color;
  const [r, g, b] = match[1].split(/[\s,/]+/);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/**
 * A time chart drawn by uPlot (loaded on first use, with its CSS): per series an
 * average line and a band up to the maximum, a 0-based value axis with round
 * ticks in the metric's unit, a local-time axis, a hover/keyboard cursor with a
 * tooltip, and an empty state. Sizes itself to its container's width; colours
 * come from the theme's CSS variables and follow a light/dark switch.
 */
@Component({
  selector: 'clan-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  styleUrl: '../../../../../../node_modules/uplot/dist/uPlot.min.css',
  host: { class: 'chart', '[attr.data-testid]': 'testId()' },
  template: `
    <div class="chart-head">
      <h3 class="chart-title">{{ heading() }}</h3>
      <ul class="chart-legend">
        @for (s of series(); track s.key; let i = $index) {
          <li [class]="'chart-c' + (i % 4)">
            <span class="chart-swatch" aria-hidden="true"></span>{{ s.label }}
            <span class="muted">{{ latest()[i] }}</span>
          </li>
        }
      </ul>
    </div>
    @if (empty()) {
      <div class="chart-empty" [style.height.px]="height" data-testid="chart-empty">{{ emptyText() }}</div>
    } @else {
      <div
        class="chart-plot"
        #plot
        role="img"
        tabindex="0"
        [style.height.px]="height"
        [attr.aria-label]="summary()"
        (blur)="moveCursor(-1)"
        (keydown)="key($event)"
        data-testid="chart-plot"
      >
        <span class="chart-probe" aria-hidden="true"></span>
        @if (tip(); as tip) {
          <div class="chart-tip" role="status" [style.left.px]="tip.left" data-testid="chart-tooltip">
            <div class="chart-tip-time">{{ tip.time }}</div>
            @for (row of tip.rows; track row.key) {
              <div [class]="'chart-c' + row.color">
                <span class="chart-swatch" aria-hidden="true"></span>{{ row.label }}: <strong>{{ row.avg }}</strong>
                @if (row.showMax) {
                  <span class="muted">max {{ row.max }}</span>
                }
              </div>
            }
          </div>
        }
      </div>
    }
  `,
})
export class LineChart {
  readonly heading = input.required<string>();
  readonly unit = input.required<MetricUnit>();
  readonly series = input.required<ChartSeries[]>();
  /** The window shown, epoch ms (the API's `from`/`to`). */
  readonly from = input.required<number>();
  readonly to = input.required<number>();
  readonly stepSeconds = input(10);
  readonly emptyText = input('No data for this period yet.');
  readonly testId = input<string | null>(null);

  protected readonly height = HEIGHT;
  private readonly width = signal(DEFAULT_WIDTH);
  /** Index into `times()` of the value under the cursor, or -1. */
  private readonly cursor = signal(-1);
  private readonly plotRef = viewChild<ElementRef<HTMLElement>>('plot');
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly loadUPlot = inject(UPLOT_LOADER);
  private chart: uPlot | null = null;
  private palette: Palette = { series: ['#2f6fde', '#b3591a', '#7a3fb8', '#1c7a6e'], axis: '#68707c', grid: '#d3d8df' };

  protected readonly empty = computed(() => this.series().every((s) => s.points.length === 0));
  private readonly scale = computed(() => {
    const dataMax = Math.max(0, ...this.series().flatMap((s) => s.points.map((p) => Math.max(p.max, p.avg))));
    return valueScale(dataMax, this.unit());
  });
  private readonly data = computed(() => alignedData(this.series(), this.stepSeconds() * 1000));
  /** Every timestamp any series has, oldest first: the cursor moves over these. */
  private readonly times = computed(() => [...new Set(this.series().flatMap((s) => s.points.map((p) => p.t)))].sort((a, b) => a - b));
  protected readonly latest = computed(() =>
    this.series().map((s) => {
      const last = s.points[s.points.length - 1];
      return last ? formatValue(last.avg, this.unit()) : '';
    }),
  );
  protected readonly summary = computed(() => {
    const unit = this.unit();
    const parts = this.series().map((s) => {
      if (!s.points.length) return `${s.label}: no data`;
      const avg = s.points.reduce((sum, p) => sum + p.avg, 0) / s.points.length;
      const peak = Math.max(...s.points.map((p) => p.max));
      return `${s.label}: average ${formatValue(avg, unit)}, peak ${formatValue(peak, unit)}`;
    });
    return `${this.heading()}. ${parts.join('; ')}. Use the arrow keys to read values.`;
  });
  protected readonly tip = computed(() => {
    const index = this.cursor();
    const times = this.times();
    if (index < 0 || index >= times.length) return null;
    const t = times[index];
    const stepMs = this.stepSeconds() * 1000;
    const rows = this.series().flatMap((s, i) => {
      const p = s.points[nearestIndex(s.points, t)];
      if (!p || Math.abs(p.t - t) > stepMs / 2) return [];
      const showMax = s.band !== false && p.max !== p.avg;
      return [
        { key: s.key, label: s.label, color: i % 4, avg: formatValue(p.avg, this.unit()), max: formatValue(p.max, this.unit()), showMax },
      ];
    });
    const plotWidth = Math.max(40, this.width() - AXIS_LEFT);
    const span = this.to() - this.from();
    const x = span > 0 ? ((t - this.from()) / span) * plotWidth : 0;
    // Keep the tooltip inside the chart: right of the cursor, or left of it near the right edge.
    const left = AXIS_LEFT + x + (x > plotWidth * 0.6 ? -190 : 12);
    return { rows, left: Math.max(0, left), time: formatTime(t) };
  });

  constructor() {
    const destroyRef = inject(DestroyRef);
    destroyRef.onDestroy(() => this.destroyChart());
    afterNextRender(() => {
      const el = this.host.nativeElement;
      const measure = () => {
        const w = Math.floor(el.clientWidth);
        if (w > 0 && w !== this.width()) {
          this.width.set(w);
          this.chart?.setSize({ width: w, height: HEIGHT });
        }
      };
      measure();
      if (typeof ResizeObserver !== 'undefined') {
        const observer = new ResizeObserver(measure);
        observer.observe(el);
        destroyRef.onDestroy(() => observer.disconnect());
      }
      // Light/dark: the page switches `data-theme` on <html> or follows the system.
      const retheme = () => {
        this.readPalette();
        this.chart?.redraw(false);
      };
      const themeObserver = typeof MutationObserver !== 'undefined' ? new MutationObserver(retheme) : null;
      themeObserver?.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class'] });
      const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
      media?.addEventListener('change', retheme);
      destroyRef.onDestroy(() => {
        themeObserver?.disconnect();
        media?.removeEventListener('change', retheme);
      });
    });
    // (Re)draw when the data or the plot element changes; uPlot itself is loaded on first use.
    effect(() => {
      const target = this.plotRef()?.nativeElement;
      const data = this.data();
      this.scale();
      this.from();
      this.to();
      this.unit();
      if (!target) {
        this.destroyChart();
        return;
      }
      // Without uPlot (it failed to load) the legend, summary and keyboard tooltip still work.
      this.draw(target, data).catch(() => this.destroyChart());
    });
  }

  private destroyChart(): void {
    this.chart?.destroy();
    this.chart = null;
  }

  private readPalette(): void {
    const probe = this.plotRef()?.nativeElement.querySelector<HTMLElement>('.chart-probe');
    const swatches = this.host.nativeElement.querySelectorAll<HTMLElement>('.chart-legend .chart-swatch');
    if (!probe || typeof getComputedStyle !== 'function') return;
    const style = getComputedStyle(probe);
    const series = Array.from(swatches, (s) => getComputedStyle(s).backgroundColor).filter(Boolean);
    this.palette = {
      series: series.length ? series : this.palette.series,
      axis: style.color || this.palette.axis,
      grid: style.borderTopColor || this.palette.grid,
    };
  }

  private async draw(target: HTMLElement, data: ReturnType<LineChart['data']>): Promise<void> {
    const UPlot = await this.loadUPlot();
    if (this.plotRef()?.nativeElement !== target || this.data() !== data) return; // superseded while loading
    this.readPalette();
    const columns: (number | null)[][] = [data.times];
    const series: uPlot.Series[] = [{}];
    const bands: uPlot.Band[] = [];
    this.series().forEach((s, i) => {
      const color = () => this.palette.series[i % this.palette.series.length] ?? this.palette.axis;
      const column = data.columns[i];
      columns.push(column.avg);
      series.push({ label: s.label, stroke: color, width: 1.5, points: { show: false }, spanGaps: false });
      const avgIndex = columns.length - 1;
      if (column.max) {
        columns.push(column.max);
        series.push({ label: `${s.label} max`, stroke: 'transparent', width: 0, points: { show: false }, spanGaps: false });
        bands.push({ series: [columns.length - 1, avgIndex], fill: () => translucent(color(), 0.16) });
      }
    });
    const axis = (): Partial<uPlot.Axis> => ({
      stroke: () => this.palette.axis,
      font: FONT,
      grid: { stroke: () => this.palette.grid, width: 1 },
      ticks: { show: false },
    });
    const ticks = this.scale().ticks;
    const options: uPlot.Options = {
      width: this.width(),
      height: HEIGHT,
      legend: { show: false },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      cursor: { y: false, drag: { x: false, y: false }, points: { show: false } },
      scales: {
        x: { time: false, range: () => [this.from(), this.to()] },
        y: { range: () => [0, this.scale().max] },
      },
      axes: [
        {
          ...axis(),
          size: AXIS_BOTTOM,
          splits: (u) => timeTicks(this.from(), this.to(), Math.max(2, Math.floor(u.bbox.width / devicePixelRatio / 80))).ticks,
          values: (u, splits) => {
            const { step } = timeTicks(this.from(), this.to(), Math.max(2, Math.floor(u.bbox.width / devicePixelRatio / 80)));
            return splits.map((t) => formatTick(t, step));
          },
        },
        { ...axis(), size: AXIS_LEFT, splits: () => ticks, values: (_u, splits) => splits.map((v) => formatValue(v, this.unit())) },
      ],
      series,
      bands,
      hooks: {
        setCursor: [
          (u) => {
            const idx = u.cursor.idx;
            const t = idx === null || idx === undefined ? undefined : u.data[0][idx];
            this.cursor.set(t === undefined ? -1 : this.times().indexOf(t));
          },
        ],
      },
    };
    this.destroyChart();
    try {
      this.chart = new UPlot(options, columns as uPlot.AlignedData, target);
    } catch {
      this.chart = null; // no canvas (a test DOM): the legend, summary and keyboard tooltip still work
    }
  }

  /** Moves the cursor to the `index`-th time (or hides it with -1), for uPlot's crosshair and our tooltip. */
  protected moveCursor(index: number): void {
    this.cursor.set(index);
    const chart = this.chart;
    if (!chart) return;
    const t = this.times()[index];
    if (t === undefined) chart.setCursor({ left: -10, top: -10 }, false);
    else chart.setCursor({ left: chart.valToPos(t, 'x'), top: 10 }, false);
  }

  protected key(event: KeyboardEvent): void {
    const last = this.times().length - 1;
    if (last < 0) return;
    const current = this.cursor();
    const moves: Record<string, number> = {
      ArrowLeft: current < 0 ? last : Math.max(0, current - 1),
      ArrowRight: current < 0 ? last : Math.min(last, current + 1),
      Home: 0,
      End: last,
    };
    if (event.key in moves) {
      event.preventDefault();
      this.moveCursor(moves[event.key]);
    } else if (event.key === 'Escape') {
      this.moveCursor(-1);
    }
  }
}
