/**
 * The arithmetic behind <clan-chart>: value scales with round ticks, time
 * ticks, units in words, series aligned for uPlot with gaps. Pure functions,
 * unit-tested (chart-math.spec.ts); uPlot draws, the component wires them up.
 */
import type { MetricUnit } from '@clan/contracts';

export interface ChartPoint {
  /** Start of the step, epoch milliseconds. */
  t: number;
  avg: number;
  max: number;
}

export interface ValueScale {
  /** Top of the axis (the bottom is always 0: every metric is ≥ 0). */
  max: number;
  ticks: number[];
}

const KIB = 1024;
const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** The smallest of 1, 2, 2.5, 5 × 10^n that is ≥ `value` (a "round" step). */
export function niceStep(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const exponent = Math.floor(Math.log10(value));
  const base = 10 ** exponent;
  const fraction = value / base;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return round(nice * base);
}

/**
 * A 0-based axis that holds `dataMax`, with about `tickCount` round ticks.
 * Bytes are scaled in powers of 1024 first, so ticks read "256 MiB", not
 * "268.4 MB"; percentages stop at 100 unless the data goes beyond.
 */
export function valueScale(dataMax: number, unit: MetricUnit, tickCount = 4): ValueScale {
  const top = Number.isFinite(dataMax) && dataMax > 0 ? dataMax : 0;
  if (top === 0) {
    const empty = unit === 'percent' ? 100 : unit === 'load' ? 1 : KIB;
    return { max: empty, ticks: ticksUpTo(empty, empty / tickCount) };
  }
  const factor = unit === 'bytes' || unit === 'bytesPerSecond' ? binaryFactor(top) : 1;
  const step = niceStep(top / factor / tickCount) * factor;
  let max = Math.ceil(round(top / step)) * step;
  if (unit === 'percent' && max > 100 && top <= 100) max = 100;
  return { max, ticks: ticksUpTo(max, step) };
}

function ticksUpTo(max: number, step: number): number[] {
  const ticks: number[] = [];
  for (let i = 0; i * step <= max * (1 + 1e-9); i++) ticks.push(round(i * step));
  if (ticks[ticks.length - 1] < max) ticks.push(max);
  return ticks;
}

/** 1024^k such that `value` / 1024^k is in [1, 1024). */
function binaryFactor(value: number): number {
  let factor = 1;
  while (value / factor >= KIB && factor < KIB ** (BYTE_UNITS.length - 1)) factor *= KIB;
  return factor;
}

/** Rounds away binary floating-point noise (0.1 + 0.2), whatever the magnitude. */
function round(value: number): number {
  return Number(value.toPrecision(12));
}

/** At most three significant digits, never more than two decimals: 0.123 → "0.12", 12.34 → "12.3", 123.4 → "123". */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  const decimals = abs === 0 || abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return String(Number(value.toFixed(decimals)));
}

