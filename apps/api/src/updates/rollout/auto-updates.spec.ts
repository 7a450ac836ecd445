import { shouldPreview, sweepChoice } from './auto-updates';

// 2026-12-06 is a Sunday; host time.
const sunday3am = new Date(2026, 11, 6, 3, 0);
const base = {
  window: { days: [0], start: '02:00', end: '05:00' },
  rolloutActive: false,
  readyPreview: { id: 'p1', toRev: 'b'.repeat(40) },
  triedRevs: new Set<string>(),
};

describe('automatic updates', () => {
  it('the sweep rolls a ready preview out while the window is open', () => {
    expect(sweepChoice(base, sunday3am)).toBe('p1');
    expect(sweepChoice({ ...base, window: null }, sunday3am)).toBe('p1');
  });

  it('nothing outside the window, while a rollout is under way, without a ready preview, or for a revision tried once', () => {
    expect(sweepChoice(base, new Date(2026, 11, 6, 6, 0))).toBeNull();
    expect(sweepChoice(base, new Date(2026, 11, 7, 3, 0))).toBeNull();
    expect(sweepChoice({ ...base, rolloutActive: true }, sunday3am)).toBeNull();
    expect(sweepChoice({ ...base, readyPreview: null }, sunday3am)).toBeNull();
    expect(sweepChoice({ ...base, triedRevs: new Set(['b'.repeat(40)]) }, sunday3am)).toBeNull();
  });

  it('a found update is previewed once: not again while its preview is under way or ready, nor after a rollout of it', () => {
    const rev = 'c'.repeat(40);
    expect(shouldPreview(rev, new Set(), new Set())).toBe(true);
    expect(shouldPreview(rev, new Set([rev]), new Set())).toBe(false);
    expect(shouldPreview(rev, new Set(), new Set([rev]))).toBe(false);
    expect(shouldPreview(null, new Set(), new Set())).toBe(false);
  });
});
