import { bucketStart, bucketStartAtOrAfter, planRange, pruneCutoffs, rollupStarts } from './retention';

const at = (iso: string) => Date.parse(iso);

describe('bucketing', () => {
  it('aligns buckets to the epoch in UTC (like date_bin(…, TIMESTAMPTZ epoch))', () => {
    expect(new Date(bucketStart(at('2026-11-23T10:07:42.123Z'), 300)).toISOString()).toBe('2026-11-23T10:05:00.000Z');
    expect(new Date(bucketStart(at('2026-11-23T10:07:42.123Z'), 3600)).toISOString()).toBe('2026-11-23T10:00:00.000Z');
    expect(new Date(bucketStart(at('2026-11-23T10:05:00.000Z'), 300)).toISOString()).toBe('2026-11-23T10:05:00.000Z');
    expect(new Date(bucketStart(at('2026-11-23T10:07:42Z'), 86_400)).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(new Date(bucketStartAtOrAfter(at('2026-11-23T10:07:42Z'), 300)).toISOString()).toBe('2026-11-23T10:10:00.000Z');
    expect(new Date(bucketStartAtOrAfter(at('2026-11-23T10:10:00Z'), 300)).toISOString()).toBe('2026-11-23T10:10:00.000Z');
  });

  it('starts a rollup pass at the bucket holding `since`', () => {
    const now = at('2026-11-23T10:07:42Z');
    const s = rollupStarts(now - 10 * 60_000, now);
    expect(s.fiveMinutes.toISOString()).toBe('2026-11-23T09:55:00.000Z');
    expect(s.hourly.toISOString()).toBe('2026-11-23T09:00:00.000Z');
  });

  it('never starts a rollup in a bucket whose source rows may be pruned already', () => {
    const now = at('2026-11-23T10:07:42Z');
    const s = rollupStarts(0, now);
    // raw is kept one day: the oldest whole 5-minute bucket starts at or after now − 1 day
    expect(s.fiveMinutes.toISOString()).toBe('2026-11-22T10:10:00.000Z');
    // 5-minute buckets are kept 7 days: the oldest whole hour starts at or after now − 7 days
    expect(s.hourly.toISOString()).toBe('2026-11-16T11:00:00.000Z');
  });

  it('prunes raw after a day, 5-minute buckets after a week, hourly after a year', () => {
    const now = at('2026-11-23T10:00:00Z');
    const c = pruneCutoffs(now);
    expect(c.raw.toISOString()).toBe('2026-11-22T10:00:00.000Z');
    expect(c.fiveMinutes.toISOString()).toBe('2026-11-16T10:00:00.000Z');
    expect(c.hourly.toISOString()).toBe('2025-11-23T10:00:00.000Z');
  });
});

describe('planRange', () => {
  const now = at('2026-11-23T10:07:42.500Z');

  it.each([
    ['hour', 'raw', 10, '2026-11-23T09:07:40.000Z'],
    ['day', 300, 300, '2026-11-22T10:05:00.000Z'],
    ['week', 300, 1800, '2026-11-16T10:00:00.000Z'],
    ['month', 3600, 3600, '2026-10-24T10:00:00.000Z'],
    ['year', 3600, 86_400, '2025-11-23T00:00:00.000Z'],
  ] as const)('%s reads %s at %i s steps from %s', (range, source, step, from) => {
    const plan = planRange(range, now, 10);
    expect(plan).toEqual({ range, source, stepSeconds: step, from: new Date(from), to: new Date(now) });
    // At most ~720 points per series.
    expect((now - plan.from.getTime()) / 1000 / plan.stepSeconds).toBeLessThanOrEqual(721);
  });

  it('uses the collector interval as the hour step when it is longer than 10 s', () => {
    expect(planRange('hour', now, 60).stepSeconds).toBe(60);
    expect(planRange('hour', now, 2).stepSeconds).toBe(10);
  });
});
