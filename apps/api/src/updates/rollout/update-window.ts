import type { UpdateWindow } from '../../networks/network.entity';

const DAY_MINUTES = 24 * 60;

function minutes(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`"${hhmm}" is not a time of day as HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * Whether a scheduled rollout may start at `now` (host time): on one of the
 * window's days, between its start and its end. An end before the start runs
 * past midnight (the day is the day it starts: Saturday 23:00–02:00 is open
 * on Sunday at 01:00); an end equal to the start is the whole day from the
 * start. No window: any time.
 */
export function windowOpen(window: UpdateWindow | null, now: Date): boolean {
  if (!window) return true;
  const start = minutes(window.start);
  const end = minutes(window.end);
  const length = end > start ? end - start : end + DAY_MINUTES - start;
  const t = now.getHours() * 60 + now.getMinutes();
  const today = now.getDay();
  const yesterday = (today + 6) % 7;
  // Minutes since the window opened today (≥ 0) or, for a window past midnight, yesterday.
  if (window.days.includes(today) && t >= start && t - start < length) return true;
  return window.days.includes(yesterday) && t + DAY_MINUTES - start < length;
}
