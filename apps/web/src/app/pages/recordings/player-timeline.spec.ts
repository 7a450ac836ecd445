import type { Asciicast, AsciicastEvent } from '@clan/contracts';
import { buildTimeline, equivalentTime, formatClock, framesDue, type Timeline } from './player-timeline';

function cast(events: AsciicastEvent[], width = 80, height = 24): Asciicast {
  return { header: { version: 2, width, height }, events };
}

const SESSION = cast([
  [0.1, 'o', 'login: '],
  [0.5, 'o', 'root\r\n'],
  [3.0, 'm', 'anna joined'],
  [3.2, 'o', '# '],
  [13.2, 'o', 'ls\r\n'], // a 10 s pause before it
  [13.3, 'r', '120x40'],
  [13.4, 'o', 'bin etc\r\n'],
  [20.0, 'm', 'anna left'],
]);

describe('buildTimeline', () => {
  it('plays events at their recorded times without an idle limit', () => {
    const t = buildTimeline(SESSION, null);
    expect(t.frames.map((f) => f.time)).toEqual([0.1, 0.5, 3.0, 3.2, 13.2, 13.3, 13.4, 20.0]);
    expect(t.duration).toBe(20);
    expect(t.size).toEqual({ cols: 80, rows: 24 });
  });

  it('caps every pause at the idle limit, like asciinema -i', () => {
    const t = buildTimeline(SESSION, 2);
    const times = t.frames.map((f) => Number(f.time.toFixed(3)));
    // 0.1, +0.4, +2 (2.5 capped), +0.2, +2 (10 capped), +0.1, +0.1, +2 (6.6 capped)
    expect(times).toEqual([0.1, 0.5, 2.5, 2.7, 4.7, 4.8, 4.9, 6.9]);
    expect(Number(t.duration.toFixed(3))).toBe(6.9);
    expect(t.frames.map((f) => f.recorded)).toEqual([0.1, 0.5, 3.0, 3.2, 13.2, 13.3, 13.4, 20.0]);
  });

  it('lists the markers at their playback times', () => {
    const t = buildTimeline(SESSION, 2);
    expect(t.markers.map((m) => m.label)).toEqual(['anna joined', 'anna left']);
    expect(t.markers[0].time).toBeCloseTo(2.5);
    expect(t.markers[1].time).toBeCloseTo(6.9);
  });

  it('skips input events and holds times that go backwards', () => {
    const t = buildTimeline(
      cast([
        [1, 'o', 'a'],
        [1.5, 'i', 'secret'],
        [0.5, 'o', 'b'],
        [2, 'o', 'c'],
      ]),
      null,
    );
    expect(t.frames.map((f) => [f.time, f.data])).toEqual([
      [1, 'a'],
      [1, 'b'],
      [2, 'c'],
    ]);
  });

  it('has no frames and no length for an empty cast', () => {
    const t = buildTimeline(cast([], 100, 30));
    expect(t.frames).toEqual([]);
    expect(t.duration).toBe(0);
    expect(t.size).toEqual({ cols: 100, rows: 30 });
  });
});

describe('framesDue', () => {
  const t = buildTimeline(SESSION, null);

  it('counts the frames at or before a time', () => {
    expect(framesDue(t.frames, 0)).toBe(0);
    expect(framesDue(t.frames, 0.1)).toBe(1);
    expect(framesDue(t.frames, 0.4)).toBe(1);
    expect(framesDue(t.frames, 3.2)).toBe(4);
    expect(framesDue(t.frames, 13.35)).toBe(6);
    expect(framesDue(t.frames, 999)).toBe(8);
  });

  it('includes every frame that shares a time', () => {
    const same = buildTimeline(
      cast([
        [1, 'o', 'a'],
        [1, 'o', 'b'],
        [1, 'o', 'c'],
        [2, 'o', 'd'],
      ]),
      null,
    );
    expect(framesDue(same.frames, 1)).toBe(3);
  });
});

describe('equivalentTime', () => {
  const capped = buildTimeline(SESSION, 2);
  const full = buildTimeline(SESSION, null);

  it('maps a moment to the same place in the recording under another idle limit', () => {
    // Just after "ls" (frame 5 at 4.7 capped, 13.2 recorded), 0.05 s in.
    expect(equivalentTime(capped, full, 4.75)).toBeCloseTo(13.25);
    expect(equivalentTime(full, capped, 13.25)).toBeCloseTo(4.75);
  });

  it('does not run past the next frame when the new gap is shorter', () => {
    // 8 s into the 10 s pause before "ls": capped, that pause is 2 s long.
    const t = equivalentTime(full, capped, 3.2 + 8);
    expect(t).toBeCloseTo(4.7);
    expect(framesDue(capped.frames, t)).toBe(5); // "ls" is drawn, nothing after it
  });

  it('keeps 0 at 0 and the end at the end', () => {
    expect(equivalentTime(full, capped, 0)).toBe(0);
    expect(equivalentTime(full, capped, full.duration)).toBeCloseTo(capped.duration);
  });

  it('handles an empty timeline', () => {
    const empty: Timeline = buildTimeline(cast([]));
    expect(equivalentTime(empty, empty, 5)).toBe(0);
  });
});

describe('formatClock', () => {
  it('shows minutes and seconds, with hours when there are any', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(12)).toBe('0:12');
    expect(formatClock(63.9)).toBe('1:03');
    expect(formatClock(3725)).toBe('1:02:05');
    expect(formatClock(-4)).toBe('0:00');
    expect(formatClock(Number.NaN)).toBe('0:00');
  });
});
