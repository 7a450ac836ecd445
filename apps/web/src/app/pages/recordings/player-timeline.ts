import type { Asciicast } from '@clan/contracts';

/**
 * The replay's timeline, pure: events become frames on a playback clock with
 * pauses capped like the asciinema player's `idleTimeLimit` (which draws
 * them), so the panel knows the length, the markers' times, and the same
 * moment under another cap.
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

export const SPEEDS: readonly number[] = [0.5, 1, 2, 4, 8];

/** The pause cap choices; null plays pauses as recorded. */
export const IDLE_LIMITS: readonly (number | null)[] = [1, 2, 5, null];
export const DEFAULT_IDLE_LIMIT = 2;

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

/** 12 → "0:12", 63.4 → "1:03", 3725 → "1:02:05". */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
