import type { Asciicast } from '@clan/contracts';

/**
 * The asciicast player's timeline, pure: events become frames on a playback
 * clock (pauses capped like `asciinema play -i`), and any moment of it can be
 * turned into the terminal operations that draw it.
 */

export interface Size {
  cols: number;
  rows: number;
}

export interface Frame {
  /** Seconds on the playback clock (pauses capped). */
  time: number;
  /** Seconds as recorded. */
  recorded: number;
  code: 'o' | 'r' | 'm';
  data: string;
}

export interface Marker {
  time: number;
  label: string;
}

export interface Timeline {
  frames: Frame[];
  /** Seconds on the playback clock until the last event. */
  duration: number;
  size: Size;
  markers: Marker[];
}

/** What the terminal does to show part of the timeline, in order. */
export type ScreenOp = { op: 'write'; data: string } | { op: 'resize'; cols: number; rows: number };

export const SPEEDS: readonly number[] = [0.5, 1, 2, 4, 8];

/** The pause cap choices; null plays pauses as recorded. */
export const IDLE_LIMITS: readonly (number | null)[] = [1, 2, 5, null];
export const DEFAULT_IDLE_LIMIT = 2;

/** "120x40" → { cols: 120, rows: 40 }; anything else → null. */
export function parseSize(text: string): Size | null {
  const m = /^(\d{1,4})x(\d{1,4})$/.exec(text.trim());
  if (!m) return null;
  const cols = Number(m[1]);
  const rows = Number(m[2]);
  return cols > 0 && rows > 0 ? { cols, rows } : null;
}

/**
 * Frames from a cast: output, resizes and markers (input is never shown; the
 * panel does not record it anyway). A pause between two events longer than
 * `idleLimit` seconds is shortened to it; times that go backwards are held.
 */
export function buildTimeline(cast: Asciicast, idleLimit: number | null = DEFAULT_IDLE_LIMIT): Timeline {
  const frames: Frame[] = [];
  const markers: Marker[] = [];
  let clock = 0;
  let previous = 0;
  for (const [at, code, data] of cast.events) {
    if (code === 'i') continue;
    const recorded = Number.isFinite(at) ? Math.max(at, previous) : previous;
    let gap = recorded - previous;
    if (idleLimit !== null && idleLimit >= 0) gap = Math.min(gap, idleLimit);
    clock += gap;
    previous = recorded;
    frames.push({ time: clock, recorded, code, data });
    if (code === 'm') markers.push({ time: clock, label: data });
  }
  return {
    frames,
    duration: clock,
    size: { cols: Math.max(1, cast.header.width), rows: Math.max(1, cast.header.height) },
    markers,
  };
}

/** How many frames are due at `time`: the index of the first frame after it. */
export function framesDue(frames: readonly Frame[], time: number): number {
  let lo = 0;
  let hi = frames.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (frames[mid].time <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The operations that take a screen from frame `from` to frame `to` (exclusive):
 * consecutive output joined into one write, resizes in between, markers skipped.
 */
export function screenOps(frames: readonly Frame[], from: number, to: number): ScreenOp[] {
  const ops: ScreenOp[] = [];
  let text = '';
  for (let i = Math.max(0, from); i < Math.min(to, frames.length); i++) {
    const frame = frames[i];
    if (frame.code === 'o') {
      text += frame.data;
    } else if (frame.code === 'r') {
      const size = parseSize(frame.data);
      if (!size) continue;
      if (text) ops.push({ op: 'write', data: text });
      text = '';
      ops.push({ op: 'resize', ...size });
    }
  }
  if (text) ops.push({ op: 'write', data: text });
  return ops;
}

/** The terminal size in force just before frame `index`: the header's, or the last resize. */
export function sizeAt(timeline: Timeline, index: number): Size {
  for (let i = Math.min(index, timeline.frames.length) - 1; i >= 0; i--) {
    const frame = timeline.frames[i];
    if (frame.code === 'r') {
      const size = parseSize(frame.data);
      if (size) return size;
    }
  }
  return timeline.size;
}

/**
 * The same moment on a timeline built with another idle limit: the position
 * after the same number of frames, plus what was played of the (re-capped) gap.
 */
export function equivalentTime(from: Timeline, to: Timeline, time: number): number {
  const due = framesDue(from.frames, time);
  if (due === 0) return Math.min(time, to.frames[0]?.time ?? 0);
  const base = to.frames[due - 1].time;
  const into = time - from.frames[due - 1].time;
  const next = to.frames[due]?.time ?? base;
  return Math.min(base + into, next);
}

/**
 * Where playback is: a position on the timeline and, while playing, the wall
 * clock moment it started from. Pure: every method takes `now` (ms).
 */
export class PlaybackClock {
  private base = 0;
  private startedAt: number | null = null;
  private rate = 1;

  constructor(private length: number) {}

  get playing(): boolean {
    return this.startedAt !== null;
  }

  get speed(): number {
    return this.rate;
  }

  get duration(): number {
    return this.length;
  }

  /** The position at `now`, never past the end. */
  position(now: number): number {
    if (this.startedAt === null) return this.base;
    return Math.min(this.length, this.base + ((now - this.startedAt) / 1000) * this.rate);
  }

  ended(now: number): boolean {
    return this.position(now) >= this.length;
  }

  play(now: number): void {
    if (this.startedAt !== null) return;
    if (this.base >= this.length) this.base = 0; // play again from the start
    this.startedAt = now;
  }

  pause(now: number): void {
    this.base = this.position(now);
    this.startedAt = null;
  }

  seek(time: number, now: number): void {
    this.base = Math.max(0, Math.min(this.length, time));
    if (this.startedAt !== null) this.startedAt = now;
  }

  setSpeed(speed: number, now: number): void {
    this.base = this.position(now);
    if (this.startedAt !== null) this.startedAt = now;
    this.rate = speed > 0 ? speed : 1;
  }

  /** A new timeline length (another idle limit), keeping the position given. */
  retime(length: number, position: number, now: number): void {
    this.length = Math.max(0, length);
    this.seek(position, now);
  }

  /** Milliseconds of wall time until the timeline reaches `time` (0 when it has). */
  msUntil(time: number, now: number): number {
    return Math.max(0, ((time - this.position(now)) / this.rate) * 1000);
  }
}

/** 12 → "0:12", 63.4 → "1:03", 3725 → "1:02:05". */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