/** A value with its unit, in words a person reads: "12.5 %", "1.5 GiB", "340 KiB/s", "0.42". */
export function formatValue(value: number, unit: MetricUnit): string {
  if (!Number.isFinite(value)) return '—';
  switch (unit) {
    case 'percent':
      return `${formatNumber(value)} %`;
    case 'bytes':
      return formatBytes(value);
    case 'bytesPerSecond':
      return `${formatBytes(value)}/s`;
    default:
      return formatNumber(value);
  }
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= KIB && unit < BYTE_UNITS.length - 1) {
    value /= KIB;
    unit++;
  }
  return `${bytes < 0 ? '-' : ''}${formatNumber(value)} ${BYTE_UNITS[unit]}`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_STEPS = [
  MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Ticks for the time axis in the viewer's local time: the smallest round
 * interval giving at most `maxTicks`, aligned to it (hours on the hour, days
 * at midnight); beyond two weeks per tick, the first of each month.
 */
export function timeTicks(from: number, to: number, maxTicks = 6): { ticks: number[]; step: number } {
  if (!(to > from)) return { ticks: [], step: HOUR };
  const span = to - from;
  const step = TIME_STEPS.find((s) => span / s <= maxTicks);
  if (step === undefined) return { ticks: monthTicks(from, to, maxTicks), step: 30 * DAY };
  const ticks: number[] = [];
  for (let t = alignUp(from, step); t <= to; t = next(t, step)) ticks.push(t);
  return { ticks, step };
}

function alignUp(t: number, step: number): number {
  const d = new Date(t);
  if (step < DAY) {
    // Local clock alignment: minutes/hours counted from local midnight.
    const midnight = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
    return midnight + Math.ceil((t - midnight) / step) * step;
  }
  const midnight = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  if (midnight.getTime() < t) midnight.setDate(midnight.getDate() + 1);
  return midnight.getTime();
}

/** The next tick; whole days are stepped on the calendar so a DST change keeps midnight. */
function next(t: number, step: number): number {
  if (step < DAY) return t + step;
  const d = new Date(t);
  d.setDate(d.getDate() + Math.round(step / DAY));
  return d.getTime();
}

function monthTicks(from: number, to: number, maxTicks: number): number[] {
  const start = new Date(from);
  const first = new Date(start.getFullYear(), start.getMonth() + (start.getDate() === 1 && start.getHours() === 0 ? 0 : 1), 1);
  const months: number[] = [];
  for (const d = first; d.getTime() <= to; d.setMonth(d.getMonth() + 1)) months.push(d.getTime());
  const every = Math.max(1, Math.ceil(months.length / maxTicks));
  return months.filter((_, i) => i % every === 0);
}

/** A tick label: "14:30" within a day's steps, "Mar 5" for days, "Mar" for months. */
export function formatTick(t: number, step: number): string {
  const d = new Date(t);
  if (step < DAY) return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (step >= 30 * DAY) return MONTHS[d.getMonth()];
  return `${MONTHS[d.getMonth()]} ${d.getDate()}`;
}

/** The tooltip's time: "Mar 5, 14:30". */
export function formatTime(t: number): string {
  const d = new Date(t);
  return `${MONTHS[d.getMonth()]} ${d.getDate()}, ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Splits points (oldest first) into runs without gaps: the API leaves out
 * steps without data (a VM that was off), and a line must not bridge them.
 */
export function segments(points: readonly ChartPoint[], stepMs: number): ChartPoint[][] {
  const runs: ChartPoint[][] = [];
  let run: ChartPoint[] = [];
  for (const p of points) {
    if (run.length && p.t - run[run.length - 1].t > stepMs * 1.5) {
      runs.push(run);
      run = [];
    }
    run.push(p);
  }
  if (run.length) runs.push(run);
  return runs;
}

/** Columns for uPlot: the shared times, and per series its averages and (for a band) its maxima. */
export interface AlignedData {
  times: number[];
  /** Per series: `avg` and, when it draws a band, `max`; `null` where it has no point. */
  columns: { avg: (number | null)[]; max: (number | null)[] | null }[];
}

/**
 * Aligns the series on one time axis, as uPlot draws them. Where a series
 * skips steps (a VM that was off) a `null` is put one step after its last
 * point, so the line and band break there instead of bridging the gap.
 */
export function alignedData(series: readonly { points: readonly ChartPoint[]; band?: boolean }[], stepMs: number): AlignedData {
  const stamps = new Set<number>();
  for (const s of series) {
    for (const run of segments(s.points, stepMs)) {
      for (const p of run) stamps.add(p.t);
      stamps.add(run[run.length - 1].t + stepMs); // a gap marker, unless the next run starts there
    }
  }
  const times = [...stamps].sort((a, b) => a - b);
  const columns = series.map((s) => {
    const byTime = new Map(s.points.map((p) => [p.t, p]));
    return {
      avg: times.map((t) => byTime.get(t)?.avg ?? null),
      max: s.band === false ? null : times.map((t) => byTime.get(t)?.max ?? null),
    };
  });
  return { times, columns };
}

/** Index of the point whose time is nearest `t` (points oldest first), or -1 when there are none. */
export function nearestIndex(points: readonly { t: number }[], t: number): number {
  if (points.length === 0) return -1;
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid].t < t) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(points[lo - 1].t - t) <= Math.abs(points[lo].t - t)) return lo - 1;
  return lo;
}
