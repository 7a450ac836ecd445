import {
  alignedData,
  formatBytes,
  formatNumber,
  formatTick,
  formatTime,
  formatValue,
  nearestIndex,
  niceStep,
  segments,
  timeTicks,
  valueScale,
  type ChartPoint,
} from './chart-math';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('value scale', () => {
  it('rounds steps up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0.7, 1, 1.3, 2.2, 3, 7, 18.25, 240, 0.031].map(niceStep)).toEqual([1, 1, 2, 2.5, 5, 10, 20, 250, 0.05]);
    expect(niceStep(0)).toBe(1);
    expect(niceStep(Number.NaN)).toBe(1);
  });

  it('puts round percentage ticks from 0 above the data', () => {
    expect(valueScale(73, 'percent')).toEqual({ max: 80, ticks: [0, 20, 40, 60, 80] });
    expect(valueScale(3.2, 'percent')).toEqual({ max: 4, ticks: [0, 1, 2, 3, 4] });
  });

  it('never runs a percentage axis past 100 for data within it', () => {
    expect(valueScale(99, 'percent').max).toBe(100);
    expect(valueScale(100, 'percent').ticks).toEqual([0, 25, 50, 75, 100]);
  });

  it('scales bytes in powers of 1024, so ticks are round in MiB or GiB', () => {
    expect(valueScale(1.5 * GIB, 'bytes')).toEqual({ max: 1.5 * GIB, ticks: [0, 0.5 * GIB, GIB, 1.5 * GIB] });
    const mem = valueScale(300 * MIB, 'bytes');
    expect(mem.ticks.map((t) => formatBytes(t))).toEqual(['0 B', '100 MiB', '200 MiB', '300 MiB']);
    const io = valueScale(3.4 * MIB, 'bytesPerSecond');
    expect(io.ticks.map((t) => formatValue(t, 'bytesPerSecond'))).toEqual(['0 B/s', '1 MiB/s', '2 MiB/s', '3 MiB/s', '4 MiB/s']);
  });

  it('gives an empty or all-zero chart a sensible axis instead of dividing by zero', () => {
    expect(valueScale(0, 'percent')).toEqual({ max: 100, ticks: [0, 25, 50, 75, 100] });
    expect(valueScale(0, 'bytesPerSecond').max).toBe(1024);
    expect(valueScale(Number.NEGATIVE_INFINITY, 'load').max).toBe(1);
  });
});

describe('units', () => {
  it('keeps about three significant digits', () => {
    expect([0, 0.1234, 1.001, 12.34, 123.4, 99.96].map(formatNumber)).toEqual(['0', '0.12', '1', '12.3', '123', '100']);
  });

  it('writes each unit the way a person reads it', () => {
    expect(formatValue(12.5, 'percent')).toBe('12.5 %');
    expect(formatValue(1536 * MIB, 'bytes')).toBe('1.5 GiB');
    expect(formatValue(340 * 1024, 'bytesPerSecond')).toBe('340 KiB/s');
    expect(formatValue(512, 'bytes')).toBe('512 B');
    expect(formatValue(0.42, 'load')).toBe('0.42');
    expect(formatValue(Number.NaN, 'percent')).toBe('—');
  });
});

describe('time axis', () => {
  it('ticks an hour every 10 minutes, on the clock', () => {
    const from = new Date(2026, 2, 5, 13, 47, 12).getTime();
    const { ticks, step } = timeTicks(from, from + HOUR, 6);
    expect(step).toBe(10 * MINUTE);
    expect(ticks.map((t) => formatTick(t, step))).toEqual(['13:50', '14:00', '14:10', '14:20', '14:30', '14:40']);
  });

  it('ticks a day every few hours from local midnight', () => {
    const from = new Date(2026, 2, 5, 14, 20).getTime();
    const { ticks, step } = timeTicks(from, from + DAY, 6);
    expect(step).toBe(6 * HOUR);
    expect(ticks.map((t) => formatTick(t, step))).toEqual(['18:00', '00:00', '06:00', '12:00']);
  });

  it('ticks a week by days at midnight, labelled with the date', () => {
    const from = new Date(2026, 2, 5, 14, 20).getTime();
    const { ticks, step } = timeTicks(from, from + 7 * DAY, 8);
    expect(step).toBe(DAY);
    expect(ticks.map((t) => formatTick(t, step))).toEqual(['Mar 6', 'Mar 7', 'Mar 8', 'Mar 9', 'Mar 10', 'Mar 11', 'Mar 12']);
    for (const t of ticks) expect(new Date(t).getHours()).toBe(0);
  });

  it('ticks a year on the first of the months', () => {
    const from = new Date(2025, 2, 5, 14, 20).getTime();
    const { ticks, step } = timeTicks(from, from + 365 * DAY, 6);
    expect(ticks.map((t) => formatTick(t, step))).toEqual(['Apr', 'Jun', 'Aug', 'Oct', 'Dec', 'Feb']);
    for (const t of ticks) expect(new Date(t).getDate()).toBe(1);
  });

  it('has no ticks for an empty window, and formats the tooltip time', () => {
    expect(timeTicks(1000, 1000).ticks).toEqual([]);
    expect(formatTime(new Date(2026, 0, 9, 7, 5).getTime())).toBe('Jan 9, 07:05');
  });
});

describe('series for uPlot', () => {
  const p = (seconds: number, avg: number, max = avg): ChartPoint => ({ t: seconds * 1000, avg, max });

  it('breaks the line where steps are missing (a VM that was off)', () => {
    const points = [p(0, 1), p(10, 2), p(20, 3), p(60, 4), p(70, 5)];
    expect(segments(points, 10_000).map((run) => run.length)).toEqual([3, 2]);
    const { times, columns } = alignedData([{ points }], 10_000);
    expect(times).toEqual([0, 10, 20, 30, 60, 70, 80].map((s) => s * 1000));
    expect(columns[0].avg).toEqual([1, 2, 3, null, 4, 5, null]);
  });

  it('aligns several series on one time axis, with the maxima for a band only where asked', () => {
    const { times, columns } = alignedData([{ points: [p(0, 1, 3), p(10, 2, 4)] }, { points: [p(10, 7)], band: false }], 10_000);
    expect(times).toEqual([0, 10_000, 20_000]);
    expect(columns[0]).toEqual({ avg: [1, 2, null], max: [3, 4, null] });
    expect(columns[1]).toEqual({ avg: [null, 7, null], max: null });
  });

  it('finds the point nearest the cursor', () => {
    const points = [{ t: 0 }, { t: 10 }, { t: 20 }, { t: 30 }];
    expect(nearestIndex(points, -5)).toBe(0);
    expect(nearestIndex(points, 14)).toBe(1);
    expect(nearestIndex(points, 16)).toBe(2);
    expect(nearestIndex(points, 99)).toBe(3);
    expect(nearestIndex([], 5)).toBe(-1);
  });
});
