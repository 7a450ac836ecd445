import { windowOpen } from './update-window';

/** A local (host time) date: 2026-12-06 is a Sunday (day 0). */
const at = (day: number, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(2026, 11, 6 + day, h, m);
};

describe('windowOpen (host time)', () => {
  it('no window: any time', () => {
    expect(windowOpen(null, at(3, '13:37'))).toBe(true);
  });

  it('a window within a day: open from its start, closed at its end, only on its days', () => {
    const w = { days: [0, 6], start: '02:00', end: '05:00' };
    expect(windowOpen(w, at(0, '01:59'))).toBe(false);
    expect(windowOpen(w, at(0, '02:00'))).toBe(true);
    expect(windowOpen(w, at(6, '04:59'))).toBe(true);
    expect(windowOpen(w, at(6, '05:00'))).toBe(false);
    expect(windowOpen(w, at(1, '03:00'))).toBe(false);
  });

  it('an end before the start runs past midnight, counted on the day it starts', () => {
    const w = { days: [6], start: '23:00', end: '02:00' };
    expect(windowOpen(w, at(6, '22:59'))).toBe(false);
    expect(windowOpen(w, at(6, '23:30'))).toBe(true);
    // Sunday 01:00 belongs to Saturday's window…
    expect(windowOpen(w, at(7, '01:00'))).toBe(true);
    expect(windowOpen(w, at(7, '02:00'))).toBe(false);
    // …and Friday's night is not in it.
    expect(windowOpen(w, at(6, '01:00'))).toBe(false);
  });

  it('Sunday 22:00–01:00 is open on Monday just after midnight (the week wraps)', () => {
    const w = { days: [0], start: '22:00', end: '01:00' };
    expect(windowOpen(w, at(1, '00:30'))).toBe(true);
    expect(windowOpen(w, at(-6, '00:30'))).toBe(true);
    expect(windowOpen(w, at(-1, '23:00'))).toBe(false);
  });

  it('an end equal to the start is a whole day from the start', () => {
    const w = { days: [2], start: '06:00', end: '06:00' };
    expect(windowOpen(w, at(2, '06:00'))).toBe(true);
    expect(windowOpen(w, at(3, '05:59'))).toBe(true);
    expect(windowOpen(w, at(3, '06:00'))).toBe(false);
    expect(windowOpen(w, at(2, '05:59'))).toBe(false);
  });

  it('no days: never', () => {
    expect(windowOpen({ days: [], start: '00:00', end: '00:00' }, at(0, '12:00'))).toBe(false);
  });
});
