import type { Asciicast, AsciicastEvent } from '@clan/contracts';
import {
  PlaybackClock,
  buildTimeline,
  equivalentTime,
  formatClock,
  framesDue,
  parseSize,
  screenOps,
  sizeAt,
  type Timeline,
} from './player-timeline';

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

describe('parseSize', () => {
  it('reads COLSxROWS and refuses anything else', () => {
    expect(parseSize('120x40')).toEqual({ cols: 120, rows: 40 });
    expect(parseSize(' 80x24 ')).toEqual({ cols: 80, rows: 24 });
    expect(parseSize('0x24')).toBeNull();
    expect(parseSize('80×24')).toBeNull();
    expect(parseSize('wide')).toBeNull();
  });
});

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

describe('screenOps', () => {
  const t = buildTimeline(SESSION, null);

  it('joins consecutive output into one write and skips markers', () => {
    expect(screenOps(t.frames, 0, 5)).toEqual([{ op: 'write', data: 'login: root\r\n# ls\r\n' }]);
  });

  it('puts resizes between the writes they separate', () => {
    expect(screenOps(t.frames, 3, 8)).toEqual([
      { op: 'write', data: '# ls\r\n' },
      { op: 'resize', cols: 120, rows: 40 },
      { op: 'write', data: 'bin etc\r\n' },
    ]);
  });

  it('ignores a malformed resize and clamps the range', () => {
    const bad = buildTimeline(
      cast([
        [0, 'o', 'a'],
        [1, 'r', 'huge'],
        [2, 'o', 'b'],
      ]),
    );
    expect(screenOps(bad.frames, -5, 99)).toEqual([{ op: 'write', data: 'ab' }]);
    expect(screenOps(bad.frames, 2, 2)).toEqual([]);
  });
});

describe('sizeAt', () => {
  it('is the header size until a resize, then the last resize', () => {
    const t = buildTimeline(SESSION, null);
    expect(sizeAt(t, 0)).toEqual({ cols: 80, rows: 24 });
    expect(sizeAt(t, 5)).toEqual({ cols: 80, rows: 24 });
    expect(sizeAt(t, 6)).toEqual({ cols: 120, rows: 40 });
    expect(sizeAt(t, 8)).toEqual({ cols: 120, rows: 40 });
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

describe('PlaybackClock', () => {
  it('advances with the wall clock while playing, and holds when paused', () => {
    const c = new PlaybackClock(10);
    expect(c.position(0)).toBe(0);
    c.play(1000);
    expect(c.playing).toBe(true);
    expect(c.position(3000)).toBe(2);
    c.pause(3000);
    expect(c.playing).toBe(false);
    expect(c.position(9000)).toBe(2);
  });

  it('plays faster or slower at another speed, from where it was', () => {
    const c = new PlaybackClock(100);
    c.play(0);
    c.setSpeed(4, 1000); // 1 s at 1×
    expect(c.position(2000)).toBe(5); // + 1 s at 4×
    c.setSpeed(0.5, 2000);
    expect(c.position(4000)).toBe(6);
    expect(c.speed).toBe(0.5);
    c.setSpeed(0, 4000);
    expect(c.speed).toBe(1);
  });

  it('never passes the end, and plays again from the start after it', () => {
    const c = new PlaybackClock(3);
    c.play(0);
    expect(c.position(10_000)).toBe(3);
    expect(c.ended(10_000)).toBe(true);
    c.pause(10_000);
    c.play(11_000);
    expect(c.position(11_000)).toBe(0);
  });

  it('seeks within bounds, paused or playing', () => {
    const c = new PlaybackClock(10);
    c.seek(4, 0);
    expect(c.position(5000)).toBe(4);
    c.seek(-2, 0);
    expect(c.position(0)).toBe(0);
    c.seek(99, 0);
    expect(c.position(0)).toBe(10);
    c.seek(2, 0);
    c.play(1000);
    c.seek(5, 2000);
    expect(c.position(3000)).toBe(6);
  });

  it('tells how long until a moment of the timeline, at its speed', () => {
    const c = new PlaybackClock(10);
    c.play(0);
    c.setSpeed(2, 0);
    expect(c.msUntil(3, 0)).toBe(1500);
    expect(c.msUntil(3, 1000)).toBe(500);
    expect(c.msUntil(1, 1000)).toBe(0);
  });

  it('takes a new length (another idle limit) and keeps the position given', () => {
    const c = new PlaybackClock(20);
    c.seek(15, 0);
    c.retime(7, 5, 0);
    expect(c.duration).toBe(7);
    expect(c.position(0)).toBe(5);
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
