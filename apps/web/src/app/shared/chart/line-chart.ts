import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import type { MetricUnit } from '@clan/contracts';
import {
  bandPath,
  formatTick,
  formatTime,
  formatValue,
  linePath,
  nearestIndex,
  timeTicks,
  valueScale,
  xOf,
  yOf,
  type ChartPoint,
  type Plot,
} from './chart-math';

export interface ChartSeries {
  key: string;
  label: string;
  /** Oldest first; steps without data are simply missing (drawn as a gap). */
  points: ChartPoint[];
  /** Draw the max band above the average line (off for a constant such as "total memory"). */
  band?: boolean;
}

const HEIGHT = 150;
const MARGIN = { top: 8, right: 12, bottom: 22, left: 64 };
const DEFAULT_WIDTH = 520;

/**
 * A dependency-free SVG time chart: per series an average line and a band up
 * to the maximum, a 0-based value axis with round ticks in the metric's unit,
 * a local-time axis, a hover/keyboard cursor with a tooltip, and an empty
 * state. Sizes itself to its container's width.
 */
@Component({
  selector: 'clan-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
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
      <div class="chart-plot">
        <svg
          [attr.viewBox]="'0 0 ' + width() + ' ' + height"
          [attr.width]="width()"
          [attr.height]="height"
          role="img"
          tabindex="0"
          [attr.aria-label]="summary()"
          (pointermove)="hover($event)"
          (pointerleave)="cursor.set(-1)"
          (blur)="cursor.set(-1)"
          (keydown)="key($event)"
        >
          <g [attr.transform]="'translate(' + margin.left + ',' + margin.top + ')'">
            @for (tick of yTicks(); track tick.value) {
              <line class="chart-grid" x1="0" [attr.x2]="plot().width" [attr.y1]="tick.y" [attr.y2]="tick.y" />
              <text class="chart-axis" x="-6" [attr.y]="tick.y" text-anchor="end" dominant-baseline="middle">{{ tick.label }}</text>
            }
            @for (tick of xTicks(); track tick.t) {
              <line class="chart-grid chart-grid-x" [attr.x1]="tick.x" [attr.x2]="tick.x" y1="0" [attr.y2]="plot().height" />
              <text class="chart-axis" [attr.x]="tick.x" [attr.y]="plot().height + 15" text-anchor="middle">{{ tick.label }}</text>
            }
            @for (p of paths(); track p.key; let i = $index) {
              <g [class]="'chart-c' + (i % 4)">
                @if (p.band) {
                  <path class="chart-band" [attr.d]="p.band" />
                }
                <path class="chart-line" [attr.d]="p.line" />
              </g>
            }
            @if (tip(); as tip) {
              <line class="chart-cursor" [attr.x1]="tip.x" [attr.x2]="tip.x" y1="0" [attr.y2]="plot().height" />
              @for (row of tip.rows; track row.key) {
                <circle [class]="'chart-dot chart-c' + row.color" [attr.cx]="tip.x" [attr.cy]="row.y" r="3" />
              }
            }
          </g>
        </svg>
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
  protected readonly margin = MARGIN;
  protected readonly width = signal(DEFAULT_WIDTH);
  protected readonly cursor = signal(-1);

  protected readonly empty = computed(() => this.series().every((s) => s.points.length === 0));
  protected readonly plot = computed<Plot>(() => {
    const dataMax = Math.max(0, ...this.series().flatMap((s) => s.points.map((p) => Math.max(p.max, p.avg))));
    return {
      width: Math.max(40, this.width() - MARGIN.left - MARGIN.right),
      height: HEIGHT - MARGIN.top - MARGIN.bottom,
      from: this.from(),
      to: this.to(),
      yMax: valueScale(dataMax, this.unit()).max,
    };
  });
  protected readonly yTicks = computed(() => {
    const plot = this.plot();
    const dataMax = plot.yMax;
    return valueScale(dataMax, this.unit()).ticks.map((value) => ({ value, y: yOf(value, plot), label: formatValue(value, this.unit()) }));
  });
  protected readonly xTicks = computed(() => {
    const plot = this.plot();
    const { ticks, step } = timeTicks(plot.from, plot.to, Math.max(2, Math.floor(plot.width / 80)));
    return ticks.map((t) => ({ t, x: xOf(t, plot), label: formatTick(t, step) }));
  });
  protected readonly paths = computed(() => {
    const plot = this.plot();
    const stepMs = this.stepSeconds() * 1000;
    return this.series().map((s) => ({
      key: s.key,
      line: linePath(s.points, stepMs, plot),
      band: s.band === false ? '' : bandPath(s.points, stepMs, plot),
    }));
  });
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
    const plot = this.plot();
    const stepMs = this.stepSeconds() * 1000;
    const x = xOf(t, plot);
    const rows = this.series().flatMap((s, i) => {
      const p = s.points[nearestIndex(s.points, t)];
      if (!p || Math.abs(p.t - t) > stepMs / 2) return [];
      return [
        {
          key: s.key,
          label: s.label,
          color: i % 4,
          y: yOf(p.avg, plot),
          avg: formatValue(p.avg, this.unit()),
          max: formatValue(p.max, this.unit()),
          showMax: s.band !== false && p.max !== p.avg,
        },
      ];
    });
    // Keep the tooltip inside the chart: right of the cursor, or left of it near the right edge.
    const left = MARGIN.left + x + (x > plot.width * 0.6 ? -190 : 12);
    return { x, rows, left: Math.max(0, left), time: formatTime(t) };
  });

  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  constructor() {
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      const el = this.host.nativeElement;
      const measure = () => {
        const w = Math.floor(el.clientWidth);
        if (w > 0) this.width.set(w);
      };
      measure();
      if (typeof ResizeObserver === 'undefined') return;
      const observer = new ResizeObserver(measure);
      observer.observe(el);
      destroyRef.onDestroy(() => observer.disconnect());
    });
  }

  protected hover(event: PointerEvent): void {
    const svg = event.currentTarget as SVGSVGElement;
    const box = svg.getBoundingClientRect();
    const plot = this.plot();
    const x = event.clientX - box.left - MARGIN.left;
    const t = plot.from + (x / plot.width) * (plot.to - plot.from);
    this.cursor.set(
      nearestIndex(
        this.times().map((time) => ({ t: time })),
        t,
      ),
    );
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
      this.cursor.set(moves[event.key]);
    } else if (event.key === 'Escape') {
      this.cursor.set(-1);
    }
  }
}
